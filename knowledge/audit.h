#pragma once
// The append-only audit log: who changed what, when, with the state before
// and after as JSON text. The table refuses UPDATE and DELETE (triggers), so
// a row once written stays. Thread safety follows the Database.
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "knowledge/database.h"

namespace knowledge {

struct AuditEntry {
  std::int64_t aid = 0;
  std::string at;       // UTC, ISO 8601
  std::string actor;    // staff user name, or cli
  std::string action;   // login, user.add, draft.save, publish, rollback, ...
  std::string entity;
  std::string key;
  std::string before;   // JSON text or empty
  std::string after;
};

// Appends one row; call inside the transaction of the change it records so
// that the change and its record commit together.
std::expected<void, std::string> AppendAudit(Database& db, const std::string& actor, const std::string& action,
                                             const std::string& entity, const std::string& key,
                                             const std::string& before, const std::string& after);

struct AuditFilter {
  std::string actor;
  std::string entity;
  std::string key;
  int limit = 200;
  std::int64_t before_aid = 0;  // paging: rows older than this id
};

std::vector<AuditEntry> ListAudit(Database& db, const AuditFilter& filter);

}  // namespace knowledge

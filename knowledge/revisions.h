#pragma once
// Draft -> publish for staff edits, with version history and rollback.
// Every change goes through one transaction that also appends its audit row.
// Not thread-safe on its own: the admin API serialises calls with a mutex and
// gives the editor its own connection (transactions on a shared connection
// would mix with other threads' statements).
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "knowledge/database.h"

namespace knowledge {

struct Revision {
  std::int64_t rid = 0;
  std::string entity, key, state, author, created, published_by, published_at, note;
  nlohmann::json data;
};

struct ReviewItem {
  std::string entity, key, name, checked, review_by;
};

class Editor {
 public:
  explicit Editor(Database& db) : db_(db) {}

  // Validates and stores the draft of (entity, key), replacing an open one.
  // key "new" with entity faq allocates the next faq-N.
  std::expected<Revision, std::vector<std::string>> SaveDraft(const std::string& actor, const std::string& entity,
                                                              std::string key, const nlohmann::json& data,
                                                              const std::string& note = "");
  std::expected<void, std::string> DiscardDraft(const std::string& actor, const std::string& entity,
                                                const std::string& key);

  std::vector<Revision> Drafts();
  std::optional<Revision> Draft(const std::string& entity, const std::string& key);
  std::vector<Revision> History(const std::string& entity, const std::string& key);
  std::optional<Revision> Get(std::int64_t rid);

  // Publishes the given drafts (all open drafts when empty) in one
  // transaction. Re-validates each against the live data; any problem
  // publishes nothing. Returns the keys published.
  std::expected<std::vector<Revision>, std::vector<std::string>> Publish(const std::string& actor,
                                                                         const std::vector<std::int64_t>& rids = {});

  // Publishes the data of an earlier revision again as a new revision.
  std::expected<Revision, std::vector<std::string>> Rollback(const std::string& actor, std::int64_t rid);

  // Procedures, articles and FAQs whose review-by date is before today
  // (YYYY-MM-DD), oldest first.
  std::vector<ReviewItem> ReviewDue(const std::string& today);

 private:
  Database& db_;
};

// Applies the latest published revision of every key again. ImportDirectory
// calls it inside its transaction, so staff edits survive a re-import of the
// shipped files. Revisions that no longer validate (their procedure left the
// catalogue) are skipped and counted.
std::expected<int, std::string> ReapplyPublished(Database& db);

// Applies every open draft to the live tables of db (the regression check
// does this on a copy). Drafts that no longer validate are skipped.
std::expected<int, std::string> ApplyDrafts(Database& db);

}  // namespace knowledge

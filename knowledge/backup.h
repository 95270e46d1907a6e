#pragma once
// Online backup of the live database with SQLite's backup API, and the
// integrity check used on the copy. Safe while the service serves: in WAL mode
// the copy reads one consistent snapshot and writers are not blocked.
// Each call uses its own connection to the source; call from any thread.
#include <expected>
#include <string>

#include "knowledge/database.h"

namespace knowledge {

struct BackupStats {
  int pages = 0;
  long long bytes = 0;
};

// Copies the database at source_path to dest_path. The copy is written to
// dest_path + ".partial", checked with PRAGMA integrity_check, and renamed into
// place, so dest_path is either absent or a complete, checked copy.
std::expected<BackupStats, std::string> Backup(const std::string& source_path, const std::string& dest_path);

// PRAGMA integrity_check: ok, or the first problems it reports.
std::expected<void, std::string> CheckIntegrity(Database& db);

}  // namespace knowledge

// Design: the copy runs in one sqlite3_backup_step(-1) so that it reads a
// single snapshot. Stepping a few pages at a time would let a concurrent
// writer restart the copy again and again. In WAL mode the read transaction
// does not block writers; if a writer holds a lock we cannot share (rollback
// journal mode), we retry for a bounded time.
#include "knowledge/backup.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace knowledge {
namespace {

constexpr int kBusyRetries = 200;
constexpr auto kBusyWait = std::chrono::milliseconds(25);

}  // namespace

std::expected<void, std::string> CheckIntegrity(Database& db) {
  auto st = db.Prepare("PRAGMA integrity_check");
  if (!st) return std::unexpected(st.error());
  std::string problems;
  while (true) {
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    const std::string line = st->Text(0);
    if (line == "ok") return {};
    if (!problems.empty()) problems += "; ";
    problems += line;
  }
  return std::unexpected(problems.empty() ? "integrity_check returned nothing" : problems);
}

std::expected<BackupStats, std::string> Backup(const std::string& source_path, const std::string& dest_path) {
  namespace fs = std::filesystem;
  OpenOptions ro;
  ro.create = false;
  auto source = Database::Open(source_path, ro);
  if (!source) return std::unexpected(source.error());
  const std::string partial = dest_path + ".partial";
  std::error_code ec;
  fs::remove(partial, ec);
  BackupStats stats;
  {
    auto dest = Database::Open(partial);
    if (!dest) return std::unexpected(dest.error());
    sqlite3_backup* b = sqlite3_backup_init(dest->handle(), "main", source->handle(), "main");
    if (!b) return std::unexpected("backup: " + std::string(sqlite3_errmsg(dest->handle())));
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt <= kBusyRetries; ++attempt) {
      rc = sqlite3_backup_step(b, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
      std::this_thread::sleep_for(kBusyWait);
    }
    stats.pages = sqlite3_backup_pagecount(b);
    const int finish = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
      fs::remove(partial, ec);
      return std::unexpected("backup: " + std::string(sqlite3_errstr(rc)));
    }
    if (finish != SQLITE_OK) {
      fs::remove(partial, ec);
      return std::unexpected("backup: " + std::string(sqlite3_errmsg(dest->handle())));
    }
    if (auto ok = CheckIntegrity(*dest); !ok) {
      fs::remove(partial, ec);
      return std::unexpected("backup copy failed the integrity check: " + ok.error());
    }
  }
  stats.bytes = static_cast<long long>(fs::file_size(partial, ec));
  fs::rename(partial, dest_path, ec);
  if (ec) return std::unexpected("backup: cannot move the copy to " + dest_path + ": " + ec.message());
  return stats;
}

}  // namespace knowledge

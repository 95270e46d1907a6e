#include "knowledge/database.h"

#include <sqlite3.h>

#include <chrono>
#include <utility>

#include "knowledge/tokenizer.h"
#include "knowledge/write_gate.h"

namespace knowledge {

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_), stmt_(o.stmt_), gate_(o.gate_), urgent_(o.urgent_), timeout_ms_(o.timeout_ms_) {
  o.db_ = nullptr;
  o.stmt_ = nullptr;
  o.gate_ = nullptr;
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = std::exchange(o.db_, nullptr);
    stmt_ = std::exchange(o.stmt_, nullptr);
    gate_ = std::exchange(o.gate_, nullptr);
    urgent_ = o.urgent_;
    timeout_ms_ = o.timeout_ms_;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

std::expected<bool, std::string> Statement::Step() {
  // A write in autocommit mode is a whole transaction: it waits at the gate
  // like one. Inside a transaction the gate is already held.
  const bool gated = gate_ && sqlite3_get_autocommit(db_) && !sqlite3_stmt_readonly(stmt_) &&
                     !sqlite3_stmt_busy(stmt_);
  if (gated) {
    if (auto r = gate_->Acquire(urgent_, std::chrono::milliseconds(timeout_ms_)); !r) {
      return std::unexpected(r.error());
    }
  }
  int rc = sqlite3_step(stmt_);
  if (gated) gate_->Release();
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(std::string(sqlite3_errmsg(db_)));
}

std::expected<void, std::string> Statement::Run() {
  while (true) {
    auto r = Step();
    if (!r) {
      sqlite3_reset(stmt_);
      return std::unexpected(r.error());
    }
    if (!*r) break;
  }
  sqlite3_reset(stmt_);
  return {};
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int column) const {
  const unsigned char* t = sqlite3_column_text(stmt_, column);
  if (!t) return {};
  return std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, column));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }
bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

namespace {

constexpr int kCheckpointFrames = 1000;  // SQLite's default wal_autocheckpoint

int WalCommitHook(void* context, sqlite3* db, const char* schema, int frames) {
  if (frames < kCheckpointFrames) return SQLITE_OK;
  auto* gate = static_cast<WriteGate*>(context);
  if (gate->HasCheckpointer()) {
    gate->RequestCheckpoint();
  } else {
    (void)sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

}  // namespace

std::expected<Database, std::string> Database::Open(const std::string& path, OpenOptions options) {
  sqlite3* db = nullptr;
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (!options.read_only && options.create) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_FULLMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return std::unexpected("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  if (auto r = RegisterTokenizer(db); !r) {
    sqlite3_close(db);
    return std::unexpected(r.error());
  }
  std::shared_ptr<WriteGate> gate = options.read_only ? nullptr : WriteGate::For(path);
  // Replaces SQLite's autocheckpoint hook (same threshold).
  if (gate) sqlite3_wal_hook(db, &WalCommitHook, gate.get());
  return Database(db, path, std::move(gate), options.gate_timeout_ms);
}

Database::Database(sqlite3* db, std::string path, std::shared_ptr<WriteGate> gate, int gate_timeout_ms)
    : db_(db), path_(std::move(path)), gate_(std::move(gate)), gate_timeout_ms_(gate_timeout_ms) {}

Database::Database(Database&& o) noexcept
    : db_(o.db_), path_(std::move(o.path_)), gate_(std::move(o.gate_)), urgent_(o.urgent_),
      gate_timeout_ms_(o.gate_timeout_ms_) {
  o.db_ = nullptr;
}

Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
    gate_ = std::move(o.gate_);
    urgent_ = o.urgent_;
    gate_timeout_ms_ = o.gate_timeout_ms_;
  }
  return *this;
}

Database::~Database() {
  if (db_) sqlite3_close_v2(db_);
}

std::expected<void, std::string> Database::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return std::unexpected(msg);
  }
  return {};
}

std::expected<Statement, std::string> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(std::string(sqlite3_errmsg(db_)));
  return Statement(db_, stmt, gate_.get(), urgent_, gate_timeout_ms_);
}

std::int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Database::Changes() const { return sqlite3_changes(db_); }

std::expected<Transaction, std::string> Transaction::Begin(Database& db, bool immediate) {
  WriteGate* gate = immediate ? db.gate_.get() : nullptr;
  if (gate) {
    if (auto r = gate->Acquire(db.urgent_, std::chrono::milliseconds(db.gate_timeout_ms_)); !r) {
      return std::unexpected(r.error());
    }
  }
  if (auto r = db.Exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN"); !r) {
    if (gate) gate->Release();
    return std::unexpected(r.error());
  }
  return Transaction(&db, gate);
}

void Transaction::ReleaseGate() {
  if (gate_) std::exchange(gate_, nullptr)->Release();
}

Transaction::~Transaction() {
  if (db_) (void)db_->Exec("ROLLBACK");
  ReleaseGate();
}

std::expected<void, std::string> Transaction::Commit() {
  if (!db_) return std::unexpected("transaction already finished");
  auto r = db_->Exec("COMMIT");
  if (!r) return r;
  db_ = nullptr;
  ReleaseGate();
  return {};
}

std::string AndNotIn(std::string_view column, std::size_t n) {
  if (n == 0) return {};
  std::string sql = " AND ";
  sql += column;
  sql += " NOT IN (";
  for (std::size_t i = 0; i < n; ++i) sql += i ? ",?" : "?";
  return sql + ")";
}

std::expected<Database, std::string> OpenServing(const std::string& path) {
  auto db = Database::Open(path);
  if (!db) return db;
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (auto r = db->Exec(pragma); !r) return std::unexpected(path + ": " + r.error());
  }
  if (auto r = Migrate(*db); !r) return std::unexpected(path + ": " + r.error());
  return db;
}

}  // namespace knowledge

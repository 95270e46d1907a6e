#pragma once
// RAII over sqlite3 and sqlite3_stmt, plus the schema and its migrations.
// All SQL of the project lives in knowledge/.
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace knowledge {

class WriteGate;

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt, WriteGate* gate = nullptr, bool urgent = false, int timeout_ms = 0)
      : db_(db), stmt_(stmt), gate_(gate), urgent_(urgent), timeout_ms_(timeout_ms) {}
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding is 1-based like sqlite3_bind_*.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);

  // true: a row is ready; false: done. Errors carry sqlite's message.
  std::expected<bool, std::string> Step();
  // Runs to completion, for statements without rows.
  std::expected<void, std::string> Run();
  void Reset();

  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::int64_t Int(int column) const;
  double Double(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  // A write outside a transaction passes the gate for the step that writes.
  WriteGate* gate_ = nullptr;
  bool urgent_ = false;
  int timeout_ms_ = 0;
};

struct OpenOptions {
  bool read_only = false;
  bool create = true;
  int busy_timeout_ms = 5000;   // SQLite's wait for another process's lock
  int gate_timeout_ms = 5000;   // the wait at this process's WriteGate
};

class Database {
 public:
  static std::expected<Database, std::string> Open(const std::string& path, OpenOptions options = {});
  Database(Database&& o) noexcept;
  Database& operator=(Database&& o) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  std::expected<void, std::string> Exec(std::string_view sql);
  std::expected<Statement, std::string> Prepare(std::string_view sql);
  std::int64_t LastInsertId() const;
  int Changes() const;
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // Writes through this connection go before the non-urgent writers of this
  // process waiting at the same file's WriteGate (the webhook's inbox).
  void SetUrgentWrites(bool urgent) { urgent_ = urgent; }
  WriteGate* gate() const { return gate_.get(); }

 private:
  friend class Transaction;
  Database(sqlite3* db, std::string path, std::shared_ptr<WriteGate> gate, int gate_timeout_ms);
  sqlite3* db_ = nullptr;
  std::string path_;
  std::shared_ptr<WriteGate> gate_;
  bool urgent_ = false;
  int gate_timeout_ms_ = 0;
};

// Commits on Commit(), rolls back when destroyed without it.
class Transaction {
 public:
  static std::expected<Transaction, std::string> Begin(Database& db, bool immediate = true);
  Transaction(Transaction&& o) noexcept : db_(o.db_), gate_(o.gate_) {
    o.db_ = nullptr;
    o.gate_ = nullptr;
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  std::expected<void, std::string> Commit();

 private:
  Transaction(Database* db, WriteGate* gate) : db_(db), gate_(gate) {}
  void ReleaseGate();
  Database* db_;
  WriteGate* gate_;  // held from BEGIN IMMEDIATE until COMMIT or ROLLBACK
};

inline constexpr int kSchemaVersion = 11;

// Brings the schema to kSchemaVersion (tests: to an older `target`), one
// migration per version, each in its own transaction. Refuses a database
// newer than this binary.
std::expected<void, std::string> Migrate(Database& db, int target = kSchemaVersion);

// " AND column NOT IN (?,…,?)" with n placeholders, or "" when n is 0: the
// claim queries leave out the citizens already being served.
std::string AndNotIn(std::string_view column, std::size_t n);

// Opens a database for serving: WAL, synchronous=FULL, foreign keys, migrated,
// our tokenizer registered.
std::expected<Database, std::string> OpenServing(const std::string& path);

}  // namespace knowledge

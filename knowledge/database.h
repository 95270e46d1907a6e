#pragma once
// RAII over sqlite3 and sqlite3_stmt, plus the schema and its migrations.
// All SQL of the project lives in knowledge/.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace knowledge {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
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
};

struct OpenOptions {
  bool read_only = false;
  bool create = true;
  int busy_timeout_ms = 5000;
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

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

// Commits on Commit(), rolls back when destroyed without it.
class Transaction {
 public:
  static std::expected<Transaction, std::string> Begin(Database& db, bool immediate = true);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  std::expected<void, std::string> Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

inline constexpr int kSchemaVersion = 6;

// Brings the schema to kSchemaVersion, one migration per version, each in its
// own transaction. Refuses a database newer than this binary.
std::expected<void, std::string> Migrate(Database& db);

// Opens a database for serving: WAL, synchronous=FULL, foreign keys, migrated,
// our tokenizer registered.
std::expected<Database, std::string> OpenServing(const std::string& path);

}  // namespace knowledge

#pragma once
// Staff accounts and their login sessions. Only opaque strings are stored:
// the password hash and the session token hash are computed by webhook/auth,
// which owns the cryptography. Safe to share across threads when the
// Database is (SQLite serialises statements on one connection).
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "knowledge/database.h"

namespace knowledge {

enum class Role { kViewer = 1, kEditor = 2, kAdmin = 3 };

std::optional<Role> ParseRole(std::string_view text);
std::string RoleName(Role role);

struct StaffUser {
  std::int64_t uid = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;
  bool active = true;
  std::string created;
};

struct StaffSession {
  StaffUser user;
  std::string csrf;
  std::int64_t expires = 0;
};

class StaffStore {
 public:
  explicit StaffStore(Database& db) : db_(db) {}

  // Names are 2..40 characters of letters, digits, '.', '_' and '-'.
  static bool ValidName(std::string_view name);

  std::expected<StaffUser, std::string> AddUser(const std::string& name, Role role,
                                                const std::string& password_hash);
  std::optional<StaffUser> FindUser(const std::string& name);
  std::vector<StaffUser> ListUsers();
  std::expected<void, std::string> UpdateUser(const std::string& name, std::optional<Role> role,
                                              std::optional<bool> active,
                                              std::optional<std::string> password_hash);

  std::expected<void, std::string> CreateSession(std::int64_t uid, const std::string& token_hash,
                                                 const std::string& csrf, std::int64_t expires);
  // The session when it exists, has not expired and its user is active.
  std::optional<StaffSession> FindSession(const std::string& token_hash, std::int64_t now);
  void DeleteSession(const std::string& token_hash);
  void DeleteSessionsOf(std::int64_t uid);

 private:
  Database& db_;
};

}  // namespace knowledge

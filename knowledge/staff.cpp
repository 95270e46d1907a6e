#include "knowledge/staff.h"

namespace knowledge {

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "viewer") return Role::kViewer;
  if (text == "editor") return Role::kEditor;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

std::string RoleName(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kEditor: return "editor";
    case Role::kAdmin: return "admin";
  }
  return "viewer";
}

bool StaffStore::ValidName(std::string_view name) {
  if (name.size() < 2 || name.size() > 40) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

constexpr const char* kUserColumns = "uid, name, role, password_hash, active, created";

StaffUser ReadUser(Statement& st, int first = 0) {
  StaffUser u;
  u.uid = st.Int(first);
  u.name = st.Text(first + 1);
  u.role = ParseRole(st.Text(first + 2)).value_or(Role::kViewer);
  u.password_hash = st.Text(first + 3);
  u.active = st.Int(first + 4) != 0;
  u.created = st.Text(first + 5);
  return u;
}

}  // namespace

std::expected<StaffUser, std::string> StaffStore::AddUser(const std::string& name, Role role,
                                                          const std::string& password_hash) {
  if (!ValidName(name)) return std::unexpected("invalid user name (2..40 of a-z A-Z 0-9 . _ -)");
  if (password_hash.empty()) return std::unexpected("no password hash");
  if (FindUser(name)) return std::unexpected("user " + name + " already exists");
  auto st = db_.Prepare("INSERT INTO staff_users (name, role, password_hash) VALUES (?1, ?2, ?3)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, name).Bind(2, RoleName(role)).Bind(3, password_hash);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  auto u = FindUser(name);
  if (!u) return std::unexpected("user vanished after insert");
  return *u;
}

std::optional<StaffUser> StaffStore::FindUser(const std::string& name) {
  auto st = db_.Prepare(std::string("SELECT ") + kUserColumns + " FROM staff_users WHERE name = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, name);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  return ReadUser(*st);
}

std::vector<StaffUser> StaffStore::ListUsers() {
  std::vector<StaffUser> out;
  auto st = db_.Prepare(std::string("SELECT ") + kUserColumns + " FROM staff_users ORDER BY name");
  if (!st) return out;
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back(ReadUser(*st));
  }
  return out;
}

std::expected<void, std::string> StaffStore::UpdateUser(const std::string& name, std::optional<Role> role,
                                                        std::optional<bool> active,
                                                        std::optional<std::string> password_hash) {
  auto u = FindUser(name);
  if (!u) return std::unexpected("no user " + name);
  auto st = db_.Prepare("UPDATE staff_users SET role = ?2, active = ?3, password_hash = ?4 WHERE uid = ?1");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, u->uid)
      .Bind(2, RoleName(role.value_or(u->role)))
      .Bind(3, active.value_or(u->active) ? 1 : 0)
      .Bind(4, password_hash.value_or(u->password_hash));
  if (auto r = st->Run(); !r) return r;
  // A role change, a lock or a new password ends the sessions opened before it.
  DeleteSessionsOf(u->uid);
  return {};
}

std::expected<void, std::string> StaffStore::CreateSession(std::int64_t uid, const std::string& token_hash,
                                                           const std::string& csrf, std::int64_t expires) {
  auto clean = db_.Prepare("DELETE FROM staff_sessions WHERE expires < ?1");
  if (clean) {
    clean->Bind(1, expires - 30 * 24 * 3600);
    (void)clean->Run();
  }
  auto st = db_.Prepare("INSERT INTO staff_sessions (token_hash, uid, csrf, expires) VALUES (?1, ?2, ?3, ?4)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, token_hash).Bind(2, uid).Bind(3, csrf).Bind(4, expires);
  return st->Run();
}

std::optional<StaffSession> StaffStore::FindSession(const std::string& token_hash, std::int64_t now) {
  auto st = db_.Prepare(
      "SELECT u.uid, u.name, u.role, u.password_hash, u.active, u.created, s.csrf, s.expires"
      " FROM staff_sessions s JOIN staff_users u ON u.uid = s.uid WHERE s.token_hash = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, token_hash);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  StaffSession s;
  s.user = ReadUser(*st);
  s.csrf = st->Text(6);
  s.expires = st->Int(7);
  if (!s.user.active || s.expires <= now) return std::nullopt;
  return s;
}

void StaffStore::DeleteSession(const std::string& token_hash) {
  auto st = db_.Prepare("DELETE FROM staff_sessions WHERE token_hash = ?1");
  if (!st) return;
  st->Bind(1, token_hash);
  (void)st->Run();
}

void StaffStore::DeleteSessionsOf(std::int64_t uid) {
  auto st = db_.Prepare("DELETE FROM staff_sessions WHERE uid = ?1");
  if (!st) return;
  st->Bind(1, uid);
  (void)st->Run();
}

}  // namespace knowledge

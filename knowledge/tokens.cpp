#include "knowledge/tokens.h"

namespace knowledge {

std::expected<std::unique_ptr<TokenStore>, std::string> TokenStore::Open(const std::string& path) {
  auto db = OpenServing(path);
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<TokenStore>(new TokenStore(std::move(*db)));
}

std::expected<std::optional<TokenPair>, std::string> TokenStore::Load(const std::string& oa_key) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "SELECT access_token, refresh_token, expires_at_ms, updated_ms FROM oa_tokens WHERE oa_key = ?");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, oa_key);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<TokenPair>();
  TokenPair p{st->Text(0), st->Text(1), st->Int(2), st->Int(3)};
  return std::optional<TokenPair>(std::move(p));
}

std::expected<void, std::string> TokenStore::Save(const std::string& oa_key, const TokenPair& pair) {
  std::lock_guard lock(mutex_);
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto st = db_.Prepare(
      "INSERT INTO oa_tokens (oa_key, access_token, refresh_token, expires_at_ms, updated_ms) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (oa_key) DO UPDATE SET access_token = excluded.access_token, "
      "refresh_token = excluded.refresh_token, expires_at_ms = excluded.expires_at_ms, "
      "updated_ms = excluded.updated_ms");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, oa_key).Bind(2, pair.access_token).Bind(3, pair.refresh_token).Bind(4, pair.expires_at_ms)
      .Bind(5, pair.updated_ms);
  if (auto r = st->Run(); !r) return r;
  st = Statement();
  return tx->Commit();
}

std::expected<bool, std::string> TokenStore::SeedIfEmpty(const std::string& oa_key, const TokenPair& pair) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "INSERT INTO oa_tokens (oa_key, access_token, refresh_token, expires_at_ms, updated_ms) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (oa_key) DO NOTHING");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, oa_key).Bind(2, pair.access_token).Bind(3, pair.refresh_token).Bind(4, pair.expires_at_ms)
      .Bind(5, pair.updated_ms);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  return db_.Changes() > 0;
}

std::expected<bool, std::string> TokenStore::TryLease(const std::string& oa_key, const std::string& holder,
                                                      std::int64_t now_ms, std::int64_t until_ms) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "UPDATE oa_tokens SET lease_holder = ?, lease_until_ms = ? "
      "WHERE oa_key = ? AND (lease_until_ms < ? OR lease_holder = ? OR lease_holder = '')");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, holder).Bind(2, until_ms).Bind(3, oa_key).Bind(4, now_ms).Bind(5, holder);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  return db_.Changes() > 0;
}

std::expected<void, std::string> TokenStore::ReleaseLease(const std::string& oa_key, const std::string& holder) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "UPDATE oa_tokens SET lease_holder = '', lease_until_ms = 0 WHERE oa_key = ? AND lease_holder = ?");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, oa_key).Bind(2, holder);
  return st->Run();
}

}  // namespace knowledge

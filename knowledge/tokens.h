#pragma once
// The OA's access/refresh token pair, kept in the database because Zalo's
// refresh token is single-use: a pair that lives only in memory is lost with
// the process and needs an OA admin to consent again. Thread-safe (mutex).
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "knowledge/database.h"

namespace knowledge {

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_at_ms = 0;   // 0: unknown
  std::int64_t updated_ms = 0;
};

class TokenStore {
 public:
  static std::expected<std::unique_ptr<TokenStore>, std::string> Open(const std::string& path);

  std::expected<std::optional<TokenPair>, std::string> Load(const std::string& oa_key);
  // Committed when this returns; the caller may use the new access token only then.
  std::expected<void, std::string> Save(const std::string& oa_key, const TokenPair& pair);
  // Stores the pair only if none is stored yet (bootstrap from the environment).
  std::expected<bool, std::string> SeedIfEmpty(const std::string& oa_key, const TokenPair& pair);

  // A cross-process lock for the refresh: true if `holder` now holds it until
  // `until_ms` (free, expired or already ours).
  std::expected<bool, std::string> TryLease(const std::string& oa_key, const std::string& holder,
                                            std::int64_t now_ms, std::int64_t until_ms);
  std::expected<void, std::string> ReleaseLease(const std::string& oa_key, const std::string& holder);

 private:
  explicit TokenStore(Database db) : db_(std::move(db)) {}
  std::mutex mutex_;
  Database db_;
};

}  // namespace knowledge

#pragma once
// The OA access token's lifecycle (ZALO_OA.md 4): the pair lives in the
// database; one refresh at a time (other threads wait for its result, other
// processes are kept out by a lease row); the new pair is committed before the
// new access token is used; refresh ahead of expiry and on -216/-220; a failed
// refresh is logged at ERROR and raises a metric, because only a person can fix
// it. Thread-safe.
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <mutex>
#include <string>

#include "config/config.h"
#include "knowledge/tokens.h"
#include "webhook/metrics.h"

namespace webhook {

class TokenManager {
 public:
  TokenManager(const config::Zalo& cfg, knowledge::TokenStore& store, Metrics& metrics);

  // Loads the stored pair; seeds it from the environment's bootstrap pair
  // when the database has none (the stored pair wins afterwards).
  std::expected<void, std::string> Init(std::int64_t now_ms);

  std::string Current();

  // Called after the platform refused `failed_token`. Returns the token to
  // retry with: a newer one someone else obtained meanwhile, or a fresh one.
  std::expected<std::string, std::string> Refresh(const std::string& failed_token);

  // Refreshes when the stored expiry is within the configured margin.
  void RefreshIfDue(std::int64_t now_ms);

  bool failing() const;

 private:
  std::expected<knowledge::TokenPair, std::string> CallOAuth(const std::string& refresh_token, std::int64_t now_ms);
  std::expected<std::string, std::string> DoRefresh(const std::string& failed_token);
  std::string Key() const { return cfg_.oa_id.empty() ? "default" : cfg_.oa_id; }

  const config::Zalo& cfg_;
  knowledge::TokenStore& store_;
  Metrics& metrics_;
  const std::string holder_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  knowledge::TokenPair pair_;
  bool refreshing_ = false;
  bool failing_ = false;
  std::string last_error_;
  std::uint64_t generation_ = 0;       // bumped by every refresh attempt
  std::int64_t last_attempt_ms_ = 0;
};

}  // namespace webhook

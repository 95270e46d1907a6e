// Design note. Zalo's refresh token is single-use: the response to a refresh
// is the only copy of the next refresh token. Therefore (1) only one refresh
// runs per OA: a mutex with waiters inside the process, a lease row across
// processes; (2) the new pair is committed to the database before anyone gets
// the new access token; (3) before refreshing, the stored pair is re-read: if
// it already differs from the token that failed, someone else refreshed and
// that pair is adopted instead of burning another refresh.
#include "webhook/token_manager.h"

#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "config/logging.h"

namespace webhook {
namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string HolderId() {
  std::random_device rd;
  return std::to_string(::getpid()) + "-" + std::to_string(rd());
}

constexpr std::int64_t kLeaseMs = 60 * 1000;
constexpr std::int64_t kFailedRetryMs = 60 * 1000;

}  // namespace

TokenManager::TokenManager(const config::Zalo& cfg, knowledge::TokenStore& store, Metrics& metrics)
    : cfg_(cfg), store_(store), metrics_(metrics), holder_(HolderId()) {}

std::expected<void, std::string> TokenManager::Init(std::int64_t now_ms) {
  if (!cfg_.access_token.empty() || !cfg_.refresh_token.empty()) {
    auto seeded = store_.SeedIfEmpty(Key(), {cfg_.access_token, cfg_.refresh_token, 0, now_ms});
    if (!seeded) return std::unexpected(seeded.error());
    if (*seeded) logging::Info("webhook.token_seeded", {{"source", "environment"}});
  }
  auto stored = store_.Load(Key());
  if (!stored) return std::unexpected(stored.error());
  std::lock_guard lock(mutex_);
  if (*stored) pair_ = **stored;
  return {};
}

std::string TokenManager::Current() {
  std::lock_guard lock(mutex_);
  return pair_.access_token;
}

bool TokenManager::failing() const {
  std::lock_guard lock(mutex_);
  return failing_;
}

std::expected<std::string, std::string> TokenManager::Refresh(const std::string& failed_token) {
  std::unique_lock lock(mutex_);
  if (!pair_.access_token.empty() && pair_.access_token != failed_token) return pair_.access_token;
  if (refreshing_) {
    const std::uint64_t gen = generation_;
    done_.wait(lock, [&] { return generation_ != gen; });
    if (failing_) return std::unexpected(last_error_);
    return pair_.access_token;
  }
  // After a failure only a person can help; do not hammer the OAuth endpoint.
  if (failing_ && NowMs() - last_attempt_ms_ < kFailedRetryMs) return std::unexpected(last_error_);
  refreshing_ = true;
  lock.unlock();
  auto r = DoRefresh(failed_token);
  lock.lock();
  refreshing_ = false;
  ++generation_;
  failing_ = !r.has_value();
  if (!r) last_error_ = r.error();
  last_attempt_ms_ = NowMs();
  done_.notify_all();
  metrics_.SetTokenRefreshFailing(failing_);
  return r;
}

std::expected<std::string, std::string> TokenManager::DoRefresh(const std::string& failed_token) {
  const std::int64_t now = NowMs();
  auto fail = [&](const std::string& why) -> std::expected<std::string, std::string> {
    metrics_.CountTokenRefresh("failed");
    logging::Error("webhook.token_refresh_failed", {{"reason", why}, {"action", "an OA admin must check the token"}});
    return std::unexpected(why);
  };
  auto stored = store_.Load(Key());
  if (!stored) return fail("cannot read the stored pair: " + stored.error());
  if (!*stored || (*stored)->refresh_token.empty())
    return fail("no refresh token stored (set ZALO_REFRESH_TOKEN for the first start)");
  if ((*stored)->access_token != failed_token && !(*stored)->access_token.empty()) {
    std::lock_guard lock(mutex_);
    pair_ = **stored;
    logging::Info("webhook.token_adopted", {{"source", "database"}});
    return pair_.access_token;
  }
  auto lease = store_.TryLease(Key(), holder_, now, now + kLeaseMs);
  if (!lease) return fail("cannot take the refresh lease: " + lease.error());
  if (!*lease) {
    // Another process is refreshing: wait for the pair it stores.
    for (int i = 0; i < 150; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      auto again = store_.Load(Key());
      if (again && *again && (*again)->access_token != failed_token) {
        std::lock_guard lock(mutex_);
        pair_ = **again;
        return pair_.access_token;
      }
    }
    return fail("another process holds the refresh lease and produced no token");
  }
  auto fresh = CallOAuth((*stored)->refresh_token, now);
  if (!fresh) {
    (void)store_.ReleaseLease(Key(), holder_);
    return fail(fresh.error());
  }
  std::expected<void, std::string> saved;
  for (int i = 0; i < 3; ++i) {
    saved = store_.Save(Key(), *fresh);
    if (saved) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  (void)store_.ReleaseLease(Key(), holder_);
  {
    // Even unsaved, the new pair is the only valid one now: keep it in memory.
    std::lock_guard lock(mutex_);
    pair_ = *fresh;
  }
  if (!saved) {
    metrics_.CountTokenRefresh("failed");
    logging::Error("webhook.token_not_stored",
                   {{"reason", saved.error()}, {"action", "the new refresh token exists only in memory"}});
    return pair_.access_token;
  }
  metrics_.CountTokenRefresh("ok");
  logging::Info("webhook.token_refreshed",
                {{"expires_in_s", std::to_string(fresh->expires_at_ms ? (fresh->expires_at_ms - now) / 1000 : 0)}});
  return fresh->access_token;
}

std::expected<knowledge::TokenPair, std::string> TokenManager::CallOAuth(const std::string& refresh_token,
                                                                         std::int64_t now_ms) {
  if (cfg_.app_secret.empty()) return std::unexpected("ZALO_APP_SECRET is not set");
  httplib::Client client(cfg_.oauth_base_url);
  client.set_connection_timeout(cfg_.send_timeout_s, 0);
  client.set_read_timeout(cfg_.send_timeout_s, 0);
  client.set_write_timeout(cfg_.send_timeout_s, 0);
  httplib::Headers headers = {{"secret_key", cfg_.app_secret}};
  httplib::Params form = {{"refresh_token", refresh_token}, {"app_id", cfg_.app_id}, {"grant_type", "refresh_token"}};
  auto res = client.Post("/v4/oa/access_token", headers, form);
  if (!res) return std::unexpected("oauth transport: " + httplib::to_string(res.error()));
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return std::unexpected("oauth HTTP " + std::to_string(res->status) + ", unreadable body");
  if (!j.contains("access_token") || !j["access_token"].is_string() || !j.contains("refresh_token") ||
      !j["refresh_token"].is_string()) {
    std::string code = j.contains("error") ? j["error"].dump() : "none";
    std::string name = j.contains("error_name") && j["error_name"].is_string() ? j["error_name"].get<std::string>() : "";
    return std::unexpected("oauth HTTP " + std::to_string(res->status) + " error " + code + " " + name);
  }
  knowledge::TokenPair p;
  p.access_token = j["access_token"].get<std::string>();
  p.refresh_token = j["refresh_token"].get<std::string>();
  p.updated_ms = now_ms;
  long long expires_in = 0;
  if (j.contains("expires_in")) {
    const auto& e = j["expires_in"];  // a string in Zalo's answers, sometimes a number
    if (e.is_number_integer()) expires_in = e.get<long long>();
    else if (e.is_string()) expires_in = std::strtoll(e.get<std::string>().c_str(), nullptr, 10);
  }
  p.expires_at_ms = expires_in > 0 ? now_ms + expires_in * 1000 : 0;
  if (p.access_token.empty() || p.refresh_token.empty()) return std::unexpected("oauth returned an empty token");
  return p;
}

void TokenManager::RefreshIfDue(std::int64_t now_ms) {
  std::string token;
  {
    std::lock_guard lock(mutex_);
    if (refreshing_ || pair_.expires_at_ms == 0 || pair_.refresh_token.empty()) return;
    if (pair_.expires_at_ms - now_ms > cfg_.token_refresh_ahead_s * 1000) return;
    if (failing_ && now_ms - last_attempt_ms_ < kFailedRetryMs) return;
    token = pair_.access_token;
  }
  (void)Refresh(token);
}

}  // namespace webhook

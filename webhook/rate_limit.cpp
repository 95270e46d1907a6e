#include "webhook/rate_limit.h"

#include <algorithm>
#include <chrono>

namespace webhook {
namespace {

std::int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr std::int64_t kWindowMs = 60 * 1000;

}  // namespace

TokenBucket::TokenBucket(double rate_per_s, int burst)
    : rate_per_ms_(rate_per_s / 1000.0), burst_(burst), tokens_(burst), last_us_(NowUs()) {}

bool TokenBucket::Acquire() {
  std::unique_lock lock(mutex_);
  while (!interrupted_) {
    const std::int64_t now = NowUs();
    tokens_ = std::min(burst_, tokens_ + (now - last_us_) / 1000.0 * rate_per_ms_);
    last_us_ = now;
    if (now < paused_until_us_) {
      wake_.wait_for(lock, std::chrono::microseconds(paused_until_us_ - now));
      continue;
    }
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return true;
    }
    const double wait_ms = (1.0 - tokens_) / rate_per_ms_;
    wake_.wait_for(lock, std::chrono::microseconds(static_cast<std::int64_t>(wait_ms * 1000) + 1));
  }
  return false;
}

void TokenBucket::Pause(long long ms) {
  std::lock_guard lock(mutex_);
  paused_until_us_ = std::max<std::int64_t>(paused_until_us_, NowUs() + ms * 1000);
  tokens_ = 0;
}

void TokenBucket::Interrupt() {
  {
    std::lock_guard lock(mutex_);
    interrupted_ = true;
  }
  wake_.notify_all();
}

CitizenLimiter::Verdict CitizenLimiter::Check(const std::string& user_id, std::int64_t event_ms) {
  std::lock_guard lock(mutex_);
  if (event_ms - last_sweep_ms_ > kWindowMs) {
    // Forget citizens who have been quiet for a window, so the map stays small.
    for (auto it = users_.begin(); it != users_.end();) {
      const bool quiet = it->second.recent.empty() || it->second.recent.back() < event_ms - kWindowMs;
      it = quiet && it->second.notified_until_ms < event_ms ? users_.erase(it) : std::next(it);
    }
    last_sweep_ms_ = event_ms;
  }
  State& s = users_[user_id];
  while (!s.recent.empty() && s.recent.front() <= event_ms - kWindowMs) s.recent.pop_front();
  if (static_cast<int>(s.recent.size()) < limit_) {
    s.recent.push_back(event_ms);
    return Verdict::kAllow;
  }
  if (event_ms < s.notified_until_ms) return Verdict::kLimitSilent;
  s.notified_until_ms = event_ms + kWindowMs;
  return Verdict::kLimitNotify;
}

}  // namespace webhook

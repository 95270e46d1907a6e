#pragma once
// Rate limits of the Zalo edge. TokenBucket caps our sends per OA (Zalo
// answers -32 past its limit, and an outage's backlog must not arrive as a
// storm); CitizenLimiter stops one citizen from flooding the bot. Both are
// thread-safe.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace webhook {

class TokenBucket {
 public:
  TokenBucket(double rate_per_s, int burst);
  // Waits for a token; false if Interrupt() was called meanwhile.
  bool Acquire();
  // No token is handed out for `ms` (Zalo said -32: the limit is shared).
  void Pause(long long ms);
  void Interrupt();

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  const double rate_per_ms_;
  const double burst_;
  double tokens_;
  std::int64_t last_us_;
  std::int64_t paused_until_us_ = 0;
  bool interrupted_ = false;
};

class CitizenLimiter {
 public:
  explicit CitizenLimiter(int events_per_minute) : limit_(events_per_minute) {}

  enum class Verdict { kAllow, kLimitNotify, kLimitSilent };
  // Counts by the event's own timestamp, so a backlog replayed after an outage
  // is not mistaken for a flood.
  Verdict Check(const std::string& user_id, std::int64_t event_ms);

 private:
  struct State {
    std::deque<std::int64_t> recent;
    std::int64_t notified_until_ms = 0;
  };
  std::mutex mutex_;
  const int limit_;
  std::unordered_map<std::string, State> users_;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace webhook

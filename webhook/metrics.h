#pragma once
// Counters and one histogram for GET /metrics, rendered in the Prometheus
// text format. Thread-safe: every update takes a short mutex; label values
// come from small fixed sets (event types, outcomes, Zalo error codes).
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace webhook {

class Metrics {
 public:
  // One webhook request: its event count and its acknowledgement time, under
  // one lock (every request of a burst passes here).
  void ObserveWebhook(std::string_view type, std::string_view outcome, double seconds);
  // outcome: sent, retry, dead, refresh; code: Zalo's error code or 0.
  void CountSend(std::string_view outcome, int code);
  void CountTokenRefresh(std::string_view outcome);   // ok, failed
  void SetTokenRefreshFailing(bool failing);
  void CountDeadLetter(std::string_view reason);      // not_retryable, max_attempts
  void CountWorker(std::string_view outcome);         // answered, silent, staff_activity, rate_limited, …
  void CountAckPause(std::string_view by, double seconds);  // a worker or sender let acknowledgements go first

  struct Gauge {
    std::string name;
    std::string help;
    double value = 0;
  };
  // The counters plus gauges measured by the caller at scrape time.
  std::string Render(const std::vector<Gauge>& gauges) const;

  // Read back for tests and benchmarks.
  std::uint64_t EventCount(std::string_view type, std::string_view outcome) const;
  std::uint64_t SendCount(std::string_view outcome, int code) const;
  std::uint64_t TokenRefreshCount(std::string_view outcome) const;

  static constexpr std::array<double, 12> kAckBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                         0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> events_;
  std::map<std::pair<std::string, int>, std::uint64_t> sends_;
  std::map<std::string, std::uint64_t> refreshes_;
  std::map<std::string, std::uint64_t> dead_letters_;
  std::map<std::string, std::uint64_t> worker_;
  std::map<std::string, std::pair<std::uint64_t, double>> ack_pauses_;  // by: count, seconds
  bool refresh_failing_ = false;
  std::array<std::uint64_t, kAckBuckets.size()> ack_buckets_{};
  std::uint64_t ack_count_ = 0;
  double ack_sum_ = 0;
};

}  // namespace webhook

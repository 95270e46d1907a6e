#pragma once
// Acknowledging Zalo's webhooks goes before answering and delivering: while
// enough requests wait for their commit, a worker or sender about to take
// its next item waits for them. A nice value shares the CPU; it does not stop
// those threads' commits from queueing at the write gate, their search or
// their HTTP sends from taking a core while dozens of requests wait. The wait
// is bounded, so a long burst still gets its answers, a few per second.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "config/config.h"
#include "webhook/metrics.h"

namespace webhook {

class AckPriority {
 public:
  // `acks_waiting`: webhook requests waiting for their commit now (may be
  // empty: never wait). `by` labels the metrics (worker, sender).
  AckPriority(const config::Queue& cfg, std::function<int()> acks_waiting, Metrics& metrics, std::string by)
      : cfg_(cfg), acks_waiting_(std::move(acks_waiting)), metrics_(metrics), by_(std::move(by)) {}

  // Called with `lock` held, returns with it held; `stopping` (guarded by
  // that lock and signalled through `cv`) ends the wait at once.
  void Yield(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, const bool& stopping);

 private:
  bool Busy() const;

  const config::Queue& cfg_;
  std::function<int()> acks_waiting_;
  Metrics& metrics_;
  std::string by_;
};

}  // namespace webhook

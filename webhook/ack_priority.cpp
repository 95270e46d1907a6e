#include "webhook/ack_priority.h"

#include <chrono>

namespace webhook {

bool AckPriority::Busy() const {
  return acks_waiting_ && cfg_.ack_priority_waiting > 0 && cfg_.ack_priority_max_pause_ms > 0 &&
         acks_waiting_() >= cfg_.ack_priority_waiting;
}

void AckPriority::Yield(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, const bool& stopping) {
  if (stopping || !Busy()) return;
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + std::chrono::milliseconds(cfg_.ack_priority_max_pause_ms);
  // Polled: the request threads do not signal anyone when their commit is done.
  while (!stopping && Busy() && std::chrono::steady_clock::now() < deadline)
    cv.wait_for(lock, std::chrono::milliseconds(5), [&stopping] { return stopping; });
  metrics_.CountAckPause(by_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

}  // namespace webhook

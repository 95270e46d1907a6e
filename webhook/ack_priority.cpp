#include "webhook/ack_priority.h"

#include <algorithm>
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
  // Every 20 ms: at 5 ms the eight waiting threads made 1,600 wake-ups a
  // second, 3 % of the context switches of a full-speed burst; resuming up to
  // 20 ms after a burst costs nothing a citizen notices.
  for (auto now = started; !stopping && Busy() && now < deadline; now = std::chrono::steady_clock::now())
    cv.wait_until(lock, std::min(now + std::chrono::milliseconds(20), deadline), [&stopping] { return stopping; });
  metrics_.CountAckPause(by_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

}  // namespace webhook

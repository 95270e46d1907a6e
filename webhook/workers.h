#pragma once
// Worker threads that turn inbox events into outbox texts: events of one
// citizen strictly in arrival order, different citizens in parallel. The
// replies and the "done" mark are one transaction, so a crash either redoes
// the event or keeps both. Thread-safe; owned by Edge.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/responder.h"
#include "config/config.h"
#include "knowledge/inbox.h"
#include "webhook/ack_priority.h"
#include "webhook/metrics.h"
#include "webhook/rate_limit.h"

namespace webhook {

class Workers {
 public:
  // `acks_waiting`: webhook requests waiting for their commit now (may be empty).
  Workers(const config::Queue& cfg, knowledge::Inbox& inbox, bot::Responder& responder, Metrics& metrics,
          std::function<void()> on_outbox, std::function<int()> acks_waiting = {});
  ~Workers();

  void Start();
  void Wake();
  // Stops taking events; the events in hand are finished, the rest stay pending.
  void Stop();
  int busy() const;

 private:
  void Run();
  void Process(const knowledge::PendingEvent& e);

  const config::Queue& cfg_;
  knowledge::Inbox& inbox_;
  bot::Responder& responder_;
  Metrics& metrics_;
  std::function<void()> on_outbox_;
  AckPriority ack_priority_;
  CitizenLimiter limiter_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> busy_users_;
  bool stopping_ = false;
  // Wake() runs on every acknowledgement: it stays off mutex_ (held by a
  // worker during its inbox query) unless a worker is idle to be woken.
  std::atomic<bool> poked_{false};
  std::atomic<int> idle_{0};
  std::vector<std::thread> threads_;
};

}  // namespace webhook

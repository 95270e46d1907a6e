#pragma once
// Delivers the outbox to the platform: per citizen in order, citizens in
// parallel, under the per-OA token bucket; exponential back-off with full
// jitter; Zalo's codes honoured (-216/-220 refresh and retry once, -32 pause
// everything, -213/-217/-227/-230/-232 and other final codes never retried);
// after the last attempt the text becomes a dead letter with its reason.
// Thread-safe; owned by Edge.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "knowledge/outbox.h"
#include "webhook/ack_priority.h"
#include "webhook/messenger.h"
#include "webhook/metrics.h"
#include "webhook/rate_limit.h"
#include "webhook/token_manager.h"

namespace webhook {

// Full jitter: uniform in [0, min(cap, base * 2^attempt)].
long long BackoffMs(const config::Queue& cfg, int attempt, std::mt19937_64& rng);

class Sender {
 public:
  // `acks_waiting`: webhook requests waiting for their commit now (may be empty).
  Sender(const config::Queue& cfg, knowledge::Outbox& outbox, Messenger& messenger, TokenManager& tokens,
         Metrics& metrics, std::function<int()> acks_waiting = {});
  ~Sender();

  void Start();
  void Wake();
  // Finishes the sends in flight; everything else stays in the outbox.
  void Stop();
  int busy() const;

 private:
  void Run(unsigned seed);
  void Deliver(const knowledge::OutboxItem& item, std::mt19937_64& rng);

  const config::Queue& cfg_;
  knowledge::Outbox& outbox_;
  Messenger& messenger_;
  TokenManager& tokens_;
  Metrics& metrics_;
  AckPriority ack_priority_;
  TokenBucket bucket_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> busy_users_;
  bool stopping_ = false;
  bool poked_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace webhook

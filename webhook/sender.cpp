#include "webhook/sender.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>

#include "config/logging.h"

namespace webhook {
namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

long long BackoffMs(const config::Queue& cfg, int attempt, std::mt19937_64& rng) {
  long long ceiling = cfg.retry_cap_ms;
  if (attempt < 40) ceiling = std::min<long long>(cfg.retry_cap_ms, cfg.retry_base_ms << attempt);
  if (ceiling <= 0) return 0;
  return std::uniform_int_distribution<long long>(0, ceiling)(rng);
}

Sender::Sender(const config::Queue& cfg, knowledge::Outbox& outbox, Messenger& messenger, TokenManager& tokens,
               Metrics& metrics, std::function<int()> acks_waiting)
    : cfg_(cfg), outbox_(outbox), messenger_(messenger), tokens_(tokens), metrics_(metrics),
      ack_priority_(cfg, std::move(acks_waiting), metrics, "sender"), bucket_(cfg.send_rate_per_s, cfg.send_burst) {}

Sender::~Sender() { Stop(); }

void Sender::Start() {
  std::lock_guard lock(mutex_);
  stopping_ = false;
  std::random_device rd;
  for (int i = 0; i < cfg_.senders; ++i) threads_.emplace_back([this, seed = rd()] {
      pthread_setname_np(pthread_self(), "hcc-sender");
      Run(seed);
    });
}

void Sender::Wake() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

void Sender::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  bucket_.Interrupt();
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

int Sender::busy() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(busy_users_.size());
}

void Sender::Run(unsigned seed) {
  std::mt19937_64 rng(seed);
  while (true) {
    knowledge::OutboxItem item;
    {
      std::unique_lock lock(mutex_);
      ack_priority_.Yield(lock, wake_, stopping_);
      if (stopping_) return;
      poked_ = false;
      const std::int64_t now = NowMs();
      auto due = outbox_.Due(now, 1, busy_users_);
      if (!due) {
        logging::Warn("webhook.outbox_read_failed", {{"reason", due.error()}});
        wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
        continue;
      }
      if (due->empty()) {
        long long wait_ms = 1000;
        if (auto next = outbox_.NextDueMs(); next && *next && **next > now)
          wait_ms = std::min<long long>(wait_ms, **next - now);
        wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stopping_ || poked_; });
        continue;
      }
      item = std::move(due->front());
      busy_users_.push_back(item.user_id);
    }
    tokens_.RefreshIfDue(NowMs());
    Deliver(item, rng);
    {
      std::lock_guard lock(mutex_);
      busy_users_.erase(std::find(busy_users_.begin(), busy_users_.end(), item.user_id));
      poked_ = true;  // this citizen's next text may be due now
    }
    wake_.notify_all();
  }
}

void Sender::Deliver(const knowledge::OutboxItem& item, std::mt19937_64& rng) {
  if (!bucket_.Acquire()) return;  // stopping: the text stays pending
  const std::string used = tokens_.Current();
  // On disk before the request leaves: a crash from here until the outcome is
  // recorded turns the text into a dead letter at start-up, never a second send.
  if (auto m = outbox_.MarkSending(item.id, NowMs()); !m) {
    logging::Error("webhook.mark_sending_failed", {{"outbox_id", std::to_string(item.id)}, {"reason", m.error()}});
    return;  // not sent; still pending
  }
  auto r = messenger_.SendText(item.user_id, item.text, item.quote_msg_id);
  if (!r && r.error().refresh_token) {
    metrics_.CountSend("refresh", r.error().code);
    // Refresh (or adopt a pair another thread just got), then retry exactly once.
    if (auto fresh = tokens_.Refresh(used); fresh) r = messenger_.SendText(item.user_id, item.text, item.quote_msg_id);
  }
  const std::int64_t now = NowMs();
  const std::string id = std::to_string(item.id);
  if (r) {
    metrics_.CountSend("sent", 0);
    for (int i = 0; i < 5; ++i) {
      auto marked = outbox_.MarkSent(item.id, r->message_id, now);
      if (marked) break;
      // Delivered but not recorded: after a restart this text would go out twice.
      logging::Error("webhook.mark_sent_failed", {{"outbox_id", id}, {"reason", marked.error()}});
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << i));
    }
    logging::Info("webhook.sent", {{"outbox_id", id}, {"origin", item.origin}, {"attempt", std::to_string(item.attempts + 1)}});
    return;
  }
  const SendError& err = r.error();
  const std::string what = err.code ? "zalo " + std::to_string(err.code) + ": " + err.message : err.message;
  const int attempts = item.attempts + 1;
  auto dead = [&](const std::string& kind, const std::string& reason) {
    metrics_.CountSend("dead", err.code);
    metrics_.CountDeadLetter(kind);
    if (auto m = outbox_.MarkDead(item.id, reason, now); !m)
      logging::Error("webhook.mark_dead_failed", {{"outbox_id", id}, {"reason", m.error()}});
    logging::Warn("webhook.dead_letter", {{"outbox_id", id}, {"origin", item.origin}, {"code", std::to_string(err.code)},
                                          {"attempts", std::to_string(attempts)}, {"kind", kind}});
  };
  if (!err.retryable) return dead("not_retryable", "not retryable: " + what);
  if (attempts >= cfg_.max_attempts)
    return dead("max_attempts", "gave up after " + std::to_string(attempts) + " attempts: " + what);
  long long delay = BackoffMs(cfg_, attempts - 1, rng);
  if (err.code == -32) {
    // The limit is the OA's or the app's, not this citizen's: everyone waits.
    bucket_.Pause(cfg_.rate_limit_pause_ms);
    delay = std::max(delay, cfg_.rate_limit_pause_ms);
  }
  metrics_.CountSend("retry", err.code);
  if (auto m = outbox_.Retry(item.id, now + delay, what); !m)
    logging::Error("webhook.mark_retry_failed", {{"outbox_id", id}, {"reason", m.error()}});
  logging::Warn("webhook.send_retry", {{"outbox_id", id}, {"code", std::to_string(err.code)},
                                       {"attempt", std::to_string(attempts)}, {"delay_ms", std::to_string(delay)}});
}

}  // namespace webhook

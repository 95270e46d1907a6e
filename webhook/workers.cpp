#include "webhook/workers.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "config/logging.h"
#include "webhook/event.h"

namespace webhook {
namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Workers::Workers(const config::Queue& cfg, knowledge::Inbox& inbox, bot::Responder& responder, Metrics& metrics,
                 std::function<void()> on_outbox, std::function<int()> acks_waiting)
    : cfg_(cfg), inbox_(inbox), responder_(responder), metrics_(metrics), on_outbox_(std::move(on_outbox)),
      ack_priority_(cfg, std::move(acks_waiting), metrics, "worker"), limiter_(cfg.citizen_events_per_minute) {}

Workers::~Workers() { Stop(); }

void Workers::Start() {
  std::lock_guard lock(mutex_);
  stopping_ = false;
  for (int i = 0; i < cfg_.workers; ++i) threads_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "hcc-worker");
      Run();
    });
}

void Workers::Wake() {
  poked_.store(true);
  // Both seq_cst: an idle worker counted itself before it read poked_, so
  // either it sees the poke or this sees it idle and wakes it under the lock.
  if (idle_.load() == 0) return;
  std::lock_guard lock(mutex_);
  wake_.notify_all();
}

void Workers::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

int Workers::busy() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(busy_users_.size());
}

void Workers::Run() {
  // On Linux a nice value applies to one thread. Acknowledging webhooks runs on
  // the HTTP threads at normal priority and must win the CPU over answering.
  if (cfg_.worker_nice > 0 &&
      setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), cfg_.worker_nice) != 0)
    logging::Warn("webhook.worker_nice_failed", {{"nice", std::to_string(cfg_.worker_nice)}});
  while (true) {
    knowledge::PendingEvent e;
    {
      std::unique_lock lock(mutex_);
      ack_priority_.Yield(lock, wake_, stopping_);
      if (stopping_) return;
      poked_ = false;
      auto next = inbox_.NextPending(busy_users_);
      if (!next) {
        logging::Warn("webhook.inbox_read_failed", {{"reason", next.error()}});
        wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
        continue;
      }
      if (!*next) {
        // Accept pokes us; the timeout only covers events stored by another process.
        idle_.fetch_add(1);
        wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_ || poked_.load(); });
        idle_.fetch_sub(1);
        continue;
      }
      e = std::move(**next);
      busy_users_.push_back(e.user_id);
    }
    Process(e);
    {
      std::lock_guard lock(mutex_);
      busy_users_.erase(std::find(busy_users_.begin(), busy_users_.end(), e.user_id));
      poked_ = true;  // this citizen's next event may be waiting
    }
    wake_.notify_all();
  }
}

void Workers::Process(const knowledge::PendingEvent& e) {
  auto parsed = ParseEvent(e.raw);
  if (!parsed) {
    // It parsed when it was accepted; a body that no longer does cannot be retried into shape.
    (void)inbox_.Fail(e.id, parsed.error(), NowMs());
    metrics_.CountWorker("failed");
    logging::Error("webhook.event_failed", {{"inbox_id", std::to_string(e.id)}, {"reason", parsed.error()}});
    return;
  }
  const Event& ev = *parsed;
  std::vector<knowledge::OutboundText> replies;
  std::optional<knowledge::StaffActivity> staff;
  std::string outcome = "ignored";
  if (ev.type == EventType::kOaSend && !ev.zns) {
    // Never answered (loop risk); it tells that the OA, often a person, spoke.
    staff = knowledge::StaffActivity{ev.user_id, ev.admin_id, ev.msg_id, ev.name, e.event_ms};
    outcome = "staff_activity";
  } else if (auto message = ToMessage(ev)) {
    switch (limiter_.Check(ev.user_id, e.event_ms)) {
      case CitizenLimiter::Verdict::kAllow: {
        bot::Reply reply = responder_.Respond(*message);
        const std::string& to = reply.user_id.empty() ? ev.user_id : reply.user_id;
        for (std::size_t i = 0; i < reply.messages.size(); ++i)
          replies.push_back({to, reply.messages[i], i == 0 ? reply.quote_msg_id : "", "bot"});
        outcome = replies.empty() ? "silent" : "answered";
        break;
      }
      case CitizenLimiter::Verdict::kLimitNotify:
        replies.push_back({ev.user_id, cfg_.rate_limit_reply, "", "rate_limit"});
        outcome = "rate_limited";
        break;
      case CitizenLimiter::Verdict::kLimitSilent: outcome = "rate_limited"; break;
    }
  }
  bool our_echo = false;
  for (int attempt = 0;; ++attempt) {
    auto done = inbox_.Complete(e.id, outcome, replies, staff, NowMs());
    if (done) {
      our_echo = *done;
      break;
    }
    logging::Warn("webhook.complete_failed", {{"inbox_id", std::to_string(e.id)}, {"reason", done.error()}});
    bool stopping;
    {
      std::lock_guard lock(mutex_);
      stopping = stopping_;
    }
    // Left pending, the event is processed again later or after a restart.
    if (attempt >= 5 || stopping) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50 << attempt));
  }
  // A person wrote from the OA console: the bot keeps out of a hand-off.
  if (staff && !our_echo) responder_.OnStaffMessage(ev.user_id, e.event_ms);
  metrics_.CountWorker(outcome);
  logging::Info("webhook.event_done",
                {{"type", ev.name}, {"outcome", outcome}, {"parts", std::to_string(replies.size())}});
  if (!replies.empty() && on_outbox_) on_outbox_();
}

}  // namespace webhook

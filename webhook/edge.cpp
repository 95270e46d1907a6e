#include "webhook/edge.h"

#include <pthread.h>

#include <chrono>

#include "config/logging.h"
#include "webhook/http_messenger.h"

namespace webhook {
namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

}  // namespace

std::expected<std::unique_ptr<Edge>, std::string> Edge::Open(const config::Config& cfg, bot::Responder& responder,
                                                             Messenger* messenger) {
  std::unique_ptr<Edge> e(new Edge(cfg));
  const std::string& path = cfg.knowledge.db_path;
  auto cp = knowledge::Checkpointer::Start(path);
  if (!cp) return std::unexpected(cp.error());
  e->checkpointer_ = std::move(*cp);
  auto a = knowledge::Inbox::Open(path);
  if (!a) return std::unexpected(a.error());
  auto w = knowledge::Inbox::Open(path);
  if (!w) return std::unexpected(w.error());
  auto o = knowledge::Outbox::Open(path);
  if (!o) return std::unexpected(o.error());
  auto ops = knowledge::Outbox::Open(path);
  if (!ops) return std::unexpected(ops.error());
  auto t = knowledge::TokenStore::Open(path);
  if (!t) return std::unexpected(t.error());
  e->accept_inbox_ = std::move(*a);
  e->accept_inbox_->SetUrgentWrites();
  // Measured on 2 cores, 64 connections as fast as they go: +4 % acknowledgements/s
  // for at most 0.3 ms more latency, and only while 4 or more requests wait.
  e->accept_inbox_->SetCommitDelay(std::chrono::microseconds(300), 4);
  e->work_inbox_ = std::move(*w);
  e->outbox_ = std::move(*o);
  e->ops_outbox_ = std::move(*ops);
  e->token_store_ = std::move(*t);
  e->tokens_ = std::make_unique<TokenManager>(cfg.zalo, *e->token_store_, e->metrics_);
  if (auto r = e->tokens_->Init(NowMs()); !r) return std::unexpected("tokens: " + r.error());
  if (messenger) {
    e->messenger_ = messenger;
  } else {
    TokenManager* tm = e->tokens_.get();
    e->own_messenger_ = std::make_unique<HttpMessenger>(cfg.zalo, [tm] { return tm->Current(); });
    e->messenger_ = e->own_messenger_.get();
  }
  Edge* self = e.get();
  auto acks_waiting = [self] { return self->accepts_in_flight_.load(); };
  e->sender_ =
      std::make_unique<Sender>(cfg.queue, *e->outbox_, *e->messenger_, *e->tokens_, e->metrics_, acks_waiting);
  e->workers_ = std::make_unique<Workers>(cfg.queue, *e->work_inbox_, responder, e->metrics_,
                                          [self] { self->sender_->Wake(); }, acks_waiting);
  return e;
}

Edge::~Edge() { Stop(); }

void Edge::Start() {
  {
    std::lock_guard lock(maintain_mutex_);
    stopping_ = false;
  }
  // Before any sender runs: sends cut off by a crash are not repeated.
  if (auto n = outbox_->ResolveInterrupted(NowMs()); !n) {
    logging::Error("webhook.resolve_interrupted_failed", {{"reason", n.error()}});
  } else if (*n > 0) {
    for (int i = 0; i < *n; ++i) metrics_.CountDeadLetter("interrupted");
    logging::Warn("webhook.interrupted_sends", {{"dead_letters", std::to_string(*n)}});
  }
  sender_->Start();
  workers_->Start();
  maintainer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "hcc-maintain");  // names show in top -H and perf
    Maintain();
  });
}

void Edge::Stop() {
  {
    std::lock_guard lock(maintain_mutex_);
    stopping_ = true;
  }
  maintain_wake_.notify_all();
  if (maintainer_.joinable()) maintainer_.join();
  if (workers_) workers_->Stop();
  if (sender_) sender_->Stop();
}

std::expected<AcceptStatus, std::string> Edge::Accept(const Event& event, std::string_view raw_body) {
  knowledge::InboxEvent row;
  row.dedupe_key = DedupeKey(event);
  row.event_name = event.name;
  row.user_id = event.user_id;
  row.event_ms = std::strtoll(event.timestamp.c_str(), nullptr, 10);
  row.received_ms = NowMs();
  row.raw = std::string(raw_body);
  struct InFlight {
    std::atomic<int>& n;
    explicit InFlight(std::atomic<int>& c) : n(c) { ++n; }
    ~InFlight() { --n; }
  } in_flight(accepts_in_flight_);
  const auto started = std::chrono::steady_clock::now();
  auto r = accept_inbox_->Accept(row);
  const auto took_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  // Zalo gives up after 2 s; a slow disk or a long lock shows here first.
  if (took_ms > 500) logging::Warn("webhook.slow_store", {{"ms", std::to_string(took_ms)}});
  if (!r) {
    logging::Error("webhook.store_failed", {{"type", event.name}, {"reason", r.error()}});
    return std::unexpected(r.error());
  }
  if (*r == knowledge::AcceptResult::kDuplicate) return AcceptStatus::kDuplicate;
  workers_->Wake();
  return AcceptStatus::kStored;
}

std::expected<void, std::string> Edge::Ready() {
  if (auto w = accept_inbox_->CheckWritable(); !w) return std::unexpected("database not writable: " + w.error());
  auto in = work_inbox_->Counts();
  if (!in) return std::unexpected("inbox unreadable: " + in.error());
  if (in->pending > cfg_.queue.ready_max_inbox)
    return std::unexpected("inbox depth " + std::to_string(in->pending) + " over " +
                           std::to_string(cfg_.queue.ready_max_inbox));
  auto out = ops_outbox_->Counts();
  if (!out) return std::unexpected("outbox unreadable: " + out.error());
  if (out->pending > cfg_.queue.ready_max_outbox)
    return std::unexpected("outbox depth " + std::to_string(out->pending) + " over " +
                           std::to_string(cfg_.queue.ready_max_outbox));
  return {};
}

std::string Edge::MetricsText() {
  std::vector<Metrics::Gauge> gauges;
  if (auto in = work_inbox_->Counts(); in) {
    gauges.push_back({"hccbot_inbox_pending", "Events stored and not yet processed.", double(in->pending)});
    gauges.push_back({"hccbot_inbox_failed", "Events that could not be processed.", double(in->failed)});
  }
  if (auto out = ops_outbox_->Counts(); out) {
    gauges.push_back({"hccbot_outbox_pending", "Texts waiting to be delivered.", double(out->pending)});
    gauges.push_back({"hccbot_outbox_dead", "Dead letters kept for staff.", double(out->dead)});
  }
  gauges.push_back({"hccbot_workers_busy", "Workers processing an event.", double(workers_->busy())});
  gauges.push_back({"hccbot_senders_busy", "Senders delivering a text.", double(sender_->busy())});
  return metrics_.Render(gauges);
}

void Edge::ObserveWebhook(std::string_view event_type, std::string_view outcome, double seconds) {
  metrics_.ObserveWebhook(event_type, outcome, seconds);
}

bool Edge::WaitIdle(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    auto in = work_inbox_->Counts();
    auto out = ops_outbox_->Counts();
    if (in && out && in->pending == 0 && out->pending == 0 && workers_->busy() == 0 && sender_->busy() == 0)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

void Edge::Maintain() {
  std::unique_lock lock(maintain_mutex_);
  std::int64_t last_prune = 0;
  while (!stopping_) {
    lock.unlock();
    const std::int64_t now = NowMs();
    tokens_->RefreshIfDue(now);
    if (now - last_prune > 3600 * 1000) {
      last_prune = now;
      auto in = work_inbox_->Prune(now - cfg_.queue.dedupe_retention_days * kDayMs);
      auto out = outbox_->Prune(now - cfg_.queue.sent_retention_days * kDayMs);
      if (!in || !out) logging::Warn("webhook.prune_failed", {{"reason", !in ? in.error() : out.error()}});
    }
    lock.lock();
    maintain_wake_.wait_for(lock, std::chrono::seconds(30), [this] { return stopping_; });
  }
}

}  // namespace webhook

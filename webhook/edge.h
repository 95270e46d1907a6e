#pragma once
// The Zalo edge wired together: durable inbox (EventSink), workers, outbox
// sender, token lifecycle, metrics and readiness. Everything it owes lives in
// the database, so a process started on the same file resumes where the last
// one stopped. Thread-safe.
#include <condition_variable>
#include <expected>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bot/responder.h"
#include "config/config.h"
#include "knowledge/checkpointer.h"
#include "knowledge/inbox.h"
#include "knowledge/outbox.h"
#include "knowledge/tokens.h"
#include "webhook/messenger.h"
#include "webhook/metrics.h"
#include "webhook/sender.h"
#include "webhook/server.h"
#include "webhook/token_manager.h"
#include "webhook/workers.h"

namespace webhook {

class Edge : public EventSink, public Operations {
 public:
  // Opens its connections on cfg.knowledge.db_path. Without a messenger the
  // real HttpMessenger is used, with the managed access token.
  static std::expected<std::unique_ptr<Edge>, std::string> Open(const config::Config& cfg, bot::Responder& responder,
                                                                Messenger* messenger = nullptr);
  ~Edge() override;

  void Start();
  // Stops workers and sender after their current item; the rest stays stored.
  void Stop();

  std::expected<AcceptStatus, std::string> Accept(const Event& event, std::string_view raw_body) override;
  std::expected<void, std::string> Ready() override;
  std::string MetricsText() override;
  void ObserveWebhook(std::string_view event_type, std::string_view outcome, double seconds) override;

  // Waits until inbox and outbox hold nothing pending (tests, benchmarks).
  bool WaitIdle(int timeout_ms);

  Metrics& metrics() { return metrics_; }
  knowledge::Outbox& outbox() { return *outbox_; }
  knowledge::Inbox& inbox() { return *work_inbox_; }
  TokenManager& tokens() { return *tokens_; }

 private:
  explicit Edge(const config::Config& cfg) : cfg_(cfg) {}
  void Maintain();

  const config::Config& cfg_;
  Metrics metrics_;
  std::unique_ptr<knowledge::Checkpointer> checkpointer_;  // off the acknowledgement path
  std::unique_ptr<knowledge::Inbox> accept_inbox_;   // webhook threads (group commit)
  std::unique_ptr<knowledge::Inbox> work_inbox_;     // workers
  std::unique_ptr<knowledge::Outbox> outbox_;        // sender
  std::unique_ptr<knowledge::Outbox> ops_outbox_;    // /readyz, /metrics, staff enqueue
  std::unique_ptr<knowledge::TokenStore> token_store_;
  std::unique_ptr<TokenManager> tokens_;
  std::unique_ptr<Messenger> own_messenger_;
  Messenger* messenger_ = nullptr;
  std::unique_ptr<Sender> sender_;
  std::unique_ptr<Workers> workers_;
  std::atomic<int> accepts_in_flight_{0};  // Accept calls waiting for their commit
  std::mutex maintain_mutex_;
  std::condition_variable maintain_wake_;
  bool stopping_ = false;
  std::thread maintainer_;
};

}  // namespace webhook

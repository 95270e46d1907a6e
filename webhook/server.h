#pragma once
// The HTTP edge: routes on httplib::Server with its hooks set the way a
// public endpoint needs (Nagle off, exception handler, body cap, timeouts).
#include <atomic>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "config/config.h"
#include "webhook/event.h"

namespace httplib {
class Server;
}

namespace webhook {

enum class AcceptStatus { kStored, kDuplicate };

// Where verified events go. Accept must be quick and durable: when it returns
// a value the event is on disk (or was already); an error makes the webhook
// answer 503 so that Zalo retries.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual std::expected<AcceptStatus, std::string> Accept(const Event& event, std::string_view raw_body) = 0;
};

// /readyz, /metrics and the per-request observations behind them.
class Operations {
 public:
  virtual ~Operations() = default;
  virtual std::expected<void, std::string> Ready() = 0;
  virtual std::string MetricsText() = 0;
  virtual void ObserveWebhook(std::string_view event_type, std::string_view outcome, double seconds) = 0;
};

struct WebhookOutcome {
  int status = 200;
  std::string reason;          // for the log and the 4xx body
  std::string event_type;      // event_name when known, else "unknown" / "invalid"
  std::string outcome;         // stored, duplicate, ignored, bad_signature, bad_request, store_failed
};

// The webhook decision without HTTP: verify, parse, hand to the sink.
WebhookOutcome HandleWebhook(const config::Zalo& cfg, EventSink& sink, std::string_view raw_body,
                             std::string_view signature_header, long long now_ms);

class Server {
 public:
  Server(const config::Config& cfg, EventSink& sink, Operations* ops = nullptr);
  ~Server();

  httplib::Server& http() { return *http_; }

  // Binds (port 0 picks a free port) and serves until Stop(). Returns the
  // bound port through on_ready before serving.
  std::expected<void, std::string> Run(const std::function<void(int port)>& on_ready = {});
  void Stop();

  // Serves regular files under `dir` at `url_prefix` (e.g. "/admin/"). Paths
  // are resolved and must stay inside `dir`, symlinks included; anything else
  // is 404. False if `dir` is not a directory.
  bool MountStatic(const std::string& url_prefix, const std::string& dir);

 private:
  void Routes();
  const config::Config& cfg_;
  EventSink& sink_;
  Operations* ops_;
  std::unique_ptr<httplib::Server> http_;
  // httplib's stop() does nothing until listen has begun, so a Stop() that
  // lands between bind and listen would be lost and Run() would never return.
  std::atomic<bool> in_run_{false};
  std::atomic<bool> stop_requested_{false};
  std::atomic<int> listen_fd_{-1};
};

}  // namespace webhook

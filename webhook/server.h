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

// Where verified events go. Accept must be quick and durable: an error makes
// the webhook answer 503 so that Zalo retries.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual std::expected<void, std::string> Accept(const Event& event, std::string_view raw_body) = 0;
};

struct WebhookOutcome {
  int status = 200;
  std::string reason;          // for the log and the 4xx body
};

// The webhook decision without HTTP: verify, parse, hand to the sink.
WebhookOutcome HandleWebhook(const config::Zalo& cfg, EventSink& sink, std::string_view raw_body,
                             std::string_view signature_header, long long now_ms);

class Server {
 public:
  Server(const config::Config& cfg, EventSink& sink);
  ~Server();

  httplib::Server& http() { return *http_; }

  // Binds (port 0 picks a free port) and serves until Stop(). Returns the
  // bound port through on_ready before serving.
  std::expected<void, std::string> Run(const std::function<void(int port)>& on_ready = {});
  void Stop();

 private:
  void Routes();
  const config::Config& cfg_;
  EventSink& sink_;
  std::unique_ptr<httplib::Server> http_;
};

}  // namespace webhook

#include "webhook/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "config/logging.h"
#include "webhook/signature.h"

namespace webhook {
namespace {
constexpr int kListenBacklog = 1024;  // the kernel caps it at net.core.somaxconn
}  // namespace

WebhookOutcome HandleWebhook(const config::Zalo& cfg, EventSink& sink, std::string_view raw_body,
                             std::string_view signature_header, long long now_ms) {
  const nlohmann::json body = nlohmann::json::parse(raw_body, nullptr, false);
  auto ts = ExtractTimestampFrom(body);
  if (!ts) return {400, ts.error(), "invalid", "bad_request"};
  if (cfg.require_signature) {
    if (signature_header.empty()) return {401, "missing signature", "invalid", "bad_signature"};
    bool ok = VerifySignature(signature_header, cfg.app_id, raw_body, *ts, cfg.oa_secret_key);
    if (!ok && !cfg.app_secret.empty()) {
      // Which secret signs is not certain (ZALO_OA.md 1.2): try the app secret too.
      ok = VerifySignature(signature_header, cfg.app_id, raw_body, *ts, cfg.app_secret);
      if (ok) logging::Warn("webhook.signature_app_secret", {{"note", "event signed with the app secret"}});
    }
    if (!ok)
      return {401, cfg.oa_secret_key.empty() ? "no webhook secret configured" : "bad signature", "invalid",
              "bad_signature"};
  }
  auto event = ParseEventFrom(body);
  if (!event) {
    // Verified but unusable: acknowledge so Zalo does not retry, and log it.
    return {200, "ignored: " + event.error(), "invalid", "ignored"};
  }
  const std::string type = event->type == EventType::kUnknown ? "unknown" : event->name;
  if (cfg.max_event_age_s > 0) {
    // Up to 20 digits pass ExtractTimestamp; beyond long long is simply out of the window.
    long long t = 0;
    const auto [end, ec] = std::from_chars(ts->data(), ts->data() + ts->size(), t);
    if (ec != std::errc() || end != ts->data() + ts->size())
      return {200, "ignored: timestamp out of range", type, "ignored"};
    if (t < now_ms - cfg.max_event_age_s * 1000 || t > now_ms + cfg.max_event_skew_s * 1000)
      return {200, "ignored: timestamp outside the accepted window", type, "ignored"};
  }
  if (event->type == EventType::kUnknown) return {200, "ignored: unknown event " + event->name, type, "ignored"};
  auto r = sink.Accept(*event, raw_body);
  if (!r) return {503, "not stored: " + r.error(), type, "store_failed"};
  if (*r == AcceptStatus::kDuplicate) return {200, "accepted", type, "duplicate"};
  return {200, "accepted", type, "stored"};
}

Server::Server(const config::Config& cfg, EventSink& sink, Operations* ops)
    : cfg_(cfg), sink_(sink), ops_(ops), http_(std::make_unique<httplib::Server>()) {
  auto& s = *http_;
  // Without this every response of httplib 0.11 waits ~40 ms for Nagle's algorithm.
  s.set_tcp_nodelay(true);
  s.set_socket_options([this](int sock) {
    httplib::default_socket_options(sock);
    listen_fd_ = sock;
  });
  const int threads = cfg.server.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_payload_max_length(cfg.server.max_body_bytes);
  s.set_read_timeout(cfg.server.read_timeout_s, 0);
  s.set_write_timeout(cfg.server.write_timeout_s, 0);
  s.set_keep_alive_max_count(cfg.server.keep_alive_max);
  // Without a handler our httplib copies the exception text into a response header.
  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    logging::Error("webhook.exception", {{"path", req.path}});
    res.status = 500;
    res.set_content("", "text/plain");
  });
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) res.set_content(std::to_string(res.status) + "\n", "text/plain");
  });
  Routes();
}

Server::~Server() = default;

void Server::Routes() {
  auto& s = *http_;
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  s.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (!ops_) {
      res.set_content("ready\n", "text/plain");
      return;
    }
    auto r = ops_->Ready();
    res.status = r ? 200 : 503;
    res.set_content(r ? "ready\n" : "not ready: " + r.error() + "\n", "text/plain");
  });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    if (!ops_) {
      res.status = 404;
      return;
    }
    res.set_content(ops_->MetricsText(), "text/plain; version=0.0.4");
  });
  s.Post("/webhook", [this](const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    const long long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    auto out = HandleWebhook(cfg_.zalo, sink_, req.body, req.get_header_value("X-ZEvent-Signature"), now_ms);
    res.status = out.status;
    if (out.status == 200) {
      res.set_content("{\"ok\":true}", "application/json");
      if (out.outcome == "ignored") logging::Info("webhook.ignored", {{"reason", out.reason}});
    } else {
      res.set_content(nlohmann::json{{"error", out.reason}}.dump(), "application/json");
      logging::Warn("webhook.rejected", {{"status", std::to_string(out.status)}, {"reason", out.reason},
                                         {"ip", req.remote_addr}});
    }
    if (ops_) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      ops_->ObserveWebhook(out.event_type, out.outcome, secs);
    }
  });
}

bool Server::MountStatic(const std::string& url_prefix, const std::string& dir) {
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(dir, ec);
  if (ec || !std::filesystem::is_directory(root, ec)) return false;
  std::string prefix = url_prefix;
  if (prefix.empty() || prefix.front() != '/') prefix.insert(prefix.begin(), '/');
  if (prefix.back() != '/') prefix += '/';
  std::string pattern;
  for (char c : prefix) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-') pattern += c;
    else pattern += std::string("\\") + c;
  }
  http_->Get(pattern + "(.*)", [root](const httplib::Request& req, httplib::Response& res) {
    std::string rel = req.matches.size() > 1 ? req.matches[1].str() : "";
    if (rel.empty()) rel = "index.html";
    std::error_code ec;
    // Resolve every "..", "." and symlink, then require the result inside the root.
    const std::filesystem::path target = std::filesystem::weakly_canonical(root / rel, ec);
    auto [r, t] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
    if (ec || rel.find('\0') != std::string::npos || r != root.end() ||
        !std::filesystem::is_regular_file(target, ec)) {
      res.status = 404;
      return;
    }
    std::ifstream in(target, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string ext = target.extension().string();
    const char* type = ext == ".html" ? "text/html; charset=utf-8"
                       : ext == ".js" ? "text/javascript; charset=utf-8"
                       : ext == ".css" ? "text/css; charset=utf-8"
                       : ext == ".json" ? "application/json"
                       : ext == ".svg" ? "image/svg+xml"
                       : ext == ".png" ? "image/png"
                       : "application/octet-stream";
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(ss.str(), type);
  });
  return true;
}

std::expected<void, std::string> Server::Run(const std::function<void(int)>& on_ready) {
  in_run_ = true;
  struct Leave {
    std::atomic<bool>& flag;
    ~Leave() { flag = false; }
  } leave{in_run_};
  int port = cfg_.server.port;
  if (port == 0) {
    port = http_->bind_to_any_port(cfg_.server.host);
    if (port < 0) return std::unexpected("cannot bind " + cfg_.server.host);
  } else if (!http_->bind_to_port(cfg_.server.host, port)) {
    return std::unexpected("cannot bind " + cfg_.server.host + ":" + std::to_string(port));
  }
  // Debian's httplib listens with a backlog of 5. When keep-alive connections
  // reach their request limit together and reconnect, the overflowing
  // handshakes are dropped and their requests wait a 1 s retransmission.
  // Linux takes a second listen() on a listening socket as a new backlog.
  if (const int fd = listen_fd_; fd >= 0 && ::listen(fd, kListenBacklog) != 0)
    logging::Warn("webhook.listen_backlog_failed", {{"backlog", std::to_string(kListenBacklog)}});
  if (on_ready) on_ready(port);
  if (stop_requested_) return {};
  if (!http_->listen_after_bind()) return std::unexpected("server stopped with an error");
  return {};
}

void Server::Stop() {
  stop_requested_ = true;
  // Run() either sees the flag before listening or is about to listen: wait
  // until httplib reports it running so its stop() takes effect.
  while (in_run_ && !http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  http_->stop();
}

}  // namespace webhook

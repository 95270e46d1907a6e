#include "webhook/http_messenger.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace webhook {

SendError ClassifyZaloError(int code, const std::string& message) {
  SendError e;
  e.code = code;
  e.message = message;
  switch (code) {
    case -216:
    case -220: e.refresh_token = true; e.retryable = true; break;
    case -32:
    case -200: e.retryable = true; break;
    default: e.retryable = false; break;  // -213, -217, -227, -230, -232, -201, -210, … never retried
  }
  return e;
}

HttpMessenger::HttpMessenger(const config::Zalo& cfg, TokenSource token) : cfg_(cfg), token_(std::move(token)) {
  // The first Client built initialises a function-local std::regex inside
  // libcpp-httplib; doing it here, before any sender thread exists, keeps that
  // one-time initialisation out of the senders' way (ThreadSanitizer cannot see
  // the uninstrumented library's guard and reported the senders racing on it).
  Give(Take());
}

HttpMessenger::~HttpMessenger() = default;

std::unique_ptr<httplib::Client> HttpMessenger::Take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  auto c = std::make_unique<httplib::Client>(cfg_.api_base_url);
  c->set_connection_timeout(cfg_.send_timeout_s, 0);
  c->set_read_timeout(cfg_.send_timeout_s, 0);
  c->set_write_timeout(cfg_.send_timeout_s, 0);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);
  return c;
}

void HttpMessenger::Give(std::unique_ptr<httplib::Client> client) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(client));
}

std::expected<SendOk, SendError> HttpMessenger::SendText(const std::string& user_id, const std::string& text,
                                                         const std::string& quote_msg_id) {
  nlohmann::json body = {{"recipient", {{"user_id", user_id}}}, {"message", {{"text", text}}}};
  if (!quote_msg_id.empty()) body["message"]["quote_message_id"] = quote_msg_id;
  httplib::Headers headers = {{"access_token", token_()}};
  auto client = Take();
  httplib::Result res = client->Post("/v3.0/oa/message/cs", headers, body.dump(), "application/json");
  Give(std::move(client));
  if (!res) {
    return std::unexpected(SendError{true, false, 0, "transport: " + httplib::to_string(res.error())});
  }
  if (res->status >= 500 || res->status == 429) {
    return std::unexpected(SendError{true, false, 0, "HTTP " + std::to_string(res->status)});
  }
  if (res->status != 200) {
    return std::unexpected(SendError{false, false, 0, "HTTP " + std::to_string(res->status)});
  }
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_number_integer()) {
    return std::unexpected(SendError{true, false, 0, "unreadable response"});
  }
  const int code = j["error"].get<int>();
  if (code != 0) {
    std::string msg = j.contains("message") && j["message"].is_string() ? j["message"].get<std::string>() : "";
    return std::unexpected(ClassifyZaloError(code, msg));
  }
  SendOk ok;
  if (j.contains("data") && j["data"].is_object() && j["data"].contains("message_id") &&
      j["data"]["message_id"].is_string())
    ok.message_id = j["data"]["message_id"].get<std::string>();
  return ok;
}

}  // namespace webhook

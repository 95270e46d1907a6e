#include "tests/support/fake_zalo.h"

#include <httplib.h>

#include <chrono>

namespace testing_support {

FakeZalo::FakeZalo() : server_(std::make_unique<httplib::Server>()) {
  server_->set_tcp_nodelay(true);
  server_->Post("/v3.0/oa/message/cs", [this](const httplib::Request& req, httplib::Response& res) {
    std::unique_lock lock(mutex_);
    ++attempts_;
    ScriptedResponse r;
    if (outage_) {
      r = *outage_;
    } else if (!script_.empty()) {
      r = script_.front();
      script_.pop_front();
    }
    const std::string token = req.get_header_value("access_token");
    if (r.body.empty() && r.http_status == 200 && !valid_token_.empty() && token != valid_token_) {
      r.body = R"({"error":-216,"message":"Access token is invalid"})";
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (r.body.empty() && r.http_status == 200) {
      if (body.is_discarded() || !body.contains("recipient") || !body.contains("message") ||
          !body["message"].contains("text")) {
        r.body = R"({"error":-201,"message":"Parameter is invalid"})";
      } else {
        ReceivedMessage m;
        m.access_token = token;
        m.user_id = body["recipient"].value("user_id", "");
        m.text = body["message"].value("text", "");
        m.quote_message_id = body["message"].value("quote_message_id", "");
        m.body = body;
        messages_.push_back(std::move(m));
        nlohmann::json ok = {{"data", {{"message_id", "fake" + std::to_string(next_id_++)}, {"user_id", body["recipient"].value("user_id", "")}}},
                             {"error", 0},
                             {"message", "Success"}};
        r.body = ok.dump();
      }
    }
    res.status = r.http_status;
    res.set_content(r.body, "application/json");
    lock.unlock();
    changed_.notify_all();
  });
  server_->Post("/v4/oa/access_token", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    ++refresh_calls_;
    refresh_tokens_seen_.push_back(req.get_param_value("refresh_token"));
    if (refresh_fails_ || req.get_header_value("secret_key").empty() ||
        req.get_param_value("grant_type") != "refresh_token") {
      res.set_content(R"({"error":-14014,"error_name":"Invalid refresh token"})", "application/json");
      return;
    }
    valid_token_ = next_access_;
    nlohmann::json j = {{"access_token", next_access_}, {"refresh_token", next_refresh_}, {"expires_in", "90000"}};
    res.set_content(j.dump(), "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeZalo::~FakeZalo() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void FakeZalo::Script(std::vector<ScriptedResponse> responses) {
  std::lock_guard lock(mutex_);
  for (auto& r : responses) script_.push_back(std::move(r));
}

void FakeZalo::SetOutage(std::optional<ScriptedResponse> response) {
  std::lock_guard lock(mutex_);
  outage_ = std::move(response);
}

void FakeZalo::SetValidToken(const std::string& token) {
  std::lock_guard lock(mutex_);
  valid_token_ = token;
}

void FakeZalo::SetRefreshResult(std::string access_token, std::string refresh_token, bool fail) {
  std::lock_guard lock(mutex_);
  next_access_ = std::move(access_token);
  next_refresh_ = std::move(refresh_token);
  refresh_fails_ = fail;
}

int FakeZalo::refresh_calls() const {
  std::lock_guard lock(mutex_);
  return refresh_calls_;
}

std::vector<std::string> FakeZalo::refresh_tokens_seen() const {
  std::lock_guard lock(mutex_);
  return refresh_tokens_seen_;
}

std::vector<ReceivedMessage> FakeZalo::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

int FakeZalo::send_attempts() const {
  std::lock_guard lock(mutex_);
  return attempts_;
}

bool FakeZalo::WaitForMessages(std::size_t n, int timeout_ms) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return messages_.size() >= n; });
}

bool FakeZalo::WaitForAttempts(int n, int timeout_ms) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return attempts_ >= n; });
}

}  // namespace testing_support

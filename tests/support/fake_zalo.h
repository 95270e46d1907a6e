#pragma once
// A fake Zalo platform on loopback for tests only. It speaks the real
// protocol (ZALO_OA.md): POST /v3.0/oa/message/cs with the access_token
// header, application errors with HTTP 200, and POST /v4/oa/access_token
// with the secret_key header and a form body.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace testing_support {

struct ScriptedResponse {
  int http_status = 200;
  std::string body;  // empty: the success body
};

struct ReceivedMessage {
  std::string access_token;
  std::string user_id;
  std::string text;
  std::string quote_message_id;
  nlohmann::json body;
};

class FakeZalo {
 public:
  FakeZalo();
  ~FakeZalo();

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

  // Responses for the next sends, in order; afterwards every send succeeds.
  void Script(std::vector<ScriptedResponse> responses);
  // Every send answers this until cleared (outages).
  void SetOutage(std::optional<ScriptedResponse> response);

  // Token endpoint: the access token the fake accepts, and the refresh pair it hands out.
  void SetValidToken(const std::string& token);
  void SetRefreshResult(std::string access_token, std::string refresh_token, bool fail = false);
  int refresh_calls() const;
  std::vector<std::string> refresh_tokens_seen() const;

  std::vector<ReceivedMessage> messages() const;  // delivered successfully
  int send_attempts() const;
  // Waits until at least n messages were delivered or the timeout passes.
  bool WaitForMessages(std::size_t n, int timeout_ms = 10000) const;
  // Waits until at least n send attempts (any outcome) arrived.
  bool WaitForAttempts(int n, int timeout_ms = 10000) const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<ScriptedResponse> script_;
  std::optional<ScriptedResponse> outage_;
  std::string valid_token_;              // empty: any token accepted
  std::string next_access_, next_refresh_;
  bool refresh_fails_ = false;
  int refresh_calls_ = 0;
  std::vector<std::string> refresh_tokens_seen_;
  std::vector<ReceivedMessage> messages_;
  int attempts_ = 0;
  long long next_id_ = 1;
};

}  // namespace testing_support

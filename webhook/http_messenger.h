#pragma once
// Messenger over the Zalo OA API: POST {base}/v3.0/oa/message/cs with the
// access_token header. Application errors come back with HTTP 200, so the
// body's "error" decides.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "webhook/messenger.h"

namespace httplib {
class Client;
}

namespace webhook {

class HttpMessenger : public Messenger {
 public:
  using TokenSource = std::function<std::string()>;
  HttpMessenger(const config::Zalo& cfg, TokenSource token);
  ~HttpMessenger() override;

  std::expected<SendOk, SendError> SendText(const std::string& user_id, const std::string& text,
                                            const std::string& quote_msg_id) override;

 private:
  std::unique_ptr<httplib::Client> Take();
  void Give(std::unique_ptr<httplib::Client> client);

  const config::Zalo& cfg_;
  TokenSource token_;
  // httplib::Client is not thread-safe: each send borrows one (keep-alive kept).
  std::mutex mutex_;
  std::vector<std::unique_ptr<httplib::Client>> idle_;
};

// How Zalo's error codes are handled (ZALO_OA.md 3.4).
SendError ClassifyZaloError(int code, const std::string& message);

}  // namespace webhook

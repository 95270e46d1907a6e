#pragma once
// Sends one reply message to the platform.
#include <expected>
#include <string>

#include "bot/message.h"

namespace webhook {

struct SendError {
  bool retryable = false;
  bool refresh_token = false;   // -216 / -220: refresh, then retry once
  int code = 0;                 // platform error code, 0 for transport errors
  std::string message;
};

struct SendOk {
  std::string message_id;       // platform id of the sent message
};

class Messenger {
 public:
  virtual ~Messenger() = default;
  // Sends one text (already within the length limit) to a user.
  virtual std::expected<SendOk, SendError> SendText(const std::string& user_id, const std::string& text,
                                                    const std::string& quote_msg_id) = 0;
};

}  // namespace webhook

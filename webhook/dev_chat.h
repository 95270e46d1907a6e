#pragma once
// The chat simulator (/dev/chat), for local use only: a page where a person
// types as a citizen. Each message becomes a Zalo event, signed with the
// configured secret and fed through HandleWebhook, so it takes the same path
// as a real one; the replies are captured by a recording Messenger that the
// page polls. Registered only when server.dev_chat is on, and answers only
// loopback clients. Safe to share across threads.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bot/responder.h"
#include "config/config.h"
#include "webhook/messenger.h"
#include "webhook/server.h"

namespace httplib {
class Server;
}

namespace webhook {

// Users of the simulator carry this prefix; their replies are never sent to Zalo.
inline constexpr std::string_view kDevUserPrefix = "dev-chat-";

// Records every reply; forwards replies to real users when a messenger is given.
class RecordingMessenger : public Messenger {
 public:
  explicit RecordingMessenger(Messenger* forward = nullptr) : forward_(forward) {}
  std::expected<SendOk, SendError> SendText(const std::string& user_id, const std::string& text,
                                            const std::string& quote_msg_id) override;
  struct Recorded {
    std::int64_t seq = 0;
    std::string user_id;
    std::string text;
  };
  // Replies to user_id with seq > after, oldest first.
  std::vector<Recorded> Since(const std::string& user_id, std::int64_t after) const;

 private:
  Messenger* forward_;
  mutable std::mutex mutex_;
  std::vector<Recorded> recorded_;
  std::int64_t seq_ = 0;
};

struct DevEvent {
  std::string body;
  std::string signature;      // X-ZEvent-Signature value
};

// A Zalo event as the platform would send it. kind: text | image | sticker |
// file | location | follow.
DevEvent BuildDevEvent(const config::Zalo& cfg, const std::string& user_id, const std::string& kind,
                       const std::string& text, double latitude, double longitude, long long now_ms,
                       const std::string& msg_id);

// A random secret for a local run without ZALO_OA_SECRET_KEY, so the webhook
// still verifies signatures (and refuses anything not made by the simulator).
std::string RandomDevSecret();

// GET /dev/chat (the page), POST /dev/chat/send, GET /dev/chat/replies,
// POST /dev/chat/release (what staff do in the console: hand the citizen back).
void RegisterDevChat(httplib::Server& http, const config::Config& cfg, EventSink& sink,
                     const RecordingMessenger& replies, const bot::Responder& responder);

}  // namespace webhook

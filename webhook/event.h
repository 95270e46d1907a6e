#pragma once
// Zalo OA webhook events parsed from JSON into a typed event. Ids stay strings
// (they exceed 2^53); the timestamp is epoch milliseconds as the same digits.
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "bot/message.h"

namespace webhook {

enum class EventType {
  kUserSendText, kUserSendImage, kUserSendSticker, kUserSendFile, kUserSendLink, kUserSendLocation,
  kUserSendAudio, kUserSendVideo, kUserSendGif, kUserSendBusinessCard,
  kAnonymousSendText, kAnonymousSendOther,
  kOaSend,                 // oa_send_*: echo of what the OA sent (bot or staff)
  kFollow, kUnfollow, kUserSubmitInfo, kUserClickChatNow, kUserReceivedMessage, kUserSeenMessage,
  kUnknown
};

struct Event {
  EventType type = EventType::kUnknown;
  std::string name;            // event_name as sent
  std::string app_id;
  std::string timestamp;       // digits, as in the body
  std::string user_id;         // the citizen, whichever direction the event goes
  std::string oa_id;
  std::string msg_id;
  std::vector<std::string> msg_ids;   // user_seen_message
  std::string text;
  std::string conversation_id;        // anonymous events
  std::string admin_id;               // oa_send_* sent by a person, when present
  std::string attachment_type;
  std::string attachment_url;
  std::optional<double> latitude, longitude;
  bool zns = false;                   // ZNS delivery receipt, not a chat
};

// Parses the raw body. Errors say what is wrong ("not JSON", "missing event_name").
std::expected<Event, std::string> ParseEvent(std::string_view raw_body);

// Only the top-level timestamp, needed to verify the signature before trusting anything else.
std::expected<std::string, std::string> ExtractTimestamp(std::string_view raw_body);

// The same two steps on a body parsed once (the webhook's hot path). A
// discarded or non-object value gives the same errors as the text versions.
std::expected<std::string, std::string> ExtractTimestampFrom(const nlohmann::json& body);
std::expected<Event, std::string> ParseEventFrom(const nlohmann::json& body);

// The key Zalo's retries share: msg_id, or name + user + timestamp, or name + sorted msg_ids.
std::string DedupeKey(const Event& e);

// What the bot sees, when the event is something a citizen said or did.
std::optional<bot::Message> ToMessage(const Event& e);

EventType TypeOf(std::string_view event_name);

}  // namespace webhook

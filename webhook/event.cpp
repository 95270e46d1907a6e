#include "webhook/event.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace webhook {
namespace {

using nlohmann::json;

// Ids should be strings; if a number ever appears keep its digits.
std::string IdOf(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return {};
  const json& v = obj[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return {};
}

std::optional<double> Coordinate(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end && *end == '\0' && !s.empty()) return d;
  }
  return std::nullopt;
}

bool Digits(std::string_view s) {
  return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

EventType TypeOf(std::string_view n) {
  if (n == "user_send_text") return EventType::kUserSendText;
  if (n == "user_send_image") return EventType::kUserSendImage;
  if (n == "user_send_sticker") return EventType::kUserSendSticker;
  if (n == "user_send_file") return EventType::kUserSendFile;
  if (n == "user_send_link") return EventType::kUserSendLink;
  if (n == "user_send_location") return EventType::kUserSendLocation;
  if (n == "user_send_audio") return EventType::kUserSendAudio;
  if (n == "user_send_video") return EventType::kUserSendVideo;
  if (n == "user_send_gif") return EventType::kUserSendGif;
  if (n == "user_send_business_card") return EventType::kUserSendBusinessCard;
  if (n == "anonymous_send_text") return EventType::kAnonymousSendText;
  if (n.rfind("anonymous_send_", 0) == 0) return EventType::kAnonymousSendOther;
  if (n.rfind("oa_send_", 0) == 0) return EventType::kOaSend;
  if (n == "follow") return EventType::kFollow;
  if (n == "unfollow") return EventType::kUnfollow;
  if (n == "user_submit_info") return EventType::kUserSubmitInfo;
  if (n == "user_click_chatnow") return EventType::kUserClickChatNow;
  if (n == "user_received_message") return EventType::kUserReceivedMessage;
  if (n == "user_seen_message") return EventType::kUserSeenMessage;
  return EventType::kUnknown;
}

std::expected<std::string, std::string> ExtractTimestamp(std::string_view raw_body) {
  return ExtractTimestampFrom(json::parse(raw_body, nullptr, false));
}

std::expected<Event, std::string> ParseEvent(std::string_view raw_body) {
  return ParseEventFrom(json::parse(raw_body, nullptr, false));
}

std::expected<std::string, std::string> ExtractTimestampFrom(const json& j) {
  if (j.is_discarded()) return std::unexpected("body is not valid JSON");
  if (!j.is_object()) return std::unexpected("body is not a JSON object");
  std::string ts = IdOf(j, "timestamp");
  if (!Digits(ts)) return std::unexpected("missing or malformed timestamp");
  return ts;
}

std::expected<Event, std::string> ParseEventFrom(const json& j) {
  if (j.is_discarded()) return std::unexpected("body is not valid JSON");
  if (!j.is_object()) return std::unexpected("body is not a JSON object");
  Event e;
  if (!j.contains("event_name") || !j["event_name"].is_string()) return std::unexpected("missing event_name");
  e.name = j["event_name"].get<std::string>();
  e.type = TypeOf(e.name);
  e.app_id = IdOf(j, "app_id");
  e.timestamp = IdOf(j, "timestamp");
  if (!Digits(e.timestamp)) return std::unexpected("missing or malformed timestamp");
  const json empty = json::object();
  const json& sender = j.contains("sender") && j["sender"].is_object() ? j["sender"] : empty;
  const json& recipient = j.contains("recipient") && j["recipient"].is_object() ? j["recipient"] : empty;
  const json& message = j.contains("message") && j["message"].is_object() ? j["message"] : empty;
  switch (e.type) {
    case EventType::kFollow:
    case EventType::kUnfollow:
      e.oa_id = IdOf(j, "oa_id");
      if (j.contains("follower")) e.user_id = IdOf(j["follower"], "id");
      break;
    case EventType::kUserClickChatNow:
      e.oa_id = IdOf(j, "oa_id");
      e.user_id = IdOf(j, "user_id");
      break;
    case EventType::kOaSend:
    case EventType::kUserReceivedMessage:
    case EventType::kUserSeenMessage:
      e.oa_id = IdOf(sender, "id");
      e.admin_id = IdOf(sender, "admin_id");
      e.user_id = IdOf(recipient, "id");
      break;
    default:
      e.user_id = IdOf(sender, "id");
      e.oa_id = IdOf(recipient, "id");
      break;
  }
  e.msg_id = IdOf(message, "msg_id");
  if (message.contains("msg_ids") && message["msg_ids"].is_array()) {
    for (const auto& id : message["msg_ids"])
      if (id.is_string()) e.msg_ids.push_back(id.get<std::string>());
  } else if (e.type == EventType::kUserSeenMessage && !e.msg_id.empty()) {
    e.msg_ids.push_back(e.msg_id);
  }
  e.conversation_id = IdOf(message, "conversation_id");
  if (message.contains("text") && message["text"].is_string()) e.text = message["text"].get<std::string>();
  e.zns = message.contains("delivery_time") || message.contains("tracking_id");
  if (message.contains("attachments") && message["attachments"].is_array() && !message["attachments"].empty()) {
    const json& a = message["attachments"][0];
    if (a.is_object()) {
      if (a.contains("type") && a["type"].is_string()) e.attachment_type = a["type"].get<std::string>();
      const json& payload = a.contains("payload") && a["payload"].is_object() ? a["payload"] : empty;
      if (payload.contains("url") && payload["url"].is_string()) e.attachment_url = payload["url"].get<std::string>();
      if (payload.contains("coordinates") && payload["coordinates"].is_object()) {
        const json& c = payload["coordinates"];
        if (c.contains("latitude")) e.latitude = Coordinate(c["latitude"]);
        if (c.contains("longitude")) e.longitude = Coordinate(c["longitude"]);
      }
    }
  }
  // Events a citizen sends must say who sent them.
  const bool needs_user = e.type != EventType::kUnknown && !e.zns;
  if (needs_user && e.user_id.empty()) return std::unexpected("event " + e.name + " has no user id");
  const bool needs_msg = e.type == EventType::kUserSendText || e.type == EventType::kAnonymousSendText;
  if (needs_msg && e.msg_id.empty()) return std::unexpected("event " + e.name + " has no msg_id");
  return e;
}

std::string DedupeKey(const Event& e) {
  if (e.type == EventType::kUserSeenMessage) {
    auto ids = e.msg_ids;
    std::sort(ids.begin(), ids.end());
    std::string key = e.name;
    for (const auto& id : ids) key += ":" + id;
    return key;
  }
  if (!e.msg_id.empty()) return e.name + ":" + e.msg_id;
  return e.name + ":" + e.user_id + ":" + e.timestamp;
}

std::optional<bot::Message> ToMessage(const Event& e) {
  bot::Message m;
  m.user_id = e.user_id;
  m.msg_id = e.msg_id;
  m.text = e.text;
  m.timestamp_ms = std::strtoll(e.timestamp.c_str(), nullptr, 10);
  switch (e.type) {
    case EventType::kUserSendText:
    case EventType::kAnonymousSendText: m.kind = bot::MessageKind::kText; break;
    case EventType::kUserSendImage:
    case EventType::kUserSendGif: m.kind = bot::MessageKind::kImage; break;
    case EventType::kUserSendSticker: m.kind = bot::MessageKind::kSticker; break;
    case EventType::kUserSendFile: m.kind = bot::MessageKind::kFile; break;
    case EventType::kUserSendAudio: m.kind = bot::MessageKind::kAudio; break;
    case EventType::kUserSendVideo: m.kind = bot::MessageKind::kVideo; break;
    case EventType::kUserSendLink: m.kind = bot::MessageKind::kLink; break;
    case EventType::kUserSendLocation:
      m.kind = bot::MessageKind::kLocation;
      m.latitude = e.latitude.value_or(0);
      m.longitude = e.longitude.value_or(0);
      break;
    case EventType::kFollow: m.kind = bot::MessageKind::kFollow; break;
    case EventType::kUserClickChatNow: m.kind = bot::MessageKind::kChatNow; break;
    case EventType::kUserSendBusinessCard:
    case EventType::kAnonymousSendOther: m.kind = bot::MessageKind::kOther; break;
    default: return std::nullopt;
  }
  return m;
}

}  // namespace webhook

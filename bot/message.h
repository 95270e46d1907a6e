#pragma once
// What a citizen sent and what we answer, free of any platform's wire format.
#include <cstdint>
#include <string>
#include <vector>

namespace bot {

enum class MessageKind { kText, kImage, kSticker, kFile, kAudio, kVideo, kLink, kLocation, kFollow, kChatNow, kOther };

struct Message {
  std::string user_id;
  std::string msg_id;
  MessageKind kind = MessageKind::kText;
  std::string text;
  std::int64_t timestamp_ms = 0;
  double latitude = 0, longitude = 0;   // kLocation only
};

struct Reply {
  std::string user_id;
  std::vector<std::string> messages;    // each at most the platform's length limit
  std::string quote_msg_id;             // the citizen's message this answers, if any
  std::string procedure_id;             // what the answer was about, empty if none
  bool answered = false;                // answered with a procedure or article
  std::string intent;                   // procedure, ask_back, fallback, …
};

}  // namespace bot

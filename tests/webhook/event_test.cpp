#include "webhook/event.h"

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace {

using testing_support::FixturePath;
using testing_support::ReadFile;
using webhook::EventType;

webhook::Event Parse(const std::string& fixture) {
  auto e = webhook::ParseEvent(ReadFile(FixturePath(fixture)));
  EXPECT_TRUE(e.has_value()) << fixture << ": " << (e ? "" : e.error());
  return e.value_or(webhook::Event{});
}

TEST(Event, UserSendText) {
  auto e = Parse("user_send_text.json");
  EXPECT_EQ(e.type, EventType::kUserSendText);
  EXPECT_EQ(e.user_id, "9000000000000000001");
  EXPECT_EQ(e.oa_id, "8000000000000000001");
  EXPECT_EQ(e.msg_id, "deadbeef000000000001");
  EXPECT_EQ(e.timestamp, "1767225600000");
  EXPECT_EQ(e.text, "cho hỏi làm căn cước công dân cần giấy tờ gì");
  EXPECT_EQ(webhook::DedupeKey(e), "user_send_text:deadbeef000000000001");
}

TEST(Event, EveryFixtureParses) {
  const std::pair<const char*, EventType> cases[] = {
      {"user_send_image.json", EventType::kUserSendImage},   {"user_send_location.json", EventType::kUserSendLocation},
      {"user_send_sticker.json", EventType::kUserSendSticker}, {"user_send_file.json", EventType::kUserSendFile},
      {"user_send_link.json", EventType::kUserSendLink},     {"follow.json", EventType::kFollow},
      {"unfollow.json", EventType::kUnfollow},               {"user_submit_info.json", EventType::kUserSubmitInfo},
      {"user_received_message.json", EventType::kUserReceivedMessage},
      {"user_seen_message.json", EventType::kUserSeenMessage},
      {"user_click_chatnow.json", EventType::kUserClickChatNow},
      {"anonymous_send_text.json", EventType::kAnonymousSendText}, {"oa_send_text.json", EventType::kOaSend}};
  for (const auto& [file, type] : cases) {
    auto e = Parse(file);
    EXPECT_EQ(e.type, type) << file;
    EXPECT_FALSE(e.user_id.empty()) << file;
  }
}

TEST(Event, DirectionAndSpecifics) {
  auto follow = Parse("follow.json");
  EXPECT_EQ(follow.user_id, "9000000000000000001");
  EXPECT_EQ(webhook::DedupeKey(follow), "follow:9000000000000000001:1767225960000");
  auto echo = Parse("oa_send_text.json");
  EXPECT_EQ(echo.user_id, "9000000000000000001");
  EXPECT_EQ(echo.admin_id, "3000000000000000001");
  auto seen = Parse("user_seen_message.json");
  EXPECT_EQ(seen.msg_ids.size(), 2u);
  EXPECT_EQ(webhook::DedupeKey(seen), "user_seen_message:cafe0000000000000001:cafe0000000000000002");
  auto loc = Parse("user_send_location.json");
  ASSERT_TRUE(loc.latitude.has_value());
  EXPECT_NEAR(*loc.latitude, 10.0000001, 1e-9);
  auto anon = Parse("anonymous_send_text.json");
  EXPECT_EQ(anon.conversation_id, "4000000000000000001");
  auto chat = Parse("user_click_chatnow.json");
  EXPECT_EQ(chat.user_id, "9000000000000000001");
}

TEST(Event, BadInput) {
  EXPECT_FALSE(webhook::ParseEvent("").has_value());
  EXPECT_FALSE(webhook::ParseEvent("{").has_value());
  EXPECT_FALSE(webhook::ParseEvent("[1,2]").has_value());
  EXPECT_FALSE(webhook::ParseEvent(R"({"timestamp":"1"})").has_value());
  EXPECT_FALSE(webhook::ParseEvent(R"({"event_name":"user_send_text","timestamp":"abc"})").has_value());
  EXPECT_FALSE(webhook::ParseEvent(R"({"event_name":"user_send_text","timestamp":"1","message":{"text":"x"}})").has_value());
  auto unknown = webhook::ParseEvent(R"({"event_name":"brand_new_event","timestamp":"1"})");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->type, EventType::kUnknown);
}

TEST(Event, LargeNumericIdsKeepTheirDigits) {
  auto e = webhook::ParseEvent(
      R"({"event_name":"user_send_text","timestamp":"1","sender":{"id":9000000000000000001},"message":{"msg_id":"m","text":"x"}})");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->user_id, "9000000000000000001");
}

}  // namespace

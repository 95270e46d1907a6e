#include "bot/responder.h"

#include <gtest/gtest.h>

#include "knowledge/text.h"
#include "tests/support/test_support.h"

namespace {

bot::Reply Ask(const std::string& text) {
  auto& k = testing_support::Knowledge();
  static config::Bot cfg;
  bot::Responder r(*k.index, cfg);
  bot::Message m;
  m.user_id = "u1";
  m.msg_id = "m1";
  m.text = text;
  return r.Respond(m);
}

std::string All(const bot::Reply& r) {
  std::string s;
  for (const auto& m : r.messages) s += m + "\n";
  return s;
}

TEST(Responder, CuratedProcedureHasEveryPart) {
  auto r = Ask("đăng ký khai sinh cho con cần giấy tờ gì");
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.procedure_id, "1.001193");
  const std::string s = All(r);
  EXPECT_NE(s.find("Đăng ký khai sinh"), std::string::npos);
  EXPECT_NE(s.find("Hồ sơ cần chuẩn bị"), std::string::npos);
  EXPECT_NE(s.find("Giấy chứng sinh"), std::string::npos);
  EXPECT_NE(s.find("Thời hạn giải quyết"), std::string::npos);
  EXPECT_NE(s.find("Lệ phí"), std::string::npos);
  EXPECT_NE(s.find("trực tuyến"), std::string::npos);
  EXPECT_NE(s.find("https://dichvucong.gov.vn/"), std::string::npos);
  EXPECT_NE(s.find("Trung tâm Phục vụ hành chính công"), std::string::npos);
  EXPECT_NE(s.find("Điện thoại"), std::string::npos);
  EXPECT_NE(s.find("Nguồn:"), std::string::npos);
  EXPECT_EQ(s.find("DVCQG"), std::string::npos) << "curator remarks stay out of citizens' replies";
  for (const auto& m : r.messages) EXPECT_LE(knowledge::CodePointCount(m), 2000u);
  EXPECT_EQ(r.messages.front().rfind("Dạ", 0), 0u);
}

TEST(Responder, NoMatchIsAPoliteFallbackWithContacts) {
  auto r = Ask("xyzzy qwerty plugh");
  EXPECT_FALSE(r.answered);
  const std::string s = All(r);
  EXPECT_NE(s.find("Dạ"), std::string::npos);
  EXPECT_NE(s.find("Trung tâm Phục vụ hành chính công"), std::string::npos);
  EXPECT_NE(s.find("Điện thoại"), std::string::npos);
}

TEST(Responder, EmptyQuestion) {
  auto r = Ask("   ");
  EXPECT_FALSE(r.answered);
  EXPECT_EQ(r.intent, "empty");
}

}  // namespace

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

TEST(Responder, AnEnglishQuestionGetsEnglishFramingAroundTheStoredFacts) {
  auto r = Ask("How do we register the birth of our baby? My husband is French.");
  ASSERT_TRUE(r.answered);
  const auto p = testing_support::Knowledge().index->Get(r.procedure_id);
  ASSERT_TRUE(p.has_value());
  const std::string s = All(r);
  EXPECT_EQ(s.rfind("Here is what you need for the procedure «" + p->name + "»", 0), 0u) << s;
  EXPECT_NE(s.find("The official procedure details are in Vietnamese:"), std::string::npos);
  // The facts are quoted as stored, never translated or made up.
  ASSERT_FALSE(p->documents.empty());
  for (const auto& d : p->documents) EXPECT_NE(s.find("- " + d), std::string::npos) << d;
  EXPECT_NE(s.find("Where to go:"), std::string::npos);
  EXPECT_EQ(s.find("Dạ"), std::string::npos);
  EXPECT_EQ(s.find("Hồ sơ cần chuẩn bị"), std::string::npos);
}

TEST(Responder, EmptyQuestion) {
  auto r = Ask("   ");
  EXPECT_FALSE(r.answered);
  EXPECT_EQ(r.intent, "empty");
}

}  // namespace

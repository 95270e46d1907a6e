#include "webhook/http_messenger.h"

#include <gtest/gtest.h>

#include "tests/support/fake_zalo.h"

namespace {

using testing_support::FakeZalo;

TEST(HttpMessenger, SendsTheRealRequestShape) {
  FakeZalo zalo;
  config::Zalo cfg;
  cfg.api_base_url = zalo.base_url();
  webhook::HttpMessenger m(cfg, [] { return std::string("token-1"); });
  auto r = m.SendText("9000000000000000001", "Dạ, xin chào", "deadbeef");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_FALSE(r->message_id.empty());
  auto got = zalo.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].access_token, "token-1");
  EXPECT_EQ(got[0].user_id, "9000000000000000001");
  EXPECT_EQ(got[0].text, "Dạ, xin chào");
  EXPECT_EQ(got[0].quote_message_id, "deadbeef");
}

TEST(HttpMessenger, ApplicationErrorsArriveWithHttp200) {
  FakeZalo zalo;
  config::Zalo cfg;
  cfg.api_base_url = zalo.base_url();
  webhook::HttpMessenger m(cfg, [] { return std::string("t"); });
  zalo.Script({{200, R"({"error":-216,"message":"Access token is invalid"})"},
               {200, R"({"error":-230,"message":"no interaction"})"},
               {200, R"({"error":-32,"message":"limit"})"},
               {503, "busy"}});
  auto a = m.SendText("u", "x", "");
  ASSERT_FALSE(a.has_value());
  EXPECT_TRUE(a.error().refresh_token);
  EXPECT_EQ(a.error().code, -216);
  auto b = m.SendText("u", "x", "");
  ASSERT_FALSE(b.has_value());
  EXPECT_FALSE(b.error().retryable);
  auto c = m.SendText("u", "x", "");
  ASSERT_FALSE(c.has_value());
  EXPECT_TRUE(c.error().retryable);
  auto d = m.SendText("u", "x", "");
  ASSERT_FALSE(d.has_value());
  EXPECT_TRUE(d.error().retryable);
  EXPECT_TRUE(zalo.messages().empty());
}

TEST(HttpMessenger, UnreachableApiIsRetryable) {
  config::Zalo cfg;
  cfg.api_base_url = "http://127.0.0.1:1";
  cfg.send_timeout_s = 1;
  webhook::HttpMessenger m(cfg, [] { return std::string("t"); });
  auto r = m.SendText("u", "x", "");
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().retryable);
}

}  // namespace

// The whole path: a signed fixture event reaches the real HTTP server on an
// ephemeral port, the bot answers, and the fake Zalo API receives the reply.
#include <httplib.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "bot/responder.h"
#include "tests/support/fake_zalo.h"
#include "tests/support/test_support.h"
#include "webhook/dispatcher.h"
#include "webhook/http_messenger.h"
#include "webhook/server.h"
#include "webhook/signature.h"

namespace {

using testing_support::FixturePath;
using testing_support::ReadFile;

class WebhookFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& k = testing_support::Knowledge();
    cfg_ = k.cfg;
    cfg_.server.port = 0;
    cfg_.zalo.app_id = "7000000000000000001";
    cfg_.zalo.oa_secret_key = "FAKE_OA_SECRET_KEY_000000000001";
    cfg_.zalo.api_base_url = zalo_.base_url();
    cfg_.zalo.max_event_age_s = 0;  // fixtures carry fixed timestamps
    responder_ = std::make_unique<bot::Responder>(*k.index, cfg_.bot);
    messenger_ = std::make_unique<webhook::HttpMessenger>(cfg_.zalo, [] { return std::string("tok"); });
    dispatcher_ = std::make_unique<webhook::Dispatcher>(*responder_, *messenger_);
    server_ = std::make_unique<webhook::Server>(cfg_, *dispatcher_);
    std::promise<int> ready;
    auto port = ready.get_future();
    thread_ = std::thread([&] { (void)server_->Run([&](int p) { ready.set_value(p); }); });
    port_ = port.get();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
    dispatcher_->Stop();
  }
  httplib::Result Post(const std::string& body, const std::string& signature) {
    httplib::Headers h;
    if (!signature.empty()) h.emplace("X-ZEvent-Signature", signature);
    return client_->Post("/webhook", h, body, "application/json");
  }
  std::string Sign(const std::string& body, const std::string& ts) {
    return "mac=" + webhook::ComputeSignature(cfg_.zalo.app_id, body, ts, cfg_.zalo.oa_secret_key);
  }

  testing_support::FakeZalo zalo_;
  config::Config cfg_;
  std::unique_ptr<bot::Responder> responder_;
  std::unique_ptr<webhook::HttpMessenger> messenger_;
  std::unique_ptr<webhook::Dispatcher> dispatcher_;
  std::unique_ptr<webhook::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(WebhookFlow, SignedFixtureGetsAnAnswerAtTheFakeApi) {
  const std::string body = ReadFile(FixturePath("user_send_text.json"));
  auto res = Post(body, "mac=9f5fe03dd6497a24880045e3f3b16441f43b76393d91a3f02d0039b1c1293f7b");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  ASSERT_TRUE(zalo_.WaitForMessages(1));
  dispatcher_->Drain();
  auto got = zalo_.messages();
  ASSERT_GE(got.size(), 1u);
  EXPECT_EQ(got[0].user_id, "9000000000000000001");
  EXPECT_EQ(got[0].quote_message_id, "deadbeef000000000001");
  // The question asks about the identity card: the reply names a căn cước procedure.
  EXPECT_NE(got[0].text.find("căn cước"), std::string::npos) << got[0].text;
}

TEST_F(WebhookFlow, WrongOrMissingSignatureIs401AndNothingIsSent) {
  const std::string body = ReadFile(FixturePath("user_send_text.json"));
  auto bad = Post(body, "mac=" + std::string(64, '0'));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  auto none = Post(body, "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  // Truncated body with the original signature.
  auto cut = Post(body.substr(0, body.size() - 2), "mac=9f5fe03dd6497a24880045e3f3b16441f43b76393d91a3f02d0039b1c1293f7b");
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->status, 400);
  dispatcher_->Drain();
  EXPECT_EQ(zalo_.send_attempts(), 0);
}

TEST_F(WebhookFlow, MalformedJsonIs400WithAReason) {
  auto res = Post("{not json", "mac=00");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("JSON"), std::string::npos);
}

TEST_F(WebhookFlow, UnknownEventIsAcknowledgedAndIgnored) {
  const std::string body = R"({"app_id":"7000000000000000001","event_name":"brand_new","timestamp":"1767225600000"})";
  auto res = Post(body, Sign(body, "1767225600000"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  dispatcher_->Drain();
  EXPECT_EQ(zalo_.send_attempts(), 0);
}

TEST_F(WebhookFlow, OversizedBodyIs413) {
  std::string huge(70 * 1024, 'a');
  auto res = Post(huge, "mac=00");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST_F(WebhookFlow, Healthz) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

}  // namespace

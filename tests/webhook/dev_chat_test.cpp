// The simulator's path: page endpoints → signed Zalo event → HandleWebhook →
// durable edge → bot → recording messenger → polled replies.
#include "webhook/dev_chat.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"
#include "webhook/edge.h"
#include "webhook/event.h"
#include "webhook/signature.h"

namespace {

using nlohmann::json;

TEST(BuildDevEvent, IsASignedEventTheWebhookAccepts) {
  config::Zalo z;
  z.app_id = "7000000000000000001";
  z.oa_secret_key = webhook::RandomDevSecret();
  auto e = webhook::BuildDevEvent(z, "dev-chat-a", "text", "phí bao nhiêu?", 0, 0, 1767225600000, "m1");
  auto ts = webhook::ExtractTimestamp(e.body);
  ASSERT_TRUE(ts);
  EXPECT_TRUE(webhook::VerifySignature(e.signature, z.app_id, e.body, *ts, z.oa_secret_key));
  EXPECT_FALSE(webhook::VerifySignature(e.signature, z.app_id, e.body, *ts, "another secret"));
  auto parsed = webhook::ParseEvent(e.body);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->type, webhook::EventType::kUserSendText);
  EXPECT_EQ(parsed->text, "phí bao nhiêu?");
  EXPECT_EQ(parsed->user_id, "dev-chat-a");
  auto loc = webhook::ParseEvent(webhook::BuildDevEvent(z, "dev-chat-a", "location", "", 11.3, 106.1, 1, "m2").body);
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc->type, webhook::EventType::kUserSendLocation);
  EXPECT_NEAR(loc->latitude.value_or(0), 11.3, 1e-6);
  auto follow = webhook::ParseEvent(webhook::BuildDevEvent(z, "dev-chat-a", "follow", "", 0, 0, 1, "").body);
  ASSERT_TRUE(follow);
  EXPECT_EQ(follow->type, webhook::EventType::kFollow);
  EXPECT_NE(webhook::RandomDevSecret(), webhook::RandomDevSecret());
}

TEST(RecordingMessenger, ForwardsOnlyRealUsers) {
  struct Counting : webhook::Messenger {
    std::expected<webhook::SendOk, webhook::SendError> SendText(const std::string&, const std::string&,
                                                                const std::string&) override {
      ++sent;
      return webhook::SendOk{"x"};
    }
    int sent = 0;
  } real;
  webhook::RecordingMessenger m(&real);
  ASSERT_TRUE(m.SendText("dev-chat-a", "một", ""));
  ASSERT_TRUE(m.SendText("9000000000000000001", "hai", ""));
  EXPECT_EQ(real.sent, 1);
  auto a = m.Since("dev-chat-a", 0);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].text, "một");
  EXPECT_TRUE(m.Since("dev-chat-a", a[0].seq).empty());
}

class DevChat : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& k = testing_support::Knowledge();
    cfg_ = k.cfg;
    cfg_.server.port = 0;
    cfg_.server.dev_chat = true;
    cfg_.zalo.oa_secret_key = webhook::RandomDevSecret();
    cfg_.knowledge.db_path = (dir_ / "edge.db").string();
    responder_ = std::make_unique<bot::Responder>(*k.index, cfg_.bot);
    auto edge = webhook::Edge::Open(cfg_, *responder_, &recorder_);
    ASSERT_TRUE(edge.has_value()) << edge.error();
    edge_ = std::move(*edge);
    edge_->Start();
    server_ = std::make_unique<webhook::Server>(cfg_, *edge_, edge_.get());
    webhook::RegisterDevChat(server_->http(), cfg_, *edge_, recorder_, *responder_);
    std::promise<int> ready;
    auto port = ready.get_future();
    thread_ = std::thread([&] { (void)server_->Run([&](int p) { ready.set_value(p); }); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port.get());
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
    edge_->Stop();
  }
  // Sends as the citizen and returns every reply that came back.
  std::string Say(const std::string& text, const std::string& kind = "text") {
    auto res = client_->Post("/dev/chat/send", json{{"user", "an"}, {"kind", kind}, {"text", text}}.dump(),
                             "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_TRUE(edge_->WaitIdle(20000));
    auto got = client_->Get(("/dev/chat/replies?user=an&after=" + std::to_string(last_)).c_str());
    EXPECT_TRUE(got);
    if (!got) return {};
    auto j = json::parse(got->body);
    last_ = j["last"].get<long long>();
    std::string all;
    for (const auto& r : j["replies"]) all += r["text"].get<std::string>() + "\n";
    return all;
  }

  testing_support::TempDir dir_;
  config::Config cfg_;
  webhook::RecordingMessenger recorder_;
  std::unique_ptr<bot::Responder> responder_;
  std::unique_ptr<webhook::Edge> edge_;
  std::unique_ptr<webhook::Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  long long last_ = 0;
};

TEST_F(DevChat, ServesThePage) {
  auto res = client_->Get("/dev/chat");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("/dev/chat/send"), std::string::npos);
  EXPECT_EQ(res->body.find("https://cdn"), std::string::npos) << "no CDN";
}

TEST_F(DevChat, FollowUpAndCommuneOfficeThroughTheSignedWebhookPath) {
  EXPECT_NE(Say("tôi ở phường 3 thành phố Tây Ninh").find("phường Tân Ninh"), std::string::npos);
  const std::string first = Say("đăng ký khai sinh");
  EXPECT_NE(first.find("«Đăng ký khai sinh»"), std::string::npos);
  EXPECT_NE(first.find("Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) phường Tân Ninh"), std::string::npos);
  const std::string fee = Say("phí bao nhiêu?");
  EXPECT_NE(fee.find("«Đăng ký khai sinh»"), std::string::npos);
  EXPECT_NE(fee.find("Lệ phí:"), std::string::npos);
  EXPECT_EQ(fee.find("Hồ sơ cần chuẩn bị"), std::string::npos);
  EXPECT_NE(Say("", "image").find("gõ câu hỏi bằng chữ"), std::string::npos);
}

TEST_F(DevChat, HandOffIsSilentUntilReleased) {
  EXPECT_NE(Say("gặp nhân viên").find("nhân viên"), std::string::npos);
  EXPECT_EQ(Say("alo"), "");
  auto rel = client_->Post("/dev/chat/release", json{{"user", "an"}}.dump(), "application/json");
  ASSERT_TRUE(rel);
  EXPECT_TRUE(json::parse(rel->body)["released"].get<bool>());
  EXPECT_NE(Say("đăng ký khai sinh").find("«Đăng ký khai sinh»"), std::string::npos);
}

TEST_F(DevChat, RefusesBadInput) {
  auto res = client_->Post("/dev/chat/send", "not json", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = client_->Post("/dev/chat/send", json{{"user", ""}, {"text", "x"}}.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  auto bad = client_->Get("/dev/chat/replies?user=an&after=abc");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

}  // namespace

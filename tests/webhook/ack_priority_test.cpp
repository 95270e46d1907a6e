// Workers and senders letting queued acknowledgements go first: while enough
// webhook requests wait for their commit they wait too, never longer than the
// configured pause, and Stop() interrupts the wait.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "bot/responder.h"
#include "knowledge/inbox.h"
#include "knowledge/outbox.h"
#include "knowledge/tokens.h"
#include "tests/support/edge_harness.h"
#include "tests/support/test_support.h"
#include "webhook/metrics.h"
#include "webhook/messenger.h"
#include "webhook/sender.h"
#include "webhook/token_manager.h"
#include "webhook/workers.h"

namespace {

using namespace std::chrono_literals;
using testing_support::TempDir;

bool WaitFor(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

class WorkersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& k = testing_support::Knowledge();
    queue_ = k.cfg.queue;
    queue_.workers = 1;
    queue_.worker_nice = 0;
    queue_.ack_priority_waiting = 8;
    responder_ = std::make_unique<bot::Responder>(*k.index, k.cfg.bot);
    auto inbox = knowledge::Inbox::Open((dir_ / "w.db").string());
    ASSERT_TRUE(inbox.has_value()) << inbox.error();
    inbox_ = std::move(*inbox);
    const auto e = testing_support::SignedText("9100000000000000001", "m1", "đăng ký khai sinh", 1000);
    auto r = inbox_->Accept({"user_send_text:m1", "user_send_text", "9100000000000000001", 1000, 1000, e.body});
    ASSERT_TRUE(r.has_value()) << r.error();
  }

  std::unique_ptr<webhook::Workers> Make() {
    return std::make_unique<webhook::Workers>(queue_, *inbox_, *responder_, metrics_, [] {},
                                              [this] { return waiting_.load(); });
  }

  long long Pending() { return inbox_->Counts()->pending; }

  bool WaitUntilDone(std::chrono::seconds limit) {
    return WaitFor([this] { return Pending() == 0; }, limit);
  }

  TempDir dir_;
  config::Queue queue_;
  std::unique_ptr<bot::Responder> responder_;
  std::unique_ptr<knowledge::Inbox> inbox_;
  webhook::Metrics metrics_;
  std::atomic<int> waiting_{0};
};

TEST_F(WorkersTest, WaitWhileAcknowledgementsQueueThenAnswer) {
  queue_.ack_priority_max_pause_ms = 60000;
  waiting_ = 20;
  auto workers = Make();
  workers->Start();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(Pending(), 1) << "the worker answered while 20 acknowledgements were waiting";
  waiting_ = 3;  // under the threshold
  EXPECT_TRUE(WaitUntilDone(20s));
  workers->Stop();
  EXPECT_NE(metrics_.Render({}).find("hccbot_ack_priority_pauses_total{by=\"worker\"} 1\n"), std::string::npos);
}

TEST_F(WorkersTest, APauseIsBoundedWhenAcknowledgementsNeverStop) {
  queue_.ack_priority_max_pause_ms = 50;
  waiting_ = 1000;
  auto workers = Make();
  workers->Start();
  EXPECT_TRUE(WaitUntilDone(20s)) << "the event was never answered under endless acknowledgements";
  workers->Stop();
  EXPECT_NE(metrics_.Render({}).find("hccbot_ack_priority_pauses_total{by=\"worker\"} "), std::string::npos);
}

TEST_F(WorkersTest, ZeroTurnsThePauseOff) {
  queue_.ack_priority_waiting = 0;
  queue_.ack_priority_max_pause_ms = 60000;
  waiting_ = 1000;
  auto workers = Make();
  workers->Start();
  EXPECT_TRUE(WaitUntilDone(20s));
  workers->Stop();
  EXPECT_EQ(metrics_.Render({}).find("hccbot_ack_priority_pauses_total{"), std::string::npos);
}

TEST_F(WorkersTest, StopInterruptsAPause) {
  queue_.ack_priority_max_pause_ms = 60000;
  waiting_ = 20;
  auto workers = Make();
  workers->Start();
  std::this_thread::sleep_for(50ms);
  const auto started = std::chrono::steady_clock::now();
  workers->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s) << "Stop waited for the pause to run out";
  EXPECT_EQ(Pending(), 1) << "an event taken during Stop";
}

class CountingMessenger : public webhook::Messenger {
 public:
  std::expected<webhook::SendOk, webhook::SendError> SendText(const std::string&, const std::string&,
                                                              const std::string&) override {
    return webhook::SendOk{"zalo-" + std::to_string(++sent)};
  }
  std::atomic<int> sent{0};
};

TEST(SenderAckPriority, WaitsWhileAcknowledgementsQueueThenDelivers) {
  TempDir dir;
  const std::string path = (dir / "s.db").string();
  auto outbox = knowledge::Outbox::Open(path);
  auto store = knowledge::TokenStore::Open(path);
  ASSERT_TRUE(outbox.has_value() && store.has_value());
  config::Config cfg = testing_support::Knowledge().cfg;
  cfg.zalo.access_token = "tok-1";
  cfg.zalo.refresh_token = "ref-1";
  cfg.queue.senders = 1;
  cfg.queue.send_rate_per_s = 1000;
  cfg.queue.send_burst = 100;
  cfg.queue.ack_priority_waiting = 8;
  cfg.queue.ack_priority_max_pause_ms = 60000;
  webhook::Metrics metrics;
  webhook::TokenManager tokens(cfg.zalo, **store, metrics);
  ASSERT_TRUE(tokens.Init(1000).has_value());
  ASSERT_TRUE((*outbox)->Enqueue("9100000000000000001", "Dạ, anh/chị mang theo căn cước.", "bot", 1000).has_value());
  CountingMessenger messenger;
  std::atomic<int> waiting{20};
  webhook::Sender sender(cfg.queue, **outbox, messenger, tokens, metrics, [&] { return waiting.load(); });
  sender.Start();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(messenger.sent, 0) << "a text went out while 20 acknowledgements were waiting";
  waiting = 0;
  WaitFor([&] { return messenger.sent > 0; }, 20s);
  sender.Stop();
  EXPECT_EQ(messenger.sent, 1);
  EXPECT_NE(metrics.Render({}).find("hccbot_ack_priority_pauses_total{by=\"sender\"} 1\n"), std::string::npos);
}

}  // namespace

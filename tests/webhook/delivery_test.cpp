// Pieces of delivery that need no server: back-off, rate limits, token
// refresh against the fake OAuth endpoint, metrics text, the static mount and
// the queue settings.
#include <httplib.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "config/config.h"
#include "knowledge/tokens.h"
#include "tests/support/fake_zalo.h"
#include "tests/support/test_support.h"
#include "webhook/metrics.h"
#include "webhook/rate_limit.h"
#include "webhook/sender.h"
#include "webhook/server.h"
#include "webhook/token_manager.h"

namespace {

using testing_support::FakeZalo;
using testing_support::TempDir;

TEST(Backoff, FullJitterStaysUnderTheCappedExponential) {
  config::Queue q;
  q.retry_base_ms = 100;
  q.retry_cap_ms = 1000;
  std::mt19937_64 rng(7);
  for (int attempt = 0; attempt < 50; ++attempt) {
    const long long ceiling = std::min<long long>(1000, attempt < 40 ? 100LL << attempt : 1000);
    std::set<long long> seen;
    for (int i = 0; i < 200; ++i) {
      const long long d = webhook::BackoffMs(q, attempt, rng);
      ASSERT_GE(d, 0);
      ASSERT_LE(d, ceiling);
      seen.insert(d);
    }
    EXPECT_GT(seen.size(), 10u) << "jitter spreads the retries";
  }
}

TEST(CitizenLimiter, AllowsTheLimitThenNotifiesOnceThenStaysSilent) {
  webhook::CitizenLimiter limiter(3);
  using V = webhook::CitizenLimiter::Verdict;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Check("u", 1000 + i), V::kAllow);
  EXPECT_EQ(limiter.Check("u", 1010), V::kLimitNotify);
  EXPECT_EQ(limiter.Check("u", 1020), V::kLimitSilent);
  EXPECT_EQ(limiter.Check("other", 1030), V::kAllow);
  EXPECT_EQ(limiter.Check("u", 1000 + 61000), V::kAllow);
}

TEST(TokenBucket, PausedBucketIsInterruptible) {
  webhook::TokenBucket bucket(1000, 1);
  EXPECT_TRUE(bucket.Acquire());
  bucket.Pause(60000);
  auto waiting = std::async(std::launch::async, [&] { return bucket.Acquire(); });
  bucket.Interrupt();
  EXPECT_FALSE(waiting.get());
}

class Tokens : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_.app_id = "7000000000000000001";
    cfg_.app_secret = "FAKE_APP_SECRET";
    cfg_.oauth_base_url = zalo_.base_url();
    cfg_.access_token = "tok-1";
    cfg_.refresh_token = "ref-1";
    auto store = knowledge::TokenStore::Open((dir_ / "t.db").string());
    ASSERT_TRUE(store.has_value());
    store_ = std::move(*store);
  }
  TempDir dir_;
  FakeZalo zalo_;
  config::Zalo cfg_;
  std::unique_ptr<knowledge::TokenStore> store_;
  webhook::Metrics metrics_;
};

TEST_F(Tokens, ConcurrentRefreshesMakeOneCallAndPersistBeforeUse) {
  webhook::TokenManager tm(cfg_, *store_, metrics_);
  ASSERT_TRUE(tm.Init(1000).has_value());
  EXPECT_EQ(tm.Current(), "tok-1");
  zalo_.SetRefreshResult("tok-2", "ref-2");
  std::vector<std::future<std::expected<std::string, std::string>>> calls;
  for (int i = 0; i < 6; ++i)
    calls.push_back(std::async(std::launch::async, [&] { return tm.Refresh("tok-1"); }));
  for (auto& c : calls) {
    auto r = c.get();
    ASSERT_TRUE(r.has_value()) << r.error();
    EXPECT_EQ(*r, "tok-2");
  }
  EXPECT_EQ(zalo_.refresh_calls(), 1);
  auto stored = store_->Load("default");
  EXPECT_EQ((*stored)->access_token, "tok-2");
  EXPECT_EQ((*stored)->refresh_token, "ref-2");
  EXPECT_GT((*stored)->expires_at_ms, 0);
}

TEST_F(Tokens, RefreshesAheadOfExpiry) {
  cfg_.token_refresh_ahead_s = 3600;
  ASSERT_TRUE(store_->Save("default", {"tok-1", "ref-1", 10'000'000, 1}).has_value());
  webhook::TokenManager tm(cfg_, *store_, metrics_);
  ASSERT_TRUE(tm.Init(1000).has_value());
  zalo_.SetRefreshResult("tok-3", "ref-3");
  tm.RefreshIfDue(10'000'000 - 3'700'000);  // more than an hour left: nothing
  EXPECT_EQ(zalo_.refresh_calls(), 0);
  tm.RefreshIfDue(10'000'000 - 3'500'000);  // inside the margin
  EXPECT_EQ(zalo_.refresh_calls(), 1);
  EXPECT_EQ(tm.Current(), "tok-3");
}

TEST_F(Tokens, AFailedRefreshKeepsThePairAndRaisesTheMetric) {
  webhook::TokenManager tm(cfg_, *store_, metrics_);
  ASSERT_TRUE(tm.Init(1000).has_value());
  zalo_.SetRefreshResult("", "", /*fail=*/true);
  auto r = tm.Refresh("tok-1");
  EXPECT_FALSE(r.has_value());
  EXPECT_TRUE(tm.failing());
  EXPECT_EQ(metrics_.TokenRefreshCount("failed"), 1u);
  EXPECT_NE(metrics_.Render({}).find("hccbot_token_refresh_failing 1"), std::string::npos);
  EXPECT_EQ((*store_->Load("default"))->refresh_token, "ref-1");
  // Immediately asking again does not hammer the endpoint.
  EXPECT_FALSE(tm.Refresh("tok-1").has_value());
  EXPECT_EQ(zalo_.refresh_calls(), 1);
}

TEST_F(Tokens, APairStoredByAnotherProcessIsAdoptedInsteadOfRefreshing) {
  webhook::TokenManager tm(cfg_, *store_, metrics_);
  ASSERT_TRUE(tm.Init(1000).has_value());
  ASSERT_TRUE(store_->Save("default", {"tok-9", "ref-9", 0, 2}).has_value());
  auto r = tm.Refresh("tok-1");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, "tok-9");
  EXPECT_EQ(zalo_.refresh_calls(), 0);
}

TEST(Metrics, RendersPrometheusText) {
  webhook::Metrics m;
  m.ObserveWebhook("user_send_text", "stored", 0.002);
  m.ObserveWebhook("user_send_text", "stored", 0.3);
  m.CountSend("retry", -32);
  m.CountDeadLetter("not_retryable");
  const std::string text = m.Render({{"hccbot_inbox_pending", "Pending events.", 4}});
  EXPECT_NE(text.find("hccbot_webhook_events_total{type=\"user_send_text\",outcome=\"stored\"} 2"), std::string::npos);
  EXPECT_NE(text.find("hccbot_webhook_ack_seconds_bucket{le=\"0.0025\"} 1"), std::string::npos);
  EXPECT_NE(text.find("hccbot_webhook_ack_seconds_bucket{le=\"0.5\"} 2"), std::string::npos);
  EXPECT_NE(text.find("hccbot_webhook_ack_seconds_bucket{le=\"+Inf\"} 2"), std::string::npos);
  EXPECT_NE(text.find("hccbot_send_attempts_total{outcome=\"retry\",code=\"-32\"} 1"), std::string::npos);
  EXPECT_NE(text.find("hccbot_dead_letters_total{reason=\"not_retryable\"} 1"), std::string::npos);
  EXPECT_NE(text.find("# TYPE hccbot_inbox_pending gauge\nhccbot_inbox_pending 4\n"), std::string::npos);
}

class NoSink : public webhook::EventSink {
 public:
  std::expected<webhook::AcceptStatus, std::string> Accept(const webhook::Event&, std::string_view) override {
    return webhook::AcceptStatus::kStored;
  }
};

TEST(StaticMount, ServesFilesAndNeverEscapesTheDirectory) {
  TempDir dir;
  std::filesystem::create_directories(dir / "public");
  std::ofstream(dir / "public" / "app.js") << "ok();";
  std::ofstream(dir / "secret.txt") << "SECRET";
  std::filesystem::create_symlink(dir / "secret.txt", dir / "public" / "link.txt");
  config::Config cfg;
  cfg.server.port = 0;
  NoSink sink;
  webhook::Server server(cfg, sink);
  ASSERT_TRUE(server.MountStatic("/admin/", (dir / "public").string()));
  EXPECT_FALSE(server.MountStatic("/nope/", (dir / "missing").string()));
  std::promise<int> ready;
  auto port = ready.get_future();
  std::thread t([&] { (void)server.Run([&](int p) { ready.set_value(p); }); });
  httplib::Client c("127.0.0.1", port.get());
  auto ok = c.Get("/admin/app.js");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "ok();");
  for (const char* path : {"/admin/../secret.txt", "/admin/%2e%2e/secret.txt", "/admin/..%2fsecret.txt",
                           "/admin/link.txt", "/admin//etc/passwd", "/admin/%2fetc%2fpasswd", "/admin/"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_NE(r->status, 200) << path;
    EXPECT_EQ(r->body.find("SECRET"), std::string::npos) << path;
  }
  server.Stop();
  t.join();
}

TEST(QueueConfig, ExampleFileParsesWithTheDefaults) {
  auto c = config::Load(std::string(HCCBOT_KNOWLEDGE_DATA) + "/../../config/example.json");
  ASSERT_TRUE(c.has_value()) << c.error();
  config::Queue defaults;
  EXPECT_EQ(c->queue.max_attempts, defaults.max_attempts);
  EXPECT_EQ(c->queue.retry_base_ms, defaults.retry_base_ms);
  EXPECT_EQ(c->queue.rate_limit_reply, defaults.rate_limit_reply);
  EXPECT_FALSE(config::Parse(R"({"queue": {"dedupe_retention_days": 1}})").has_value());
  EXPECT_FALSE(config::Parse(R"({"queue": {"retry_base_ms": 100, "retry_cap_ms": 10}})").has_value());
}

}  // namespace

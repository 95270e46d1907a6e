// What must hold when Zalo or we misbehave: duplicates, token expiry, rate
// limits, outages, final errors, restarts. The platform is FakeZalo on
// loopback; the edge, its database and the HTTP server are real.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "knowledge/tokens.h"
#include "tests/support/edge_harness.h"

namespace {

using testing_support::EdgeHarness;
using testing_support::ScriptedResponse;
using testing_support::SignedText;

const long long kTs = 1767225600000;
const std::string kInvalidToken = R"({"error":-216,"message":"Access token is invalid"})";
const std::string kRateLimited = R"({"error":-32,"message":"Your application reached limit call api"})";
const std::string kNoInteraction = R"({"error":-230,"message":"User has not interacted with the OA in 7 days"})";

// Replies seen at the platform per quoted citizen message.
std::map<std::string, int> RepliesByQuote(const testing_support::FakeZalo& zalo) {
  std::map<std::string, int> out;
  for (const auto& m : zalo.messages())
    if (!m.quote_message_id.empty()) ++out[m.quote_message_id];
  return out;
}

TEST(Reliability, TheSameEventDeliveredTwiceGetsOneReply) {
  EdgeHarness h;
  auto e = SignedText("9100000000000000001", "dup00000000000000001", "đăng ký khai sinh", kTs);
  ASSERT_EQ(h.Post(e)->status, 200);
  ASSERT_EQ(h.Post(e)->status, 200);
  // And again concurrently, as Zalo's retries may overlap.
  std::vector<std::thread> posts;
  for (int i = 0; i < 4; ++i)
    posts.emplace_back([&h, &e] {
      httplib::Client c("127.0.0.1", h.port());
      auto r = c.Post("/webhook", {{"X-ZEvent-Signature", e.signature}}, e.body, "application/json");
      EXPECT_TRUE(r && r->status == 200);
    });
  for (auto& t : posts) t.join();
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox"), 1);
  auto replies = RepliesByQuote(h.zalo());
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies["dup00000000000000001"], 1);
  EXPECT_EQ(h.edge().metrics().EventCount("user_send_text", "stored"), 1u);
  EXPECT_EQ(h.edge().metrics().EventCount("user_send_text", "duplicate"), 5u);
}

TEST(Reliability, InvalidTokenIsRefreshedOnceAndTheSendSucceeds) {
  EdgeHarness h;
  // The stored token (tok-1) is no longer accepted; the refresh hands out tok-2.
  h.zalo().SetValidToken("tok-2");
  h.zalo().SetRefreshResult("tok-2", "ref-2");
  for (int i = 0; i < 4; ++i)
    ASSERT_EQ(h.Post(SignedText("92000000000000000" + std::to_string(10 + i), "tok0000000000000000" + std::to_string(i),
                                "làm hộ chiếu", kTs))
                  ->status,
              200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  // One refresh for all senders, with the stored refresh token, the app secret and the form body.
  EXPECT_EQ(h.zalo().refresh_calls(), 1);
  EXPECT_EQ(h.zalo().refresh_tokens_seen(), std::vector<std::string>{"ref-1"});
  auto got = h.zalo().messages();
  ASSERT_EQ(got.size(), 4u);
  for (const auto& m : got) EXPECT_EQ(m.access_token, "tok-2");
  EXPECT_EQ(h.Count("SELECT count(*) FROM outbox WHERE state = 'sent'"), 4);
  // The new pair was committed, with the expiry from the string expires_in.
  EXPECT_EQ(h.Text("SELECT refresh_token FROM oa_tokens"), "ref-2");
  const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  EXPECT_GT(h.Count("SELECT expires_at_ms FROM oa_tokens"), now + 80000LL * 1000);
  EXPECT_EQ(h.edge().metrics().TokenRefreshCount("ok"), 1u);
  // A restarted process uses the stored pair, not the environment's.
  h.Stop();
  h.Start();
  EXPECT_EQ(h.edge().tokens().Current(), "tok-2");
}

TEST(Reliability, FailedRefreshIsAnErrorMetricAndTheTextEndsAsDeadLetter) {
  EdgeHarness h;
  h.zalo().SetValidToken("never");
  h.zalo().SetRefreshResult("", "", /*fail=*/true);
  ASSERT_EQ(h.Post(SignedText("9300000000000000001", "ref00000000000000001", "khai sinh", kTs))->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  EXPECT_GE(h.edge().metrics().TokenRefreshCount("failed"), 1u);
  EXPECT_TRUE(h.edge().tokens().failing());
  auto metrics = h.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("hccbot_token_refresh_failing 1"), std::string::npos);
  // Every part of the answer ended as a dead letter after the last attempt.
  auto dead = h.edge().outbox().DeadLetters(10);
  ASSERT_TRUE(dead.has_value());
  ASSERT_FALSE(dead->empty());
  EXPECT_EQ(static_cast<long long>(dead->size()), h.Count("SELECT count(*) FROM outbox"));
  for (const auto& d : *dead) {
    EXPECT_NE(d.reason.find("-216"), std::string::npos) << d.reason;
    EXPECT_EQ(d.attempts, h.cfg().queue.max_attempts);
  }
  // The pair was not thrown away.
  EXPECT_EQ(h.Text("SELECT refresh_token FROM oa_tokens"), "ref-1");
}

TEST(Reliability, RateLimitBacksOffEveryone) {
  EdgeHarness h([](config::Config& c) { c.queue.rate_limit_pause_ms = 60000; });
  h.zalo().Script({{200, kRateLimited}});
  ASSERT_EQ(h.Post(SignedText("9400000000000000001", "rl000000000000000001", "khai sinh", kTs))->status, 200);
  ASSERT_TRUE(h.zalo().WaitForAttempts(1));
  // Wait for the outcome to be recorded, then check the schedule it got.
  for (int i = 0; i < 2000 && h.Count("SELECT count(*) FROM outbox WHERE last_error LIKE '%-32%'") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  EXPECT_EQ(h.Count("SELECT count(*) FROM outbox WHERE state = 'pending' AND attempts = 1"), 1);
  EXPECT_GT(h.Count("SELECT max(next_attempt_ms) FROM outbox"), now + 50000);
  EXPECT_EQ(h.edge().metrics().SendCount("retry", -32), 1u);
  EXPECT_EQ(h.zalo().send_attempts(), 1);
  EXPECT_TRUE(h.zalo().messages().empty());
}

TEST(Reliability, RateLimitedTextIsDeliveredOnceAfterTheBackOff) {
  EdgeHarness h;
  h.zalo().Script({{200, kRateLimited}, {200, kRateLimited}});
  ASSERT_EQ(h.Post(SignedText("9400000000000000002", "rl000000000000000002", "khai sinh", kTs))->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  // Two refusals, then every part of the answer once.
  const long long parts = h.Count("SELECT count(*) FROM outbox");
  EXPECT_EQ(h.zalo().send_attempts(), parts + 2);
  EXPECT_EQ(static_cast<long long>(h.zalo().messages().size()), parts);
  auto replies = RepliesByQuote(h.zalo());
  EXPECT_EQ(replies["rl000000000000000002"], 1);
  EXPECT_EQ(h.Count("SELECT sum(attempts) FROM outbox"), parts + 2);
}

TEST(Reliability, NoInteractionIsNeverRetriedAndBecomesADeadLetter) {
  EdgeHarness h;
  h.zalo().Script({{200, kNoInteraction}});
  ASSERT_EQ(h.Post(SignedText("9500000000000000001", "ni000000000000000001", "khai sinh", kTs))->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  // The refused part is not tried again; later parts are still attempted.
  EXPECT_EQ(h.zalo().send_attempts(), h.Count("SELECT count(*) FROM outbox"));
  auto dead = h.edge().outbox().DeadLetters(10);
  ASSERT_TRUE(dead.has_value());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].user_id, "9500000000000000001");
  EXPECT_EQ((*dead)[0].attempts, 1);
  EXPECT_NE((*dead)[0].reason.find("not retryable: zalo -230"), std::string::npos) << (*dead)[0].reason;
  EXPECT_EQ(h.edge().metrics().SendCount("dead", -230), 1u);
}

TEST(Reliability, OutageThenRecoveryDeliversEveryReplyOnceInOrder) {
  EdgeHarness h([](config::Config& c) { c.queue.max_attempts = 100; });
  h.zalo().SetOutage(ScriptedResponse{503, "Service Unavailable"});
  std::vector<std::string> order;
  for (int i = 0; i < 5; ++i) {
    const std::string msg = "out00000000000000" + std::to_string(100 + i);
    ASSERT_EQ(h.Post(SignedText("96000000000000000" + std::to_string(10 + i), msg, "khai sinh", kTs + i))->status, 200);
  }
  // One citizen asks three times: the answers must arrive in that order.
  for (int i = 0; i < 3; ++i) {
    const std::string msg = "seq00000000000000" + std::to_string(100 + i);
    order.push_back(msg);
    ASSERT_EQ(h.Post(SignedText("9600000000000000099", msg, i % 2 ? "hộ chiếu" : "khai sinh", kTs + 10 + i))->status,
              200);
  }
  ASSERT_TRUE(h.zalo().WaitForAttempts(30));
  EXPECT_TRUE(h.zalo().messages().empty());
  h.zalo().SetOutage(std::nullopt);
  ASSERT_TRUE(h.edge().WaitIdle(30000));
  auto replies = RepliesByQuote(h.zalo());
  EXPECT_EQ(replies.size(), 8u);
  for (const auto& [quote, n] : replies) EXPECT_EQ(n, 1) << quote;
  std::vector<std::string> seen;
  for (const auto& m : h.zalo().messages())
    if (m.user_id == "9600000000000000099" && !m.quote_message_id.empty()) seen.push_back(m.quote_message_id);
  EXPECT_EQ(seen, order);
  EXPECT_EQ(h.Count("SELECT count(*) FROM outbox WHERE state != 'sent'"), 0);
  EXPECT_EQ(static_cast<long long>(h.zalo().messages().size()), h.Count("SELECT count(*) FROM outbox"));
  auto unanswered = h.edge().outbox().UnansweredDoneEvents("");
  ASSERT_TRUE(unanswered.has_value());
  EXPECT_EQ(*unanswered, 0);
}

TEST(Reliability, StoppedInTheMiddleOfWorkAndRestartedLosesNothing) {
  EdgeHarness h([](config::Config& c) { c.queue.max_attempts = 100; });
  h.zalo().SetOutage(ScriptedResponse{503, "down"});
  std::set<std::string> asked;
  for (int i = 0; i < 3; ++i) {
    const std::string msg = "rst00000000000000" + std::to_string(100 + i);
    asked.insert(msg);
    ASSERT_EQ(h.Post(SignedText("97000000000000000" + std::to_string(10 + i), msg, "khai sinh", kTs))->status, 200);
  }
  // Answers are owed in the outbox while the platform is down.
  for (int i = 0; i < 4000 && h.Count("SELECT count(*) FROM inbox WHERE state = 'pending'") > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(h.Count("SELECT count(*) FROM inbox WHERE state = 'pending'"), 0);
  ASSERT_GE(h.Count("SELECT count(*) FROM outbox WHERE state = 'pending'"), 3);
  // Workers and senders stop; the server still acknowledges into the inbox.
  h.edge().Stop();
  for (int i = 0; i < 3; ++i) {
    const std::string msg = "rst00000000000000" + std::to_string(200 + i);
    asked.insert(msg);
    ASSERT_EQ(h.Post(SignedText("97000000000000000" + std::to_string(20 + i), msg, "hộ chiếu", kTs))->status, 200);
  }
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox WHERE state = 'pending'"), 3);
  h.Stop();
  // A new process on the same database, with the platform back.
  h.zalo().SetOutage(std::nullopt);
  h.Start();
  ASSERT_TRUE(h.edge().WaitIdle(30000));
  auto replies = RepliesByQuote(h.zalo());
  EXPECT_EQ(replies.size(), asked.size());
  for (const auto& msg : asked) EXPECT_EQ(replies[msg], 1) << msg;
  EXPECT_EQ(h.Count("SELECT count(*) FROM outbox WHERE state != 'sent'"), 0);
}

TEST(Reliability, EchoesAreRecordedAndNeverAnswered) {
  EdgeHarness h;
  const std::string body = testing_support::ReadFile(testing_support::FixturePath("oa_send_text.json"));
  ASSERT_EQ(h.Post(testing_support::Signed(body))->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(10000));
  EXPECT_EQ(h.zalo().send_attempts(), 0);
  EXPECT_EQ(h.Count("SELECT count(*) FROM staff_activity WHERE msg_id = 'cafe0000000000000003'"), 1);
}

TEST(Reliability, AFloodingCitizenGetsOnePoliteReplyThenSilence) {
  EdgeHarness h([](config::Config& c) { c.queue.citizen_events_per_minute = 2; });
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(h.Post(SignedText("9800000000000000001", "fl00000000000000000" + std::to_string(i), "khai sinh",
                                kTs + i * 1000))
                  ->status,
              200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  auto got = h.zalo().messages();
  ASSERT_FALSE(got.empty());
  int polite = 0;
  for (const auto& m : got) polite += m.text == h.cfg().queue.rate_limit_reply;
  EXPECT_EQ(polite, 1);
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox WHERE outcome = 'answered'"), 2);
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox WHERE outcome = 'rate_limited'"), 3);
  // A minute later (by the citizen's own clock) the bot answers again.
  ASSERT_EQ(h.Post(SignedText("9800000000000000001", "fl00000000000000009", "khai sinh", kTs + 120000))->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox WHERE outcome = 'answered'"), 3);
}

TEST(Reliability, StaffTextsGoThroughTheOutbox) {
  EdgeHarness h;
  h.zalo().Script({{503, "busy"}});
  auto id = h.edge().outbox().Enqueue("9900000000000000001", "Dạ, cán bộ sẽ gọi lại cho anh/chị.", "staff:lan",
                                     std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  ASSERT_TRUE(id.has_value()) << id.error();
  ASSERT_TRUE(h.zalo().WaitForMessages(1));
  ASSERT_TRUE(h.edge().WaitIdle(10000));
  auto got = h.zalo().messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, "Dạ, cán bộ sẽ gọi lại cho anh/chị.");
  EXPECT_EQ(h.Count("SELECT attempts FROM outbox WHERE origin = 'staff:lan' AND state = 'sent'"), 2);
}

}  // namespace

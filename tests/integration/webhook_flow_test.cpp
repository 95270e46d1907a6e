// The whole path: signed fixture events reach the real HTTP server on an
// ephemeral port, are stored in the inbox, the bot answers through the outbox,
// and the fake Zalo API receives the replies.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "tests/support/edge_harness.h"

namespace {

using testing_support::EdgeHarness;
using testing_support::FixturePath;
using testing_support::ReadFile;

const char* kTextMac = "mac=9f5fe03dd6497a24880045e3f3b16441f43b76393d91a3f02d0039b1c1293f7b";

TEST(WebhookFlow, SignedFixtureGetsAnAnswerAtTheFakeApi) {
  EdgeHarness h;
  const std::string body = ReadFile(FixturePath("user_send_text.json"));
  auto res = h.Post(body, kTextMac);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  auto got = h.zalo().messages();
  ASSERT_GE(got.size(), 1u);
  EXPECT_EQ(got[0].user_id, "9000000000000000001");
  EXPECT_EQ(got[0].quote_message_id, "deadbeef000000000001");
  EXPECT_EQ(got[0].access_token, "tok-1");
  // The question asks about the identity card: the reply names a căn cước procedure.
  EXPECT_NE(got[0].text.find("căn cước"), std::string::npos) << got[0].text;
  EXPECT_EQ(h.Count("SELECT count(*) FROM outbox WHERE state = 'sent'"), static_cast<long long>(got.size()));
}

// Every fixture, end to end: citizen events go through the bot and whatever it
// says is delivered; echoes become staff activity; the rest is acknowledged.
TEST(WebhookFlow, EveryFixtureEndToEnd) {
  EdgeHarness h;
  auto vectors = nlohmann::json::parse(ReadFile(FixturePath("webhook_signature_vectors.json")));
  int posted = 0;
  for (const auto& v : vectors["vectors"]) {
    const std::string file = v["file"];
    auto res = h.Post(ReadFile(FixturePath(file)), v["x_zevent_signature"].get<std::string>());
    ASSERT_TRUE(res) << file;
    EXPECT_EQ(res->status, 200) << file << ": " << res->body;
    ++posted;
  }
  ASSERT_TRUE(h.edge().WaitIdle(30000));
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox"), posted);
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox WHERE state != 'done'"), 0);
  const std::set<std::string> citizen = {"user_send_text",    "user_send_image",  "user_send_location",
                                         "user_send_sticker", "user_send_file",   "user_send_link",
                                         "follow",            "user_click_chatnow", "anonymous_send_text"};
  for (const auto& v : vectors["vectors"]) {
    auto event = webhook::ParseEvent(ReadFile(FixturePath(v["file"].get<std::string>())));
    ASSERT_TRUE(event.has_value());
    const std::string outcome =
        h.Text("SELECT outcome FROM inbox WHERE event_name = '" + event->name + "'");
    if (citizen.count(event->name)) {
      EXPECT_TRUE(outcome == "answered" || outcome == "silent") << event->name << " " << outcome;
    } else if (event->name == "oa_send_text") {
      EXPECT_EQ(outcome, "staff_activity");
    } else {
      EXPECT_EQ(outcome, "ignored") << event->name;
    }
  }
  // What the bot said reached the platform, and nothing else did.
  const long long owed = h.Count("SELECT count(*) FROM outbox");
  EXPECT_EQ(h.Count("SELECT count(*) FROM outbox WHERE state = 'pending'"), 0);
  const long long sent = h.Count("SELECT count(*) FROM outbox WHERE state = 'sent'");
  const long long dead = h.Count("SELECT count(*) FROM outbox WHERE state = 'dead'");
  EXPECT_EQ(sent + dead, owed);
  EXPECT_EQ(static_cast<long long>(h.zalo().messages().size()), sent);
  EXPECT_GE(h.Count("SELECT count(*) FROM outbox WHERE user_id = '9000000000000000001' AND state = 'sent'"), 1);
  // The echo was recorded and never answered.
  EXPECT_EQ(h.Count("SELECT count(*) FROM staff_activity WHERE user_id = '9000000000000000001' "
                    "AND admin_id = '3000000000000000001' AND source = 'console'"),
            1);
  EXPECT_EQ(h.Count("SELECT count(*) FROM outbox o JOIN inbox i ON o.inbox_id = i.id "
                    "WHERE i.event_name LIKE 'oa_send_%'"),
            0);
}

TEST(WebhookFlow, WrongOrMissingSignatureIs401AndNothingIsStored) {
  EdgeHarness h;
  const std::string body = ReadFile(FixturePath("user_send_text.json"));
  auto bad = h.Post(body, "mac=" + std::string(64, '0'));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  auto none = h.Post(body, "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  // A forged body under a genuine signature.
  std::string forged = body;
  forged.replace(forged.find("căn cước"), std::string("căn cước").size(), "hộ chiếu");
  auto f = h.Post(forged, kTextMac);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, 401);
  // Truncated body with the original signature.
  auto cut = h.Post(body.substr(0, body.size() - 2), kTextMac);
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->status, 400);
  ASSERT_TRUE(h.edge().WaitIdle(5000));
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox"), 0);
  EXPECT_EQ(h.zalo().send_attempts(), 0);
  EXPECT_EQ(h.edge().metrics().EventCount("invalid", "bad_signature"), 3u);
}

TEST(WebhookFlow, MalformedJsonIs400WithAReason) {
  EdgeHarness h;
  auto res = h.Post("{not json", "mac=00");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("JSON"), std::string::npos);
}

TEST(WebhookFlow, UnknownEventIsAcknowledgedAndIgnored) {
  EdgeHarness h;
  auto res = h.Post(testing_support::Signed(
      R"({"app_id":"7000000000000000001","event_name":"brand_new","timestamp":"1767225600000"})"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(5000));
  EXPECT_EQ(h.Count("SELECT count(*) FROM inbox"), 0);
  EXPECT_EQ(h.zalo().send_attempts(), 0);
}

TEST(WebhookFlow, OversizedBodyIs413) {
  EdgeHarness h;
  std::string huge(70 * 1024, 'a');
  auto res = h.Post(huge, "mac=00");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST(WebhookFlow, HealthReadinessAndMetrics) {
  EdgeHarness h;
  auto health = h.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = h.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  ASSERT_EQ(h.Post(ReadFile(FixturePath("user_send_text.json")), kTextMac)->status, 200);
  ASSERT_TRUE(h.edge().WaitIdle(20000));
  auto metrics = h.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  for (const char* name :
       {"hccbot_webhook_events_total{type=\"user_send_text\",outcome=\"stored\"} 1", "hccbot_webhook_ack_seconds_bucket",
        "hccbot_webhook_ack_seconds_count 1", "hccbot_inbox_pending 0", "hccbot_outbox_pending 0",
        "hccbot_send_attempts_total{outcome=\"sent\",code=\"0\"}", "hccbot_token_refresh_failing 0",
        "hccbot_worker_events_total{outcome=\"answered\"} 1"})
    EXPECT_NE(metrics->body.find(name), std::string::npos) << name << "\n" << metrics->body;
}

TEST(WebhookFlow, ReadinessFailsWhenTheInboxIsTooDeep) {
  EdgeHarness h([](config::Config& c) { c.queue.ready_max_inbox = 0; });
  h.Stop();
  h.Start(/*start_edge=*/false);  // events are stored but nobody works on them
  ASSERT_EQ(h.Post(ReadFile(FixturePath("user_send_text.json")), kTextMac)->status, 200);
  auto ready = h.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_NE(ready->body.find("inbox depth"), std::string::npos);
}

}  // namespace

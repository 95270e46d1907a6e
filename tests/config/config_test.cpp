#include "config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

TEST(Config, DefaultsAreValid) {
  auto c = config::Parse("{}");
  ASSERT_TRUE(c.has_value()) << c.error();
  EXPECT_EQ(c->server.host, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->zalo.api_base_url, "https://openapi.zalo.me");
  EXPECT_FALSE(c->knowledge.db_path.empty());
}

TEST(Config, ReadsSections) {
  auto c = config::Parse(R"({"server": {"port": 9000}, "zalo": {"app_id": "42", "api_base_url": "http://127.0.0.1:1"},
                             "bot": {"province": "Long An"}})");
  ASSERT_TRUE(c.has_value()) << c.error();
  EXPECT_EQ(c->server.port, 9000);
  EXPECT_EQ(c->zalo.app_id, "42");
  EXPECT_EQ(c->bot.province, "Long An");
}

TEST(Config, RejectsSecretsInTheFile) {
  auto c = config::Parse(R"({"zalo": {"oa_secret_key": "x"}})");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().find("environment"), std::string::npos);
}

TEST(Config, RejectsWrongTypesAndRanges) {
  EXPECT_FALSE(config::Parse(R"({"server": {"port": "eighty"}})").has_value());
  EXPECT_FALSE(config::Parse(R"({"server": {"port": 70000}})").has_value());
  EXPECT_FALSE(config::Parse(R"({"zalo": {"api_base_url": "ftp://x"}})").has_value());
  EXPECT_FALSE(config::Parse("not json").has_value());
  EXPECT_FALSE(config::Parse("[]").has_value());
  auto pause = config::Parse(R"({"queue": {"ack_priority_max_pause_ms": -1}})");
  ASSERT_FALSE(pause.has_value());
  EXPECT_NE(pause.error().find("queue.ack_priority_max_pause_ms"), std::string::npos);
  EXPECT_FALSE(config::Parse(R"({"queue": {"ack_priority_waiting": "many"}})").has_value());
  auto ok = config::Parse(R"({"queue": {"ack_priority_waiting": 0, "ack_priority_max_pause_ms": 0}})");
  ASSERT_TRUE(ok.has_value()) << ok.error();
  EXPECT_EQ(ok->queue.ack_priority_waiting, 0);
}

TEST(Config, SecretsComeFromTheEnvironment) {
  ::setenv("ZALO_OA_SECRET_KEY", "from-env", 1);
  auto c = config::Parse("{}");
  ::unsetenv("ZALO_OA_SECRET_KEY");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->zalo.oa_secret_key, "from-env");
}

TEST(Config, MissingFileIsAnError) {
  auto c = config::Load("/nonexistent/hccbot.json");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().find("cannot open"), std::string::npos);
}

}  // namespace

namespace {

TEST(Config, ConversationAndDossierSettings) {
  auto c = config::Parse(R"({"bot": {"handoff_timeout_minutes": 60, "rating_prompt": false},
                             "dossier": {"base_url": "http://127.0.0.1:9200", "timeout_s": 3}})");
  ASSERT_TRUE(c.has_value()) << c.error();
  EXPECT_EQ(c->bot.handoff_timeout_minutes, 60);
  EXPECT_FALSE(c->bot.rating_prompt);
  EXPECT_EQ(c->bot.reply_window_hours, 48);
  EXPECT_EQ(c->dossier.base_url, "http://127.0.0.1:9200");
  EXPECT_FALSE(config::Parse(R"({"bot": {"handoff_timeout_minutes": 0}})").has_value());
  EXPECT_FALSE(config::Parse(R"({"dossier": {"base_url": "ftp://x"}})").has_value());
  auto secret = config::Parse(R"({"dossier": {"api_key": "k"}})");
  ASSERT_FALSE(secret.has_value());
  EXPECT_NE(secret.error().find("environment"), std::string::npos);
}

TEST(Config, ExampleFileHoldsEveryDefault) {
  auto c = config::Load(HCCBOT_EXAMPLE_CONFIG);
  ASSERT_TRUE(c.has_value()) << c.error();
  config::Config d = config::Defaults();
  EXPECT_EQ(c->bot.session_idle_minutes, d.bot.session_idle_minutes);
  EXPECT_EQ(c->bot.commune_days, d.bot.commune_days);
  EXPECT_EQ(c->bot.handoff_timeout_minutes, d.bot.handoff_timeout_minutes);
  EXPECT_EQ(c->bot.rating_prompt, d.bot.rating_prompt);
  EXPECT_EQ(c->bot.reply_window_hours, d.bot.reply_window_hours);
  EXPECT_EQ(c->dossier.base_url, d.dossier.base_url);
  EXPECT_EQ(c->dossier.timeout_s, d.dossier.timeout_s);
}

}  // namespace

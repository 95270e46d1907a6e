#include "config/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace config {
namespace {

using nlohmann::json;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

void TakeSecretsFromEnvironment(Config& c) {
  if (auto v = Env("ZALO_APP_ID"); !v.empty()) c.zalo.app_id = v;
  if (auto v = Env("ZALO_OA_ID"); !v.empty()) c.zalo.oa_id = v;
  if (auto v = Env("ZALO_APP_SECRET"); !v.empty()) c.zalo.app_secret = v;
  if (auto v = Env("ZALO_OA_SECRET_KEY"); !v.empty()) c.zalo.oa_secret_key = v;
  if (auto v = Env("ZALO_ACCESS_TOKEN"); !v.empty()) c.zalo.access_token = v;
  if (auto v = Env("ZALO_REFRESH_TOKEN"); !v.empty()) c.zalo.refresh_token = v;
  if (auto v = Env("HCCBOT_DOSSIER_API_KEY"); !v.empty()) c.dossier.api_key = v;
}

template <typename T>
std::expected<void, std::string> Read(const json& obj, const char* key, T& out,
                                      const std::string& section) {
  if (!obj.contains(key)) return {};
  try {
    out = obj.at(key).get<T>();
  } catch (const json::exception&) {
    return std::unexpected(section + "." + key + ": wrong type");
  }
  return {};
}

#define HCC_READ(obj, key, field, section)                       \
  if (auto r = Read(obj, key, field, section); !r) return std::unexpected(r.error())

std::expected<void, std::string> ApplyJson(const json& j, Config& c) {
  if (!j.is_object()) return std::unexpected("top level must be an object");
  static const char* kSecretKeys[] = {"app_secret", "oa_secret_key", "access_token", "refresh_token"};
  if (j.contains("server")) {
    const json& s = j["server"];
    HCC_READ(s, "host", c.server.host, "server");
    HCC_READ(s, "port", c.server.port, "server");
    HCC_READ(s, "threads", c.server.threads, "server");
    HCC_READ(s, "max_body_bytes", c.server.max_body_bytes, "server");
    HCC_READ(s, "read_timeout_s", c.server.read_timeout_s, "server");
    HCC_READ(s, "write_timeout_s", c.server.write_timeout_s, "server");
    HCC_READ(s, "keep_alive_max", c.server.keep_alive_max, "server");
    HCC_READ(s, "static_dir", c.server.static_dir, "server");
    HCC_READ(s, "dev_chat", c.server.dev_chat, "server");
  }
  if (j.contains("zalo")) {
    const json& z = j["zalo"];
    for (const char* k : kSecretKeys)
      if (z.contains(k))
        return std::unexpected(std::string("zalo.") + k +
                               ": secrets are read from the environment, not from the file");
    HCC_READ(z, "app_id", c.zalo.app_id, "zalo");
    HCC_READ(z, "oa_id", c.zalo.oa_id, "zalo");
    HCC_READ(z, "api_base_url", c.zalo.api_base_url, "zalo");
    HCC_READ(z, "oauth_base_url", c.zalo.oauth_base_url, "zalo");
    HCC_READ(z, "require_signature", c.zalo.require_signature, "zalo");
    HCC_READ(z, "max_event_age_s", c.zalo.max_event_age_s, "zalo");
    HCC_READ(z, "max_event_skew_s", c.zalo.max_event_skew_s, "zalo");
    HCC_READ(z, "send_timeout_s", c.zalo.send_timeout_s, "zalo");
    HCC_READ(z, "token_refresh_ahead_s", c.zalo.token_refresh_ahead_s, "zalo");
  }
  if (j.contains("queue")) {
    const json& q = j["queue"];
    HCC_READ(q, "workers", c.queue.workers, "queue");
    HCC_READ(q, "worker_nice", c.queue.worker_nice, "queue");
    HCC_READ(q, "ack_priority_waiting", c.queue.ack_priority_waiting, "queue");
    HCC_READ(q, "ack_priority_max_pause_ms", c.queue.ack_priority_max_pause_ms, "queue");
    HCC_READ(q, "senders", c.queue.senders, "queue");
    HCC_READ(q, "retry_base_ms", c.queue.retry_base_ms, "queue");
    HCC_READ(q, "retry_cap_ms", c.queue.retry_cap_ms, "queue");
    HCC_READ(q, "max_attempts", c.queue.max_attempts, "queue");
    HCC_READ(q, "rate_limit_pause_ms", c.queue.rate_limit_pause_ms, "queue");
    HCC_READ(q, "send_rate_per_s", c.queue.send_rate_per_s, "queue");
    HCC_READ(q, "send_burst", c.queue.send_burst, "queue");
    HCC_READ(q, "dedupe_retention_days", c.queue.dedupe_retention_days, "queue");
    HCC_READ(q, "sent_retention_days", c.queue.sent_retention_days, "queue");
    HCC_READ(q, "ready_max_inbox", c.queue.ready_max_inbox, "queue");
    HCC_READ(q, "ready_max_outbox", c.queue.ready_max_outbox, "queue");
    HCC_READ(q, "citizen_events_per_minute", c.queue.citizen_events_per_minute, "queue");
    HCC_READ(q, "rate_limit_reply", c.queue.rate_limit_reply, "queue");
  }
  if (j.contains("knowledge")) {
    const json& k = j["knowledge"];
    HCC_READ(k, "db_path", c.knowledge.db_path, "knowledge");
    HCC_READ(k, "data_dir", c.knowledge.data_dir, "knowledge");
    HCC_READ(k, "candidates", c.knowledge.candidates, "knowledge");
  }
  if (j.contains("bot")) {
    const json& b = j["bot"];
    HCC_READ(b, "province", c.bot.province, "bot");
    HCC_READ(b, "portal_url", c.bot.portal_url, "bot");
    HCC_READ(b, "office_hours", c.bot.office_hours, "bot");
    HCC_READ(b, "max_message_chars", c.bot.max_message_chars, "bot");
    HCC_READ(b, "top_k", c.bot.top_k, "bot");
    HCC_READ(b, "session_idle_minutes", c.bot.session_idle_minutes, "bot");
    HCC_READ(b, "commune_days", c.bot.commune_days, "bot");
    HCC_READ(b, "handoff_timeout_minutes", c.bot.handoff_timeout_minutes, "bot");
    HCC_READ(b, "rating_prompt", c.bot.rating_prompt, "bot");
    HCC_READ(b, "reply_window_hours", c.bot.reply_window_hours, "bot");
  }
  if (j.contains("dossier")) {
    const json& d = j["dossier"];
    if (d.contains("api_key")) return std::unexpected("dossier.api_key: secrets are read from the environment, not from the file");
    HCC_READ(d, "base_url", c.dossier.base_url, "dossier");
    HCC_READ(d, "timeout_s", c.dossier.timeout_s, "dossier");
  }
  return {};
}

std::expected<void, std::string> Validate(const Config& c) {
  if (c.server.port < 0 || c.server.port > 65535) return std::unexpected("server.port out of range");
  if (c.server.threads < 1 || c.server.threads > 256) return std::unexpected("server.threads must be 1..256");
  if (c.server.max_body_bytes < 1024) return std::unexpected("server.max_body_bytes must be >= 1024");
  if (c.knowledge.db_path.empty()) return std::unexpected("knowledge.db_path is empty");
  if (c.knowledge.candidates < 5 || c.knowledge.candidates > 1000)
    return std::unexpected("knowledge.candidates must be 5..1000");
  const Queue& q = c.queue;
  if (q.workers < 1 || q.workers > 64) return std::unexpected("queue.workers must be 1..64");
  if (q.worker_nice < 0 || q.worker_nice > 19) return std::unexpected("queue.worker_nice must be 0..19");
  if (q.ack_priority_waiting < 0 || q.ack_priority_waiting > 100000)
    return std::unexpected("queue.ack_priority_waiting must be 0..100000");
  if (q.ack_priority_max_pause_ms < 0 || q.ack_priority_max_pause_ms > 10000)
    return std::unexpected("queue.ack_priority_max_pause_ms must be 0..10000");
  if (q.senders < 1 || q.senders > 64) return std::unexpected("queue.senders must be 1..64");
  if (q.retry_base_ms < 1 || q.retry_cap_ms < q.retry_base_ms)
    return std::unexpected("queue.retry_base_ms must be >= 1 and <= queue.retry_cap_ms");
  if (q.max_attempts < 1 || q.max_attempts > 100) return std::unexpected("queue.max_attempts must be 1..100");
  if (q.rate_limit_pause_ms < 0) return std::unexpected("queue.rate_limit_pause_ms must be >= 0");
  if (!(q.send_rate_per_s > 0) || q.send_burst < 1)
    return std::unexpected("queue.send_rate_per_s must be > 0 and queue.send_burst >= 1");
  // Zalo may retry a delivery for hours; keys must outlive that by far.
  if (q.dedupe_retention_days < 7) return std::unexpected("queue.dedupe_retention_days must be >= 7");
  if (q.sent_retention_days < 1) return std::unexpected("queue.sent_retention_days must be >= 1");
  if (q.citizen_events_per_minute < 1) return std::unexpected("queue.citizen_events_per_minute must be >= 1");
  if (q.rate_limit_reply.empty()) return std::unexpected("queue.rate_limit_reply is empty");
  if (c.zalo.token_refresh_ahead_s < 0) return std::unexpected("zalo.token_refresh_ahead_s must be >= 0");
  if (c.bot.max_message_chars < 200) return std::unexpected("bot.max_message_chars must be >= 200");
  if (c.bot.top_k < 1 || c.bot.top_k > 10) return std::unexpected("bot.top_k must be 1..10");
  if (c.bot.session_idle_minutes < 1) return std::unexpected("bot.session_idle_minutes must be >= 1");
  if (c.bot.commune_days < 1) return std::unexpected("bot.commune_days must be >= 1");
  if (c.bot.handoff_timeout_minutes < 1) return std::unexpected("bot.handoff_timeout_minutes must be >= 1");
  if (c.bot.reply_window_hours < 1) return std::unexpected("bot.reply_window_hours must be >= 1");
  if (c.dossier.timeout_s < 1 || c.dossier.timeout_s > 60) return std::unexpected("dossier.timeout_s must be 1..60");
  auto url_ok = [](const std::string& u) {
    return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0;
  };
  if (!url_ok(c.zalo.api_base_url)) return std::unexpected("zalo.api_base_url must start with http:// or https://");
  if (!c.dossier.base_url.empty() && !url_ok(c.dossier.base_url))
    return std::unexpected("dossier.base_url must be empty or start with http:// or https://");
  if (!url_ok(c.zalo.oauth_base_url)) return std::unexpected("zalo.oauth_base_url must start with http:// or https://");
  return {};
}

}  // namespace

Config Defaults() {
  Config c;
  c.knowledge.db_path = HCCBOT_DEFAULT_DB;
  c.knowledge.data_dir = HCCBOT_DEFAULT_DATA_DIR;
  c.server.static_dir = HCCBOT_DEFAULT_STATIC_DIR;
  return c;
}

std::expected<Config, std::string> Parse(const std::string& json_text) {
  Config c = Defaults();
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    return std::unexpected(std::string("not valid JSON: ") + e.what());
  }
  if (auto r = ApplyJson(j, c); !r) return std::unexpected(r.error());
  TakeSecretsFromEnvironment(c);
  if (auto r = Validate(c); !r) return std::unexpected(r.error());
  return c;
}

std::expected<Config, std::string> Load(const std::string& path) {
  if (path.empty()) {
    Config c = Defaults();
    TakeSecretsFromEnvironment(c);
    if (auto r = Validate(c); !r) return std::unexpected(r.error());
    return c;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot open config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto c = Parse(ss.str());
  if (!c) return std::unexpected(path + ": " + c.error());
  return c;
}

}  // namespace config

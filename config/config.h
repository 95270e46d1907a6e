#pragma once
// Settings of one hcc-bot process. Defaults live here so a test writes
// `config::Config cfg;` and changes one field. Secrets come only from the
// environment (see Load).
#include <expected>
#include <string>
#include <vector>

namespace config {

struct Server {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 16;                 // httplib's pool: handlers are short, keep it > open connections
  std::size_t max_body_bytes = 64 * 1024;
  int read_timeout_s = 5;
  int write_timeout_s = 5;
  int keep_alive_max = 100;
  std::string static_dir;           // holds admin/ and dev/ pages; default set by Load
  bool dev_chat = false;            // /dev/chat simulator, never on in production
};

struct Zalo {
  std::string app_id;               // decimal string, also checked against the body
  std::string oa_id;
  std::string app_secret;           // env ZALO_APP_SECRET (OAuth)
  std::string oa_secret_key;        // env ZALO_OA_SECRET_KEY (webhook MAC)
  std::string access_token;         // env ZALO_ACCESS_TOKEN, first bootstrap only
  std::string refresh_token;        // env ZALO_REFRESH_TOKEN, first bootstrap only
  std::string api_base_url = "https://openapi.zalo.me";
  std::string oauth_base_url = "https://oauth.zaloapp.com";
  // When no secret is configured (local run) the webhook refuses every event
  // unless this is explicitly turned off for the simulator.
  bool require_signature = true;
  long long max_event_age_s = 24 * 3600;
  long long max_event_skew_s = 5 * 60;
  int send_timeout_s = 10;
  // The access token lasts ~25 h; refresh this long before it expires.
  long long token_refresh_ahead_s = 5 * 3600;
};

// The durable inbox/outbox between the webhook and the platform API.
struct Queue {
  int workers = 4;                  // events of different citizens in parallel
  // Workers run at this nice value (0..19) so that answering (CPU-heavy
  // search) never delays acknowledging Zalo's webhooks, which must be fast.
  int worker_nice = 10;
  // While at least this many webhook requests wait for their commit, a worker
  // or sender about to take its next item waits for them, at most
  // ack_priority_max_pause_ms before it takes one anyway: answers can wait a
  // moment, Zalo's 2 s acknowledgement cannot (a missed one comes back as a retry).
  // 0 turns the pause off.
  int ack_priority_waiting = 8;
  int ack_priority_max_pause_ms = 200;
  int senders = 4;                  // outbox deliveries of different citizens in parallel
  long long retry_base_ms = 1000;   // exponential back-off with full jitter:
  long long retry_cap_ms = 5 * 60 * 1000;   //   delay = random(0, min(cap, base * 2^attempt))
  int max_attempts = 12;            // then the text becomes a dead letter
  long long rate_limit_pause_ms = 10000;    // all sends pause this long on Zalo's -32
  double send_rate_per_s = 20;      // per-OA token bucket
  int send_burst = 20;
  int dedupe_retention_days = 7;    // finished events (and their dedupe keys) kept this long
  int sent_retention_days = 30;     // delivered texts kept this long; dead letters stay
  long long ready_max_inbox = 5000; // /readyz fails above these depths
  long long ready_max_outbox = 5000;
  // Abuse limit: events per citizen per minute (by the event's own time);
  // beyond it the bot stays silent after one polite reply.
  int citizen_events_per_minute = 20;
  std::string rate_limit_reply =
      "Dạ, anh/chị đang gửi tin nhắn quá nhanh nên hệ thống tạm chưa trả lời các tin vừa rồi. "
      "Xin anh/chị vui lòng chờ khoảng một phút rồi gửi lại câu hỏi ạ.";
};

struct Knowledge {
  std::string db_path;              // default set by Load
  std::string data_dir;             // default set by Load
  int candidates = 50;              // per FTS table before re-ranking
};

struct Bot {
  std::string province = "Tây Ninh";
  std::string portal_url = "https://dichvucong.gov.vn";
  std::string office_hours = "Thứ Hai – thứ Sáu: 7h00–11h30 và 13h30–17h00";
  std::size_t max_message_chars = 2000;
  int top_k = 3;
  // Conversation: what the bot remembers and for how long.
  int session_idle_minutes = 30;    // last procedure and pending question are forgotten after this
  int commune_days = 90;            // the commune a citizen named is kept this long
  int handoff_timeout_minutes = 240;// the bot answers again if staff neither reply nor release
  bool rating_prompt = true;        // ask for a 1–4 rating after an answer, once a day at most
  int reply_window_hours = 48;      // Zalo lets the OA answer freely only this long after the citizen wrote
};

// The province's dossier-tracking system (tra cứu hồ sơ). Off when base_url is empty.
struct Dossier {
  std::string base_url;             // e.g. http://127.0.0.1:9200; GET <base_url>/dossiers/<code>
  std::string api_key;              // env HCCBOT_DOSSIER_API_KEY, sent as X-Api-Key when set
  int timeout_s = 5;
};

struct Config {
  Server server;
  Zalo zalo;
  Queue queue;
  Knowledge knowledge;
  Bot bot;
  Dossier dossier;
};

// Defaults with paths filled in, no file read, secrets from the environment.
Config Defaults();

// Reads a JSON file (every key optional), then the environment, then
// validates. An empty path means defaults plus environment.
std::expected<Config, std::string> Load(const std::string& path);

// Same as Load for text already in memory (tests).
std::expected<Config, std::string> Parse(const std::string& json_text);

}  // namespace config

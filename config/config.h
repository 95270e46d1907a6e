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

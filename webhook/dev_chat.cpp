#include "webhook/dev_chat.h"

#include <httplib.h>
#include <openssl/rand.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/logging.h"
#include "webhook/signature.h"

namespace webhook {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRecorded = 10000;

bool IsLoopback(const std::string& addr) {
  return addr == "127.0.0.1" || addr == "::1" || addr == "::ffff:127.0.0.1";
}

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Hex(const unsigned char* p, std::size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 15];
  }
  return s;
}

void JsonReply(httplib::Response& res, const json& j, int status = 200) {
  res.status = status;
  res.set_content(j.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

}  // namespace

std::expected<SendOk, SendError> RecordingMessenger::SendText(const std::string& user_id, const std::string& text,
                                                              const std::string& quote_msg_id) {
  std::int64_t seq;
  {
    std::lock_guard lock(mutex_);
    seq = ++seq_;
    recorded_.push_back({seq, user_id, text});
    // A long local session keeps the latest replies only.
    if (recorded_.size() > kMaxRecorded) recorded_.erase(recorded_.begin(), recorded_.begin() + kMaxRecorded / 2);
  }
  if (forward_ && user_id.rfind(kDevUserPrefix, 0) != 0) return forward_->SendText(user_id, text, quote_msg_id);
  return SendOk{"dev-" + std::to_string(seq)};
}

std::vector<RecordingMessenger::Recorded> RecordingMessenger::Since(const std::string& user_id,
                                                                    std::int64_t after) const {
  std::lock_guard lock(mutex_);
  std::vector<Recorded> out;
  for (const auto& r : recorded_)
    if (r.user_id == user_id && r.seq > after) out.push_back(r);
  return out;
}

DevEvent BuildDevEvent(const config::Zalo& cfg, const std::string& user_id, const std::string& kind,
                       const std::string& text, double latitude, double longitude, long long now_ms,
                       const std::string& msg_id) {
  const std::string ts = std::to_string(now_ms);
  const std::string oa = cfg.oa_id.empty() ? "dev-oa" : cfg.oa_id;
  json j;
  j["app_id"] = cfg.app_id;
  j["timestamp"] = ts;
  j["user_id_by_app"] = user_id;
  if (kind == "follow") {
    j["event_name"] = "follow";
    j["oa_id"] = oa;
    j["source"] = "oa_profile";
    j["follower"] = {{"id", user_id}};
  } else {
    j["sender"] = {{"id", user_id}};
    j["recipient"] = {{"id", oa}};
    json message = {{"msg_id", msg_id}};
    if (kind == "image" || kind == "sticker" || kind == "file") {
      j["event_name"] = "user_send_" + kind;
      message["attachments"] = json::array({{{"type", kind}, {"payload", {{"url", "https://example.invalid/x"}}}}});
    } else if (kind == "location") {
      j["event_name"] = "user_send_location";
      message["attachments"] = json::array(
          {{{"type", "location"},
            {"payload", {{"coordinates", {{"latitude", std::to_string(latitude)},
                                          {"longitude", std::to_string(longitude)}}}}}}});
    } else {
      j["event_name"] = "user_send_text";
      message["text"] = text;
    }
    j["message"] = message;
  }
  DevEvent e;
  e.body = j.dump(-1, ' ', false, json::error_handler_t::replace);
  e.signature = "mac=" + ComputeSignature(cfg.app_id, e.body, ts, cfg.oa_secret_key);
  return e;
}

std::string RandomDevSecret() {
  unsigned char buf[24];
  if (RAND_bytes(buf, sizeof buf) != 1) {
    // Without randomness the simulator stays usable but the process says so.
    logging::Warn("dev_chat.weak_secret", {{"reason", "RAND_bytes failed"}});
    const auto t = static_cast<unsigned long long>(NowMs());
    for (std::size_t i = 0; i < sizeof buf; ++i) buf[i] = static_cast<unsigned char>(t >> ((i % 8) * 8));
  }
  return "dev-" + Hex(buf, sizeof buf);
}

void RegisterDevChat(httplib::Server& http, const config::Config& cfg, EventSink& sink,
                     const RecordingMessenger& replies, const bot::Responder& responder) {
  static std::atomic<long long> counter{0};
  const std::string page = cfg.server.static_dir + "/dev/chat.html";
  http.Get("/dev/chat", [page](const httplib::Request& req, httplib::Response& res) {
    if (!IsLoopback(req.remote_addr)) return JsonReply(res, {{"error", "loopback only"}}, 403);
    std::ifstream in(page, std::ios::binary);
    if (!in) return JsonReply(res, {{"error", "page missing: " + page}}, 500);
    std::stringstream ss;
    ss << in.rdbuf();
    res.set_header("Cache-Control", "no-store");
    res.set_content(ss.str(), "text/html; charset=utf-8");
  });
  http.Post("/dev/chat/send", [&cfg, &sink](const httplib::Request& req, httplib::Response& res) {
    if (!IsLoopback(req.remote_addr)) return JsonReply(res, {{"error", "loopback only"}}, 403);
    auto j = json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return JsonReply(res, {{"error", "body must be a JSON object"}}, 400);
    const std::string user = j.value("user", "");
    const std::string kind = j.value("kind", "text");
    const std::string text = j.value("text", "");
    if (user.empty() || user.size() > 64) return JsonReply(res, {{"error", "user must be 1..64 characters"}}, 400);
    if (kind == "text" && text.empty()) return JsonReply(res, {{"error", "text is empty"}}, 400);
    const long long now = NowMs();
    const std::string msg_id = "dev" + std::to_string(now) + "x" + std::to_string(++counter);
    auto event = BuildDevEvent(cfg.zalo, std::string(kDevUserPrefix) + user, kind, text, j.value("lat", 0.0),
                               j.value("lon", 0.0), now, msg_id);
    auto out = HandleWebhook(cfg.zalo, sink, event.body, event.signature, now);
    JsonReply(res, {{"status", out.status}, {"reason", out.reason}}, out.status == 200 ? 200 : 502);
  });
  http.Get("/dev/chat/replies", [&replies](const httplib::Request& req, httplib::Response& res) {
    if (!IsLoopback(req.remote_addr)) return JsonReply(res, {{"error", "loopback only"}}, 403);
    const std::string user = req.get_param_value("user");
    long long after = 0;
    try {
      after = std::stoll(req.has_param("after") ? req.get_param_value("after") : "0");
    } catch (...) {
      return JsonReply(res, {{"error", "after must be a number"}}, 400);
    }
    json out = {{"replies", json::array()}, {"last", after}};
    for (const auto& r : replies.Since(std::string(kDevUserPrefix) + user, after)) {
      out["replies"].push_back({{"seq", r.seq}, {"text", r.text}});
      out["last"] = r.seq;
    }
    JsonReply(res, out);
  });
  http.Post("/dev/chat/release", [&responder](const httplib::Request& req, httplib::Response& res) {
    if (!IsLoopback(req.remote_addr)) return JsonReply(res, {{"error", "loopback only"}}, 403);
    auto j = json::parse(req.body, nullptr, false);
    const std::string user = j.is_object() ? j.value("user", "") : "";
    if (user.empty()) return JsonReply(res, {{"error", "user is required"}}, 400);
    JsonReply(res, {{"released", responder.ReleaseHandoff(std::string(kDevUserPrefix) + user, "dev-chat", 0)}});
  });
}

}  // namespace webhook

#include "tests/support/edge_harness.h"

#include <gtest/gtest.h>

#include <future>

#include <nlohmann/json.hpp>

#include "webhook/signature.h"

namespace testing_support {

SignedEvent Signed(const std::string& body) {
  auto ts = webhook::ExtractTimestamp(body);
  return {body, "mac=" + webhook::ComputeSignature(kAppId, body, ts ? *ts : "", kOaSecret)};
}

SignedEvent SignedText(const std::string& user_id, const std::string& msg_id, const std::string& text,
                       long long timestamp_ms) {
  nlohmann::json j = {{"app_id", kAppId},
                      {"sender", {{"id", user_id}}},
                      {"recipient", {{"id", "8000000000000000001"}}},
                      {"event_name", "user_send_text"},
                      {"message", {{"text", text}, {"msg_id", msg_id}}},
                      {"timestamp", std::to_string(timestamp_ms)},
                      {"user_id_by_app", "6000000000000000001"}};
  return Signed(j.dump());
}

EdgeHarness::EdgeHarness(const std::function<void(config::Config&)>& tune) {
  auto& k = Knowledge();
  cfg_ = k.cfg;
  cfg_.knowledge.db_path = (dir_ / "edge.db").string();
  cfg_.server.port = 0;
  cfg_.server.read_timeout_s = 2;
  cfg_.zalo.app_id = kAppId;
  cfg_.zalo.oa_secret_key = kOaSecret;
  cfg_.zalo.app_secret = "FAKE_APP_SECRET";
  cfg_.zalo.access_token = "tok-1";
  cfg_.zalo.refresh_token = "ref-1";
  cfg_.zalo.api_base_url = zalo_.base_url();
  cfg_.zalo.oauth_base_url = zalo_.base_url();
  cfg_.zalo.max_event_age_s = 0;  // fixtures carry fixed timestamps
  cfg_.zalo.send_timeout_s = 2;
  cfg_.queue.workers = 2;
  cfg_.queue.senders = 2;
  cfg_.queue.retry_base_ms = 5;
  cfg_.queue.retry_cap_ms = 50;
  cfg_.queue.max_attempts = 5;
  cfg_.queue.rate_limit_pause_ms = 20;
  cfg_.queue.send_rate_per_s = 1000;
  cfg_.queue.send_burst = 100;
  if (tune) tune(cfg_);
  responder_ = std::make_unique<bot::Responder>(*k.index, cfg_.bot);
  Start();
}

EdgeHarness::~EdgeHarness() { Stop(); }

void EdgeHarness::Start(bool start_edge) {
  auto edge = webhook::Edge::Open(cfg_, *responder_);
  if (!edge) {
    ADD_FAILURE() << edge.error();
    std::abort();
  }
  edge_ = std::move(*edge);
  if (start_edge) edge_->Start();
  server_ = std::make_unique<webhook::Server>(cfg_, *edge_, edge_.get());
  std::promise<int> ready;
  auto port = ready.get_future();
  thread_ = std::thread([this, &ready] { (void)server_->Run([&ready](int p) { ready.set_value(p); }); });
  port_ = port.get();
  while (!server_->http().is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client_->set_read_timeout(10, 0);
}

void EdgeHarness::Stop() {
  if (server_) {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  if (edge_) edge_->Stop();
  client_.reset();
  server_.reset();
  edge_.reset();
}

httplib::Result EdgeHarness::Post(const SignedEvent& e) { return Post(e.body, e.signature); }

httplib::Result EdgeHarness::Post(const std::string& body, const std::string& signature) {
  httplib::Headers h;
  if (!signature.empty()) h.emplace("X-ZEvent-Signature", signature);
  return client_->Post("/webhook", h, body, "application/json");
}

httplib::Result EdgeHarness::Get(const std::string& path) { return client_->Get(path); }

long long EdgeHarness::Count(const std::string& sql) {
  if (!reader_) {
    auto db = knowledge::Database::Open(cfg_.knowledge.db_path);
    if (!db) {
      ADD_FAILURE() << db.error();
      return -1;
    }
    reader_ = std::make_unique<knowledge::Database>(std::move(*db));
  }
  auto st = reader_->Prepare(sql);
  if (!st) {
    ADD_FAILURE() << st.error() << " in " << sql;
    return -1;
  }
  auto row = st->Step();
  if (!row || !*row) return -1;
  return st->Int(0);
}

std::string EdgeHarness::Text(const std::string& sql) {
  if (Count("SELECT 0") < 0) return {};
  auto st = reader_->Prepare(sql);
  if (!st) {
    ADD_FAILURE() << st.error() << " in " << sql;
    return {};
  }
  auto row = st->Step();
  if (!row || !*row) return {};
  return st->Text(0);
}

}  // namespace testing_support

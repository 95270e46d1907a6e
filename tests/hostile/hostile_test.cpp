// Hostile input through the real HTTP server on an ephemeral port: every
// request gets a clear 4xx or a safe reply, nothing crashes, and every
// acknowledged event reaches the sink exactly once. The sink answers with the
// real Responder, synchronously, so the replies to hostile text are checked too.
#include <arpa/inet.h>
#include <httplib.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "bot/responder.h"
#include "knowledge/text.h"
#include "tests/support/test_support.h"
#include "webhook/server.h"
#include "webhook/signature.h"

namespace {

using testing_support::FixturePath;
using testing_support::ReadFile;

constexpr const char* kAppId = "7000000000000000001";
constexpr const char* kSecret = "FAKE_OA_SECRET_KEY_000000000001";

class AnsweringSink : public webhook::EventSink {
 public:
  explicit AnsweringSink(const bot::Responder& responder) : responder_(responder) {}
  std::expected<webhook::AcceptStatus, std::string> Accept(const webhook::Event& event, std::string_view) override {
    std::optional<bot::Reply> reply;
    if (auto m = webhook::ToMessage(event)) reply = responder_.Respond(*m);
    std::lock_guard lock(mutex_);
    keys_.push_back(webhook::DedupeKey(event));
    if (reply) replies_.push_back(*reply);
    return webhook::AcceptStatus::kStored;
  }
  std::vector<std::string> keys() const {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  std::vector<bot::Reply> replies() const {
    std::lock_guard lock(mutex_);
    return replies_;
  }

 private:
  const bot::Responder& responder_;
  mutable std::mutex mutex_;
  std::vector<std::string> keys_;
  std::vector<bot::Reply> replies_;
};

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& k = testing_support::Knowledge();
    cfg_ = k.cfg;
    cfg_.server.port = 0;
    cfg_.server.threads = 8;
    cfg_.server.read_timeout_s = 1;  // slow clients are cut off quickly
    cfg_.zalo.app_id = kAppId;
    cfg_.zalo.oa_secret_key = kSecret;
    cfg_.zalo.max_event_age_s = 0;   // fixed timestamps below
    responder_ = std::make_unique<bot::Responder>(*k.index, cfg_.bot);
    sink_ = std::make_unique<AnsweringSink>(*responder_);
    StartServer();
  }
  // The server reads cfg_ on every request: change it only while it is stopped.
  void StartServer() {
    server_ = std::make_unique<webhook::Server>(cfg_, *sink_);
    // A static mount with a file beside it that must stay unreachable.
    std::filesystem::create_directories(static_ / "admin");
    std::ofstream(static_ / "admin" / "index.html") << "admin page";
    std::ofstream(static_ / "secret.txt") << "TOPSECRET";
    ASSERT_TRUE(server_->MountStatic("/admin/", (static_ / "admin").string()));
    std::promise<int> ready;
    auto port = ready.get_future();
    thread_ = std::thread([&] { (void)server_->Run([&](int p) { ready.set_value(p); }); });
    port_ = port.get();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(30, 0);
  }
  void StopServer() {
    server_->Stop();
    thread_.join();
  }
  void TearDown() override { StopServer(); }
  httplib::Result Post(const std::string& body, const std::string& signature) {
    httplib::Headers h;
    if (!signature.empty()) h.emplace("X-ZEvent-Signature", signature);
    return client_->Post("/webhook", h, body, "application/json");
  }
  static std::string Sign(const std::string& body, const std::string& ts) {
    return "mac=" + webhook::ComputeSignature(kAppId, body, ts, kSecret);
  }
  // A signed user_send_text event carrying `text` (already JSON-escaped by dump()).
  httplib::Result SendText(const std::string& text, const std::string& msg_id) {
    nlohmann::json j = {{"app_id", kAppId},
                        {"event_name", "user_send_text"},
                        {"timestamp", "1767225600000"},
                        {"sender", {{"id", "9000000000000000001"}}},
                        {"recipient", {{"id", "5000000000000000001"}}},
                        {"message", {{"msg_id", msg_id}, {"text", text}}}};
    const std::string body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return Post(body, Sign(body, "1767225600000"));
  }
  void ExpectHealthy() {
    auto res = client_->Get("/healthz");
    ASSERT_TRUE(res) << "server stopped answering";
    EXPECT_EQ(res->status, 200);
  }
  // Every reply is non-empty valid UTF-8 without control characters.
  void ExpectSafeReplies() {
    for (const auto& r : sink_->replies()) {
      ASSERT_FALSE(r.messages.empty());
      for (const auto& m : r.messages) {
        EXPECT_FALSE(m.empty());
        EXPECT_EQ(knowledge::SanitizeUtf8(m), m);
        for (unsigned char c : m) EXPECT_TRUE(c >= 0x20 || c == '\n') << "control byte in a reply";
      }
    }
  }

  testing_support::TempDir static_;
  config::Config cfg_;
  std::unique_ptr<bot::Responder> responder_;
  std::unique_ptr<AnsweringSink> sink_;
  std::unique_ptr<webhook::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(Hostile, TruncatedFixturesAreRefusedWithAReason) {
  int requests = 0;
  for (const char* name : {"user_send_text.json", "user_send_location.json", "follow.json", "user_seen_message.json"}) {
    const std::string body = ReadFile(FixturePath(name));
    auto ts = webhook::ExtractTimestamp(body);
    ASSERT_TRUE(ts);
    for (std::size_t n = 0; n < body.size(); n += 5) {
      // Signed over the truncated bytes, so only the parser stands in the way.
      const std::string cut = body.substr(0, n);
      auto res = Post(cut, Sign(cut, *ts));
      ++requests;
      ASSERT_TRUE(res) << name << " cut at " << n;
      EXPECT_EQ(res->status, 400) << name << " cut at " << n << ": " << res->body;
      EXPECT_NE(res->body.find("error"), std::string::npos);
    }
  }
  EXPECT_GT(requests, 100);
  EXPECT_TRUE(sink_->keys().empty());
  ExpectHealthy();
}

TEST_F(Hostile, MalformedJsonShapesAre4xx) {
  const std::string deep_array = std::string(30000, '[') + std::string(30000, ']');
  const std::string deep_object = [] {
    std::string s;
    for (int i = 0; i < 10000; ++i) s += "{\"a\":";
    return s + "1" + std::string(10000, '}');
  }();
  for (const std::string& body :
       {std::string(), std::string("null"), std::string("[]"), std::string("\"text\""), std::string("{"),
        std::string("{\"timestamp\":}"), std::string("{\"timestamp\":1e400}"), std::string("{\"timestamp\":-1}"),
        std::string("{\"timestamp\":\"12a\"}"), std::string("{\"timestamp\":\"1767225600000\"} trailing"),
        std::string("\xEF\xBB\xBF{\"timestamp\":\"1\"}"), std::string("{\"timestamp\":\"1\",\"timestamp\":[1]}"),
        deep_array, deep_object}) {
    auto res = Post(body, "mac=" + std::string(64, '0'));
    ASSERT_TRUE(res) << body.substr(0, 40);
    EXPECT_TRUE(res->status == 400 || res->status == 401) << res->status << " for " << body.substr(0, 40);
  }
  EXPECT_TRUE(sink_->keys().empty());
  ExpectHealthy();
}

TEST_F(Hostile, HugeBodiesAre413) {
  for (std::size_t size : {std::size_t{64 * 1024 + 1}, std::size_t{1} << 20, std::size_t{8} << 20}) {
    auto res = Post(std::string(size, '{'), "mac=00");
    ASSERT_TRUE(res) << size;
    EXPECT_EQ(res->status, 413) << size;
  }
  ExpectHealthy();
}

TEST_F(Hostile, OutOfRangeTimestampIsIgnoredNotAnError) {
  StopServer();
  cfg_.zalo.max_event_age_s = 3600;  // the age check parses the timestamp
  StartServer();
  const std::string ts = "99999999999999999999";
  const std::string body = R"({"app_id":"7000000000000000001","event_name":"user_send_text","timestamp":")" + ts +
                           R"(","sender":{"id":"1"},"message":{"msg_id":"m-ts","text":"khai sinh"}})";
  auto res = Post(body, Sign(body, ts));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(sink_->keys().empty()) << "an event far in the future must not be processed";
  ExpectHealthy();
}

TEST_F(Hostile, InvalidUtf8InsideJsonIsRefused) {
  for (std::string bad : {std::string("\xFF\xFE"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                          std::string("khai \xE1\xBA"), std::string("\xF4\x90\x80\x80")}) {
    const std::string body = R"({"app_id":"7000000000000000001","event_name":"user_send_text","timestamp":"1767225600000","sender":{"id":"1"},"message":{"msg_id":"m","text":")" +
                             bad + "\"}}";
    auto res = Post(body, Sign(body, "1767225600000"));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
  }
  EXPECT_TRUE(sink_->keys().empty());
}

TEST_F(Hostile, NastyTextGetsASafeReplyAndNothingIsLost) {
  const std::vector<std::string> texts = {
      std::string("khai sinh\0 con", 14),
      "\x01\x02\x1b[31mđăng ký\x7f khai sinh\r\n\t",
      "cccd 0\xE2\x80\x8B" "79203001234 bị mất thì làm lại ở đâu",
      "sđt 09\xE2\x80\x8C" "09 123 456 gọi lại giúp",
      "khai sinh\" OR * NEAR(a b) ^name: -x",
      "AND OR NOT ( ) \" \"\"",
      "'; DROP TABLE procedures; --",
      "1' OR '1'='1",
      "<script>alert(1)</script> làm căn cước",
      "<img src=x onerror=alert(1)>",
      "../../etc/passwd",
      std::string(1900, 'a'),
      "ｋｈａｉ　ｓｉｎｈ",
      "\xE2\x80\xAE" "hnis iahk",
      "",
  };
  std::set<std::string> sent;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string msg_id = "hostile-" + std::to_string(i);
    auto res = SendText(texts[i], msg_id);
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->status, 200) << i << ": " << res->body;
    sent.insert("user_send_text:" + msg_id);
  }
  auto keys = sink_->keys();
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()), sent);
  EXPECT_EQ(keys.size(), sent.size()) << "each event exactly once";
  ExpectSafeReplies();
  for (const auto& r : sink_->replies()) {
    for (const auto& m : r.messages) {
      EXPECT_EQ(m.find("<script"), std::string::npos) << "the bot must not echo markup";
      EXPECT_EQ(m.find("79203001234"), std::string::npos) << "the bot must not echo an ID number";
    }
  }
  // The knowledge base is intact after the SQL fragments.
  EXPECT_GT(testing_support::Knowledge().index->ProcedureCount(), 2000);
  ExpectHealthy();
}

TEST_F(Hostile, PathTraversalFindsNothing) {
  auto page = client_->Get("/admin/index.html");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << "the mount must work for this test to mean anything";
  EXPECT_EQ(page->body, "admin page");
  for (const char* path :
       {"/admin/../secret.txt", "/admin/%2e%2e/secret.txt", "/admin/..%2fsecret.txt", "/admin/%2e%2e%2fsecret.txt",
        "/admin/..%252fsecret.txt", "/admin/....//secret.txt", "/admin/..\\secret.txt", "/admin//../secret.txt",
        "/admin/./../secret.txt", "/admin/%00../secret.txt", "/admin/index.html/../../secret.txt",
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/admin/../../../../../../etc/passwd",
        "/admin/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "//etc/passwd", "/webhook/../../../../etc/shadow"}) {
    auto res = client_->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_GE(res->status, 400) << path;
    EXPECT_LT(res->status, 500) << path;
    EXPECT_EQ(res->body.find("TOPSECRET"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
  }
  ExpectHealthy();
}

TEST_F(Hostile, WrongMethodsAndHeaders) {
  auto get = client_->Get("/webhook");
  ASSERT_TRUE(get);
  EXPECT_GE(get->status, 400);
  EXPECT_LT(get->status, 500);
  httplib::Headers h = {{"X-ZEvent-Signature", std::string(100000, 'a')}};
  auto big_header = client_->Post("/webhook", h, "{}", "application/json");
  if (big_header) {  // httplib may also just close the connection: either is fine
    EXPECT_GE(big_header->status, 400);
    EXPECT_LT(big_header->status, 500);
  }
  ExpectHealthy();
}

// A raw TCP client that sends part of a request and then stalls.
class SlowClient {
 public:
  explicit SlowClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{30, 0};  // a bound for the test, not a timing assertion
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const char partial[] = "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n";
    if (connected_) (void)!::send(fd_, partial, sizeof partial - 1, MSG_NOSIGNAL);
  }
  ~SlowClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  // true when the server closed the connection (possibly after an error response).
  bool ClosedByServer() {
    char buf[512];
    while (true) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return false;
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

TEST_F(Hostile, SlowClientsAreCutOffAndOthersAreServed) {
  // More stalled connections than worker threads.
  std::vector<std::unique_ptr<SlowClient>> slow;
  for (int i = 0; i < cfg_.server.threads + 4; ++i) {
    slow.push_back(std::make_unique<SlowClient>(port_));
    ASSERT_TRUE(slow.back()->connected());
  }
  // A normal event still gets through (once the read timeout frees the workers).
  auto res = SendText("đăng ký khai sinh", "after-slow");
  ASSERT_TRUE(res) << "a normal client was not served while slow clients stalled";
  EXPECT_EQ(res->status, 200);
  for (auto& s : slow) EXPECT_TRUE(s->ClosedByServer()) << "a stalled connection was left open";
  EXPECT_EQ(sink_->keys().size(), 1u);
  ExpectHealthy();
}

// A SIGTERM can arrive while the server is between bind and listen; httplib
// ignores stop() then, so the server must remember the request itself.
TEST_F(Hostile, AStopBeforeListeningStartsIsNotLost) {
  webhook::Server server(cfg_, *sink_);
  std::atomic<bool> stop_returned{false};
  std::thread stopper;
  auto run = std::async(std::launch::async, [&] {
    return server.Run([&](int) {
      // Stop from another thread while Run() has not begun listening yet.
      stopper = std::thread([&] {
        server.Stop();
        stop_returned = true;
      });
      for (int i = 0; i < 50 && !stop_returned; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  });
  const bool finished = run.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  EXPECT_TRUE(finished) << "Run() kept serving after Stop()";
  if (!finished) server.Stop();  // now listening: this one takes effect
  EXPECT_TRUE(run.get().has_value());
  stopper.join();
  EXPECT_TRUE(stop_returned);
}

}  // namespace

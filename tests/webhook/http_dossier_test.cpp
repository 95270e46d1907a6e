#include "webhook/http_dossier.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <thread>

namespace {

// The province's tracking system, faked on loopback.
class FakeTracker {
 public:
  FakeTracker() {
    server_.Get(R"(/dossiers/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mutex_);
        paths_.push_back(req.path);
        keys_.push_back(req.get_header_value("X-Api-Key"));
      }
      const std::string code = req.matches[1];
      if (code == "000.00.26.H57-250701-0001") {
        res.set_content(R"({"code":"000.00.26.H57-250701-0001","procedure":"Đăng ký khai sinh",)"
                        R"("status":"Đã có kết quả","received":"01/07/2025","due":"02/07/2025",)"
                        R"("agency":"UBND phường Tân Ninh"})",
                        "application/json");
      } else if (code == "BROKEN-000001") {
        res.status = 500;
      } else {
        res.status = 404;
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~FakeTracker() {
    server_.stop();
    thread_.join();
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> paths() {
    std::lock_guard lock(mutex_);
    return paths_;
  }
  std::vector<std::string> keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> paths_, keys_;
};

TEST(HttpDossierStatus, ReadsAFoundDossier) {
  FakeTracker tracker;
  config::Dossier cfg;
  cfg.base_url = tracker.base_url();
  cfg.api_key = "k-1";
  webhook::HttpDossierStatus status(cfg);
  auto r = status.Lookup("000.00.26.H57-250701-0001");
  ASSERT_TRUE(r.has_value()) << r.error();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->status, "Đã có kết quả");
  EXPECT_EQ((*r)->due, "02/07/2025");
  EXPECT_EQ(tracker.keys().at(0), "k-1");
}

TEST(HttpDossierStatus, NotFoundIsNotAnError) {
  FakeTracker tracker;
  config::Dossier cfg;
  cfg.base_url = tracker.base_url();
  webhook::HttpDossierStatus status(cfg);
  auto r = status.Lookup("000.00.26.H57-250701-0042");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_value());
}

TEST(HttpDossierStatus, ServerErrorsAndOddCodesAreHandled) {
  FakeTracker tracker;
  config::Dossier cfg;
  cfg.base_url = tracker.base_url();
  webhook::HttpDossierStatus status(cfg);
  EXPECT_FALSE(status.Lookup("BROKEN-000001").has_value());
  auto r = status.Lookup("a/../b c");
  ASSERT_TRUE(r.has_value());
  // Percent-encoded on the wire, so the whole code arrives as one segment.
  EXPECT_EQ(tracker.paths().back(), "/dossiers/a/../b c");
}

TEST(HttpDossierStatus, UnreachableSystemIsAnError) {
  config::Dossier cfg;
  cfg.base_url = "http://127.0.0.1:1";
  cfg.timeout_s = 1;
  webhook::HttpDossierStatus status(cfg);
  EXPECT_FALSE(status.Lookup("000.00.26.H57-250701-0001").has_value());
}

}  // namespace

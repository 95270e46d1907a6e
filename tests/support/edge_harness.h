#pragma once
// The whole Zalo edge for tests: webhook::Server on an ephemeral loopback
// port, webhook::Edge on a temporary database, the real Responder and
// HttpMessenger, and FakeZalo as the platform. Restartable on the same
// database to test resumption.
#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "bot/responder.h"
#include "config/config.h"
#include "knowledge/database.h"
#include "tests/support/fake_zalo.h"
#include "tests/support/test_support.h"
#include "webhook/edge.h"
#include "webhook/server.h"

namespace testing_support {

inline constexpr const char* kAppId = "7000000000000000001";
inline constexpr const char* kOaSecret = "FAKE_OA_SECRET_KEY_000000000001";

// A user_send_text body with the given ids, signed like Zalo would.
struct SignedEvent {
  std::string body;
  std::string signature;
};
SignedEvent SignedText(const std::string& user_id, const std::string& msg_id, const std::string& text,
                       long long timestamp_ms);
SignedEvent Signed(const std::string& body);

class EdgeHarness {
 public:
  // `tune` adjusts the config before anything starts.
  explicit EdgeHarness(const std::function<void(config::Config&)>& tune = {});
  ~EdgeHarness();

  // Starts server and edge (again, after Stop) on the same database.
  void Start(bool start_edge = true);
  void Stop();

  httplib::Result Post(const SignedEvent& e);
  httplib::Result Post(const std::string& body, const std::string& signature);
  httplib::Result Get(const std::string& path);

  // One value from the test database (SQL in tests only reads).
  long long Count(const std::string& sql);
  std::string Text(const std::string& sql);

  FakeZalo& zalo() { return zalo_; }
  webhook::Edge& edge() { return *edge_; }
  webhook::Server& server() { return *server_; }
  config::Config& cfg() { return cfg_; }
  int port() const { return port_; }

 private:
  TempDir dir_;
  FakeZalo zalo_;
  config::Config cfg_;
  std::unique_ptr<bot::Responder> responder_;
  std::unique_ptr<webhook::Edge> edge_;
  std::unique_ptr<webhook::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<knowledge::Database> reader_;
};

}  // namespace testing_support

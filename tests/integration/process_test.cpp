// The real binary: `hccbot serve` stops on SIGTERM without losing what it
// owes, and a new process on the same database delivers it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "knowledge/outbox.h"
#include "tests/support/edge_harness.h"

namespace {

using testing_support::FakeZalo;
using testing_support::ReadFile;
using testing_support::ScriptedResponse;
using testing_support::SignedText;
using testing_support::TempDir;

// A port nobody listens on (closed again, so the child can bind it alone).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

class Serving {
 public:
  Serving(const std::filesystem::path& config, const std::filesystem::path& db, const std::filesystem::path& log) {
    pid_ = fork();
    if (pid_ == 0) {
      std::freopen(log.c_str(), "a", stderr);
      ::setenv("ZALO_OA_SECRET_KEY", testing_support::kOaSecret, 1);
      ::setenv("ZALO_ACCESS_TOKEN", "tok-1", 1);
      execl(HCCBOT_BINARY, HCCBOT_BINARY, "--config", config.c_str(), "serve", "--db", db.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  // Exit status after SIGTERM, or -1 if it did not stop within the timeout.
  int Terminate(int timeout_s = 30) {
    kill(pid_, SIGTERM);
    for (int i = 0; i < timeout_s * 100; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }
  ~Serving() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

 private:
  pid_t pid_ = -1;
};

bool WaitReady(int port) {
  httplib::Client c("127.0.0.1", port);
  for (int i = 0; i < 3000; ++i) {
    if (auto r = c.Get("/healthz"); r && r->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(Process, SigtermKeepsTheOutboxAndTheNextProcessDeliversIt) {
  TempDir dir;
  FakeZalo zalo;
  // A knowledge base of its own, built the way operators build it.
  const auto db = dir / "hccbot.db";
  const std::string import = std::string(HCCBOT_BINARY) + " import --db " + db.string() + " > /dev/null";
  ASSERT_EQ(std::system(import.c_str()), 0);
  const int port = FreePort();
  const auto config = dir / "config.json";
  std::ofstream(config) << R"({"server": {"port": )" << port << R"(},
    "zalo": {"app_id": ")" << testing_support::kAppId << R"(", "api_base_url": ")" << zalo.base_url()
                        << R"(", "max_event_age_s": 0},
    "queue": {"retry_base_ms": 5, "retry_cap_ms": 50, "max_attempts": 100}})";
  const auto log = dir / "hccbot.log";
  zalo.SetOutage(ScriptedResponse{503, "down"});
  {
    Serving serving(config, db, log);
    ASSERT_TRUE(WaitReady(port)) << ReadFile(log);
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < 3; ++i) {
      auto e = SignedText("97100000000000000" + std::to_string(10 + i), "sig0000000000000000" + std::to_string(i),
                          "đăng ký khai sinh", 1767225600000);
      auto r = c.Post("/webhook", {{"X-ZEvent-Signature", e.signature}}, e.body, "application/json");
      ASSERT_TRUE(r) << httplib::to_string(r.error()) << "\n" << ReadFile(log);
      ASSERT_EQ(r->status, 200) << r->body;
    }
    ASSERT_TRUE(zalo.WaitForAttempts(3));
    EXPECT_EQ(serving.Terminate(), 0) << ReadFile(log);
  }
  const std::string first_log = ReadFile(log);
  EXPECT_NE(first_log.find("webhook.stopping signal=TERM"), std::string::npos) << first_log;
  EXPECT_NE(first_log.find("webhook.stopped"), std::string::npos) << first_log;
  {
    auto outbox = knowledge::Outbox::Open(db.string());
    ASSERT_TRUE(outbox.has_value());
    auto counts = (*outbox)->Counts();
    ASSERT_TRUE(counts.has_value());
    EXPECT_GE(counts->pending, 3);  // kept for the next process
    EXPECT_EQ(counts->sent, 0);
  }
  zalo.SetOutage(std::nullopt);
  Serving again(config, db, log);
  ASSERT_TRUE(WaitReady(port)) << ReadFile(log);
  ASSERT_TRUE(zalo.WaitForMessages(3, 30000));
  auto outbox = knowledge::Outbox::Open(db.string());
  for (int i = 0; i < 3000; ++i) {
    if ((*outbox)->Counts()->pending == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ((*outbox)->Counts()->pending, 0);
  std::map<std::string, int> quotes;
  for (const auto& m : zalo.messages())
    if (!m.quote_message_id.empty()) ++quotes[m.quote_message_id];
  EXPECT_EQ(quotes.size(), 3u);
  for (const auto& [q, n] : quotes) EXPECT_EQ(n, 1) << q;
  EXPECT_EQ(again.Terminate(), 0);
}

}  // namespace

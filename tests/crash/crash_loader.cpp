// Load generator for scripts/crash_test.sh: fires signed user_send_text events
// at a fixed rate at the webhook, retrying each one (as Zalo does) until the
// server acknowledges it with 200 or the deadline passes, while the script
// kills and restarts the server. Writes one acknowledged msg_id per line.
//   crash_loader --port P --count N --rate R --out FILE [--users U] [--threads T] [--deadline-s S]
//                [--stop-file F]   (no new events once F exists; those begun are still retried)
// Secret and app id come from ZALO_OA_SECRET_KEY and ZALO_APP_ID.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "webhook/signature.h"

namespace {

using Clock = std::chrono::steady_clock;

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Questions that get a procedure answer, so that every event owes a reply.
const char* kQuestions[] = {"đăng ký khai sinh cần giấy tờ gì", "làm lại căn cước bị mất ở đâu",
                            "thủ tục đăng ký kết hôn", "cấp phiếu lý lịch tư pháp", "đăng ký thường trú",
                            "chứng thực bản sao từ bản chính", "đăng ký khai tử", "cấp giấy phép xây dựng nhà ở"};

}  // namespace

int main(int argc, char** argv) {
  int port = 0, count = 1000, rate = 2000, users = 1000, threads = 16, deadline_s = 600;
  std::string out_path, stop_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") port = std::atoi(v.c_str());
    else if (k == "--count") count = std::atoi(v.c_str());
    else if (k == "--rate") rate = std::atoi(v.c_str());
    else if (k == "--users") users = std::atoi(v.c_str());
    else if (k == "--threads") threads = std::atoi(v.c_str());
    else if (k == "--deadline-s") deadline_s = std::atoi(v.c_str());
    else if (k == "--out") out_path = v;
    else if (k == "--stop-file") stop_file = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  const char* secret = std::getenv("ZALO_OA_SECRET_KEY");
  const char* app_id = std::getenv("ZALO_APP_ID");
  if (port <= 0 || out_path.empty() || !secret || !app_id || rate <= 0 || users <= 0) {
    std::fprintf(stderr, "usage: crash_loader --port P --count N --rate R --out FILE (env ZALO_OA_SECRET_KEY, ZALO_APP_ID)\n");
    return 2;
  }
  std::ofstream out(out_path);
  std::mutex out_mutex;
  std::atomic<int> next{0}, fired{0}, acked{0}, attempts{0}, refused{0}, gave_up{0};
  std::atomic<bool> stopped{false};
  std::atomic<long long> last_ack_us{0};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::seconds(deadline_s);
  auto worker = [&] {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(1, 0);
    client.set_read_timeout(5, 0);
    client.set_keep_alive(true);
    while (true) {
      const int i = next++;
      if (i >= count) return;
      std::this_thread::sleep_until(start + std::chrono::microseconds(1000000LL * i / rate));
      if (!stop_file.empty() && (i % 100 == 0) && std::ifstream(stop_file).good()) stopped = true;
      if (stopped) return;
      ++fired;
      char user[32], msg[32];
      std::snprintf(user, sizeof user, "91%017d", i % users);
      std::snprintf(msg, sizeof msg, "crash%015d", i);
      const std::string ts = std::to_string(NowMs());
      const nlohmann::json j = {{"app_id", app_id},
                                {"event_name", "user_send_text"},
                                {"timestamp", ts},
                                {"sender", {{"id", user}}},
                                {"recipient", {{"id", "5000000000000000001"}}},
                                {"message", {{"msg_id", msg}, {"text", kQuestions[i % std::size(kQuestions)]}}}};
      const std::string body = j.dump();
      const httplib::Headers h = {{"X-ZEvent-Signature", "mac=" + webhook::ComputeSignature(app_id, body, ts, secret)}};
      while (true) {
        ++attempts;
        auto res = client.Post("/webhook", h, body, "application/json");
        if (res && res->status == 200) {
          ++acked;
          last_ack_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
          std::lock_guard lock(out_mutex);
          out << msg << "\n";
          break;
        }
        if (res && res->status >= 400 && res->status < 500) {  // a bug, not an outage: count and stop retrying
          ++refused;
          std::fprintf(stderr, "refused %s: %d %s\n", msg, res->status, res->body.c_str());
          break;
        }
        if (Clock::now() > deadline) {
          ++gave_up;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // server down or busy: retry, as Zalo does
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  out.flush();
  const double secs = last_ack_us / 1e6;
  std::printf("fired=%d acknowledged=%d attempts=%d refused=%d gave_up=%d seconds=%.1f offered=%d/s achieved=%.0f/s\n",
              fired.load(), acked.load(), attempts.load(), refused.load(), gave_up.load(), secs, rate,
              secs > 0 ? acked / secs : 0.0);
  return refused == 0 && gave_up == 0 ? 0 : 1;
}

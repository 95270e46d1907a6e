// A fake Zalo OA API for the webhook benchmark: accepts every
// POST /v3.0/oa/message/cs with {"error":0} and counts what it received;
// GET /stats returns the counts as JSON (received, distinct quoted messages,
// quoted messages received more than once).
//   bench_zalo_sink PORT
#include <httplib.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace {
httplib::Server* g_server = nullptr;
void Stop(int) {
  if (g_server) g_server->stop();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_zalo_sink PORT\n";
    return 2;
  }
  std::mutex mutex;
  long long received = 0, next_id = 0;
  std::unordered_map<std::string, int> quotes;
  httplib::Server s;
  s.set_tcp_nodelay(true);
  s.new_task_queue = [] { return new httplib::ThreadPool(8); };
  s.set_keep_alive_max_count(100000);
  s.Post("/v3.0/oa/message/cs", [&](const httplib::Request& req, httplib::Response& res) {
    auto j = nlohmann::json::parse(req.body, nullptr, false);
    std::string user, quote;
    if (!j.is_discarded() && j.contains("recipient")) user = j["recipient"].value("user_id", "");
    if (!j.is_discarded() && j.contains("message")) quote = j["message"].value("quote_message_id", "");
    long long id;
    {
      std::lock_guard lock(mutex);
      ++received;
      id = ++next_id;
      if (!quote.empty()) ++quotes[quote];
    }
    nlohmann::json ok = {{"data", {{"message_id", "sink" + std::to_string(id)}, {"user_id", user}}},
                         {"error", 0},
                         {"message", "Success"}};
    res.set_content(ok.dump(), "application/json");
  });
  s.Get("/stats", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(mutex);
    long long twice = 0;
    for (const auto& [q, n] : quotes) twice += n > 1;
    nlohmann::json j = {{"received", received}, {"distinct_quotes", quotes.size()}, {"quotes_received_twice", twice}};
    res.set_content(j.dump(), "application/json");
  });
  g_server = &s;
  std::signal(SIGTERM, Stop);
  std::signal(SIGINT, Stop);
  if (!s.listen("127.0.0.1", std::atoi(argv[1]))) {
    std::cerr << "cannot listen\n";
    return 1;
  }
  return 0;
}

// The ceiling for the webhook benchmark: cpp-httplib tuned like webhook::Server
// (Nagle off, same thread pool and keep-alive) answering 200 to every POST
// /webhook without looking at it.
//   bench_bare_server PORT [THREADS]
#include <httplib.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace {
httplib::Server* g_server = nullptr;
void Stop(int) {
  if (g_server) g_server->stop();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_bare_server PORT [THREADS]\n";
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const int threads = argc > 2 ? std::atoi(argv[2]) : 16;
  httplib::Server s;
  s.set_tcp_nodelay(true);
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_keep_alive_max_count(100);
  s.set_payload_max_length(64 * 1024);
  s.Post("/webhook", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"ok\":true}", "application/json");
  });
  g_server = &s;
  std::signal(SIGTERM, Stop);
  std::signal(SIGINT, Stop);
  if (!s.listen("127.0.0.1", port)) {
    std::cerr << "cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  return 0;
}

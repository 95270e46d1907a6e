// The ceiling for the webhook benchmark: cpp-httplib tuned like webhook::Server
// (Nagle off, same thread pool and keep-alive) answering 200 to every POST
// /webhook without looking at it.
//   bench_bare_server PORT [THREADS]
#include <httplib.h>
#include <sys/socket.h>

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
  int listen_fd = -1;  // raised to webhook::Server's backlog after the bind
  s.set_socket_options([&listen_fd](int sock) {
    httplib::default_socket_options(sock);
    listen_fd = sock;
  });
  s.set_payload_max_length(64 * 1024);
  s.Post("/webhook", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"ok\":true}", "application/json");
  });
  g_server = &s;
  std::signal(SIGTERM, Stop);
  std::signal(SIGINT, Stop);
  if (!s.bind_to_port("127.0.0.1", port) || ::listen(listen_fd, 1024) != 0) {
    std::cerr << "cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  s.listen_after_bind();
  return 0;
}

#pragma once
// The staff console: JSON endpoints under /admin/api behind a per-user login
// (session cookie + CSRF token, roles checked on every route), and the static
// page under /admin. Thread-safe: handlers run on httplib's pool and every
// use of the console's own database connection holds one mutex.
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bot/responder.h"
#include "config/config.h"
#include "knowledge/database.h"
#include "knowledge/index.h"
#include "knowledge/staff.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace webhook {

inline constexpr const char* kSessionCookie = "hccbot_admin";
inline constexpr int kSessionSeconds = 12 * 3600;

class AdminApi {
 public:
  struct Ctx {
    std::string user;
    knowledge::Role role = knowledge::Role::kViewer;
  };
  using Handler = std::function<void(AdminApi&, const Ctx&, const httplib::Request&, httplib::Response&)>;
  struct Route {
    std::string method;         // GET POST PUT DELETE
    std::string pattern;        // httplib regex
    std::string example;        // a concrete path for the role matrix test
    knowledge::Role min_role;
    Handler handler;
  };
  // Every authenticated route, the single table Register() installs.
  static const std::vector<Route>& Routes();

  // Opens its own connection to cfg.knowledge.db_path; `index` is the serving
  // index, reloaded after each publish.
  AdminApi(const config::Config& cfg, knowledge::Index& index, const bot::Responder& responder);
  ~AdminApi();
  std::expected<void, std::string> Open();

  void Register(httplib::Server& http);

  // Queues a staff text for a citizen through the outbox (retries, dead
  // letters); returns the outbox id. Unset: staff replies are refused (503).
  using SendFunction = std::function<std::expected<std::int64_t, std::string>(
      const std::string& user_id, const std::string& text, const std::string& staff)>;
  void SetSender(SendFunction send) { send_ = std::move(send); }

 private:
  friend struct AdminHandlers;
  void Login(const httplib::Request& req, httplib::Response& res);
  void ServeStatic(const std::string& name, httplib::Response& res);

  const config::Config& cfg_;
  knowledge::Index& index_;
  const bot::Responder& responder_;
  std::mutex mutex_;
  std::unique_ptr<knowledge::Database> db_;
  SendFunction send_;
  std::map<std::string, std::pair<int, long long>> failures_;  // name -> (count, last failure s)
};

}  // namespace webhook

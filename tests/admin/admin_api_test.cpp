// The staff API over real HTTP on an ephemeral port: the role x route matrix
// (every route of the table, unauthenticated and as each role), CSRF, login
// and cookie flags, the static page and path traversal, and publish changing
// the bot's answer.
#include "webhook/admin_api.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "knowledge/staff.h"
#include "tests/admin/admin_fixture.h"
#include "webhook/auth.h"
#include "webhook/server.h"

namespace {

using nlohmann::json;
using knowledge::Role;

class NullSink : public webhook::EventSink {
 public:
  std::expected<webhook::AcceptStatus, std::string> Accept(const webhook::Event&, std::string_view) override {
    return webhook::AcceptStatus::kStored;
  }
};

class AdminHttp : public admin_test::KnowledgeCopy {
 protected:
  void SetUp() override {
    KnowledgeCopy::SetUp();
    cfg_.server.port = 0;
    knowledge::StaffStore staff(*db_);
    for (auto [name, role] : {std::pair{"vera", Role::kViewer}, {"eddie", Role::kEditor}, {"ada", Role::kAdmin}})
      ASSERT_TRUE(staff.AddUser(name, role, webhook::HashPassword(std::string(name) + "-password", 1000)));
    responder_ = std::make_unique<bot::Responder>(*index_, cfg_.bot);
    server_ = std::make_unique<webhook::Server>(cfg_, sink_);
    admin_ = std::make_unique<webhook::AdminApi>(cfg_, *index_, *responder_);
    ASSERT_TRUE(admin_->Open());
    admin_->Register(server_->http());
    std::promise<int> ready;
    auto port = ready.get_future();
    thread_ = std::thread([&] { (void)server_->Run([&](int p) { ready.set_value(p); }); });
    port_ = port.get();
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  struct Session {
    std::string cookie, csrf;
  };
  std::optional<Session> Login(const std::string& name, const std::string& password) {
    httplib::Client c("127.0.0.1", port_);
    auto res = c.Post("/admin/api/login", json{{"name", name}, {"password", password}}.dump(), "application/json");
    if (!res || res->status != 200) return std::nullopt;
    const std::string set = res->get_header_value("Set-Cookie");
    auto semi = set.find(';');
    return Session{set.substr(0, semi), json::parse(res->body)["csrf"]};
  }
  Session As(const std::string& name) {
    auto s = Login(name, name + "-password");
    EXPECT_TRUE(s);
    return s.value_or(Session{});
  }
  httplib::Result Call(const std::string& method, const std::string& path, const std::optional<Session>& s,
                       bool with_csrf = true, const std::string& body = "{}") {
    httplib::Client c("127.0.0.1", port_);
    httplib::Headers h;
    if (s) {
      h.emplace("Cookie", s->cookie);
      if (with_csrf) h.emplace("X-CSRF-Token", s->csrf);
    }
    if (method == "GET") return c.Get(path.c_str(), h);
    if (method == "POST") return c.Post(path.c_str(), h, body, "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body, "application/json");
    return c.Delete(path.c_str(), h, body, "application/json");
  }

  NullSink sink_;
  std::unique_ptr<bot::Responder> responder_;
  std::unique_ptr<webhook::Server> server_;
  std::unique_ptr<webhook::AdminApi> admin_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(AdminHttp, EnforcesRolesOnEveryRoute) {
  const std::pair<const char*, Role> users[] = {{"vera", Role::kViewer}, {"eddie", Role::kEditor}, {"ada", Role::kAdmin}};
  ASSERT_GE(webhook::AdminApi::Routes().size(), 20u);
  for (const auto& route : webhook::AdminApi::Routes()) {
    SCOPED_TRACE(route.method + " " + route.example);
    auto anon = Call(route.method, route.example, std::nullopt);
    ASSERT_TRUE(anon);
    EXPECT_EQ(anon->status, 401);
    for (const auto& [name, role] : users) {
      SCOPED_TRACE(name);
      auto res = Call(route.method, route.example, As(name));
      ASSERT_TRUE(res);
      if (static_cast<int>(role) < static_cast<int>(route.min_role)) {
        EXPECT_EQ(res->status, 403);
      } else {
        EXPECT_NE(res->status, 401);
        EXPECT_NE(res->status, 403);
        EXPECT_EQ(res->body.find("Không có địa chỉ này"), std::string::npos) << "route not registered";
      }
    }
  }
}

TEST_F(AdminHttp, RefusesStateChangesWithoutTheSessionCsrfToken) {
  const auto admin = As("ada");
  const auto other = As("eddie");
  int checked = 0;
  for (const auto& route : webhook::AdminApi::Routes()) {
    if (route.method == "GET") continue;
    SCOPED_TRACE(route.method + " " + route.example);
    auto none = Call(route.method, route.example, admin, false);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 403);
    auto wrong = Call(route.method, route.example, Session{admin.cookie, other.csrf});
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 403);
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST_F(AdminHttp, LoginSetsAStrictHttpOnlyCookieAndLocksAfterRepeatedFailures) {
  httplib::Client c("127.0.0.1", port_);
  auto ok = c.Post("/admin/api/login", R"({"name":"vera","password":"vera-password"})", "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  const std::string cookie = ok->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/admin"), std::string::npos);
  EXPECT_EQ(ok->body.find("password"), std::string::npos);
  for (int i = 0; i < 5; ++i) {
    auto bad = c.Post("/admin/api/login", R"({"name":"vera","password":"wrong"})", "application/json");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 401);
  }
  auto locked = c.Post("/admin/api/login", R"({"name":"vera","password":"vera-password"})", "application/json");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429);
  EXPECT_FALSE(Login("nobody", "whatever-password"));
}

TEST_F(AdminHttp, LogoutEndsTheSession) {
  auto s = As("vera");
  EXPECT_EQ(Call("GET", "/admin/api/session", s)->status, 200);
  EXPECT_EQ(Call("POST", "/admin/api/logout", s)->status, 200);
  EXPECT_EQ(Call("GET", "/admin/api/session", s)->status, 401);
}

TEST_F(AdminHttp, ServesOnlyThePageFilesAndNothingElse) {
  httplib::Client c("127.0.0.1", port_);
  auto page = c.Get("/admin/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(c.Get("/admin/admin.js")->status, 200);
  EXPECT_EQ(c.Get("/admin/admin.css")->status, 200);
  for (const char* path : {"/admin/../CMakeLists.txt", "/admin/%2e%2e/CMakeLists.txt", "/admin/..%2fCMakeLists.txt",
                           "/admin/admin_api.cpp", "/admin/.%2e/.%2e/etc/passwd", "/admin/CMakeLists.txt",
                           "/admin/index.html%00.js"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_NE(r->status, 200) << path;
    EXPECT_EQ(r->body.find("add_library"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(AdminHttp, ValidationErrorsComeBackInVietnamese) {
  auto s = As("eddie");
  auto r = Call("PUT", "/admin/api/knowledge/synonym/draft?key=zz", s, true,
                R"({"data": {"term": "zz", "expansion": "", "kind": "teencode"}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(json::parse(r->body)["errors"].dump(-1, ' ', false).find("Từ chuẩn"), std::string::npos) << r->body;
}

TEST_F(AdminHttp, AFieldOfTheWrongTypeIsA400NotAServerError) {
  auto s = As("eddie");
  for (const std::string body : {R"({"data": {"term": "zz", "expansion": "zz", "kind": "teencode"}, "note": 5})",
                                 R"({"question": ["khai sinh"]})"}) {
    const std::string path = body.find("question") != std::string::npos ? "/admin/api/questions"
                                                                         : "/admin/api/knowledge/synonym/draft?key=zz";
    auto r = Call(path.find("questions") != std::string::npos ? "POST" : "PUT", path, s, true, body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body << " -> " << r->body;
    EXPECT_NE(r->body.find("sai kiểu"), std::string::npos) << r->body;
  }
  httplib::Client c("127.0.0.1", port_);
  auto login = c.Post("/admin/api/login", R"({"name": 1, "password": ["x"]})", "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 400) << login->body;
}

TEST_F(AdminHttp, PublishingChangesTheBotsAnswerWithoutARestart) {
  auto viewer = As("vera");
  auto ask = [&] { return json::parse(Call("GET", "/admin/api/ask?q=xyzzy", viewer)->body); };
  EXPECT_NE(ask()["procedure_id"], "1.001193");
  auto editor = As("eddie");
  auto item = json::parse(Call("GET", "/admin/api/knowledge/procedure/item?key=1.001193", editor)->body);
  json data = item["live"];
  data["aliases"].push_back("giấy xyzzy cho bé");
  auto saved = Call("PUT", "/admin/api/knowledge/procedure/draft?key=1.001193", editor, true, json{{"data", data}}.dump());
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_NE(ask()["procedure_id"], "1.001193") << "drafts are not live";
  auto pub = Call("POST", "/admin/api/drafts/publish", editor);
  ASSERT_EQ(pub->status, 200) << pub->body;
  EXPECT_EQ(ask()["procedure_id"], "1.001193");
  auto audit = Call("GET", "/admin/api/audit?entity=procedure", As("ada"));
  auto items = json::parse(audit->body)["items"];
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(items[0]["action"], "publish");
  EXPECT_EQ(items[0]["actor"], "eddie");
}

TEST_F(AdminHttp, AdminsManageUsersButCannotLockThemselvesOut) {
  auto admin = As("ada");
  auto add = Call("POST", "/admin/api/users", admin, true, R"({"name":"hoa","role":"editor","password":"short"})");
  EXPECT_EQ(add->status, 422);
  add = Call("POST", "/admin/api/users", admin, true, R"({"name":"hoa","role":"editor","password":"một mật khẩu dài"})");
  ASSERT_EQ(add->status, 200) << add->body;
  EXPECT_TRUE(Login("hoa", "một mật khẩu dài"));
  EXPECT_EQ(Call("PUT", "/admin/api/users/ada", admin, true, R"({"role":"viewer"})")->status, 422);
  EXPECT_EQ(Call("PUT", "/admin/api/users/hoa", admin, true, R"({"active":false})")->status, 200);
  EXPECT_FALSE(Login("hoa", "một mật khẩu dài"));
  auto users = Call("GET", "/admin/api/users", admin);
  EXPECT_EQ(users->body.find("pbkdf2"), std::string::npos) << "hashes never leave the server";
}

}  // namespace

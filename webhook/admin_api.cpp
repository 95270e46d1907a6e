// Design note: every /admin/api route comes from the one table in Routes();
// Register() wraps each handler in the same gate: session cookie -> 401,
// role below the route's -> 403, a state-changing method without the
// session's CSRF token -> 403. The role matrix test walks that table, so a
// route cannot be added without being checked. The static page is served
// from a fixed list of names, so no request path ever reaches the file system.
#include "webhook/admin_api.h"

#include <httplib.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/logging.h"
#include "knowledge/audit.h"
#include "knowledge/conversations.h"
#include "knowledge/entities.h"
#include "knowledge/queue.h"
#include "knowledge/regression.h"
#include "knowledge/reports.h"
#include "knowledge/revisions.h"
#include "knowledge/text.h"
#include "knowledge/transfer.h"
#include "webhook/auth.h"
#include "webhook/report_format.h"

namespace webhook {

using nlohmann::json;
using knowledge::Role;

namespace {

long long NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The province's date: review-by dates and default report periods follow its calendar, not UTC's.
std::string Today() { return knowledge::DayOf(NowMs()); }

void Json(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void Fail(httplib::Response& res, int status, const std::string& message) { Json(res, {{"error", message}}, status); }

void FailList(httplib::Response& res, int status, const std::vector<std::string>& messages) {
  Json(res, {{"error", messages.empty() ? std::string("Lỗi") : messages.front()}, {"errors", messages}}, status);
}

std::optional<json> Body(const httplib::Request& req, httplib::Response& res) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    Fail(res, 400, "Nội dung gửi lên không phải JSON hợp lệ");
    return std::nullopt;
  }
  return j;
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto end = header.find(';', pos);
    std::string part = header.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    auto b = part.find_first_not_of(' ');
    if (b != std::string::npos) part = part.substr(b);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return {};
}

json RevisionJson(const knowledge::Revision& r) {
  return {{"rid", r.rid},       {"entity", r.entity},   {"key", r.key},
          {"state", r.state},   {"author", r.author},   {"created", r.created},
          {"published_by", r.published_by}, {"published_at", r.published_at}, {"note", r.note}, {"data", r.data}};
}

json UserJson(const knowledge::StaffUser& u) {
  return {{"name", u.name}, {"role", knowledge::RoleName(u.role)}, {"active", u.active}, {"created", u.created}};
}

knowledge::TransferFormat FormatOf(const httplib::Request& req) {
  return req.get_param_value("format") == "csv" ? knowledge::TransferFormat::kCsv : knowledge::TransferFormat::kJsonl;
}

void SecurityHeaders(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

}  // namespace

// The handlers, with access to the console's connection. Each runs under the
// console mutex (see Register).
struct AdminHandlers {
  static knowledge::Database& Db(AdminApi& a) { return *a.db_; }

  static void Session(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    knowledge::StaffStore staff(Db(a));
    auto s = staff.FindSession(Sha256Hex(CookieValue(req, kSessionCookie)), NowSeconds());
    Json(res, {{"name", c.user}, {"role", knowledge::RoleName(c.role)}, {"csrf", s ? s->csrf : ""}});
  }

  static void Logout(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    knowledge::StaffStore(Db(a)).DeleteSession(Sha256Hex(CookieValue(req, kSessionCookie)));
    (void)knowledge::AppendAudit(Db(a), c.user, "logout", "", "", "", "");
    res.set_header("Set-Cookie", std::string(kSessionCookie) + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0");
    Json(res, {{"ok", true}});
  }

  static std::string Entity(const httplib::Request& req, httplib::Response& res) {
    std::string e = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
    if (!knowledge::IsEntity(e)) {
      Fail(res, 404, "Không có loại dữ liệu “" + e + "”");
      return {};
    }
    return e;
  }

  static void List(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    auto e = Entity(req, res);
    if (e.empty()) return;
    int limit = 200;
    if (req.has_param("limit")) limit = std::clamp(std::atoi(req.get_param_value("limit").c_str()), 1, 5000);
    json items = json::array();
    for (auto& o : knowledge::ListLive(Db(a), e, req.get_param_value("q"), limit)) items.push_back(std::move(o));
    Json(res, {{"entity", e}, {"items", items}});
  }

  static void Item(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    auto e = Entity(req, res);
    if (e.empty()) return;
    const std::string key = req.get_param_value("key");
    knowledge::Editor ed(Db(a));
    auto live = knowledge::ReadLive(Db(a), e, key);
    auto draft = ed.Draft(e, key);
    if (!live && !draft) return Fail(res, 404, "Không tìm thấy “" + key + "”");
    json history = json::array();
    for (const auto& r : ed.History(e, key)) history.push_back(RevisionJson(r));
    Json(res, {{"entity", e}, {"key", key}, {"live", live ? *live : json(nullptr)},
               {"draft", draft ? RevisionJson(*draft) : json(nullptr)}, {"history", history}});
  }

  static void SaveDraft(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto e = Entity(req, res);
    if (e.empty()) return;
    auto body = Body(req, res);
    if (!body) return;
    std::string key = req.get_param_value("key");
    if (key.empty()) key = knowledge::EntityKey(e, (*body)["data"]);
    if (key.empty() && e == "faq") key = "new";
    auto r = knowledge::Editor(Db(a)).SaveDraft(c.user, e, key, (*body)["data"], body->value("note", ""));
    if (!r) return FailList(res, 422, r.error());
    Json(res, RevisionJson(*r));
  }

  static void DiscardDraft(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto e = Entity(req, res);
    if (e.empty()) return;
    auto r = knowledge::Editor(Db(a)).DiscardDraft(c.user, e, req.get_param_value("key"));
    if (!r) return Fail(res, 404, r.error());
    Json(res, {{"ok", true}});
  }

  static void Drafts(AdminApi& a, const AdminApi::Ctx&, const httplib::Request&, httplib::Response& res) {
    json items = json::array();
    for (const auto& r : knowledge::Editor(Db(a)).Drafts()) {
      json j = RevisionJson(r);
      auto live = knowledge::ReadLive(Db(a), r.entity, r.key);
      j["live"] = live ? *live : json(nullptr);
      items.push_back(std::move(j));
    }
    Json(res, {{"items", items}});
  }

  static void Check(AdminApi& a, const AdminApi::Ctx&, const httplib::Request&, httplib::Response& res) {
    auto r = knowledge::RunRegression(Db(a), a.cfg_.knowledge);
    if (!r) return Fail(res, 500, r.error());
    json changes = json::array();
    for (const auto& c : r->changes)
      changes.push_back({{"question", c.question}, {"expect", c.expect}, {"before_id", c.before_id},
                         {"before_name", c.before_name}, {"after_id", c.after_id}, {"after_name", c.after_name},
                         {"before_ok", c.before_ok}, {"after_ok", c.after_ok}});
    Json(res, {{"questions", r->questions}, {"drafts", r->drafts}, {"with_expect", r->with_expect},
               {"correct_before", r->correct_before}, {"correct_after", r->correct_after}, {"changes", changes}});
  }

  static void Reload(AdminApi& a, const std::string& why) {
    if (auto r = a.index_.Reload(); !r) logging::Error("admin.reload_failed", {{"reason", r.error()}, {"after", why}});
  }

  static void Publish(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    json body = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
    std::vector<std::int64_t> rids;
    if (body.is_object() && body.contains("rids") && body["rids"].is_array())
      for (const auto& r : body["rids"])
        if (r.is_number_integer()) rids.push_back(r.get<std::int64_t>());
    auto r = knowledge::Editor(Db(a)).Publish(c.user, rids);
    if (!r) return FailList(res, 422, r.error());
    Reload(a, "publish");
    json items = json::array();
    for (const auto& rev : *r) items.push_back(RevisionJson(rev));
    logging::Info("admin.published", {{"user", c.user}, {"count", std::to_string(r->size())}});
    Json(res, {{"published", items}});
  }

  static void Rollback(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    const std::int64_t rid = std::atoll(std::string(req.matches[1]).c_str());
    auto r = knowledge::Editor(Db(a)).Rollback(c.user, rid);
    if (!r) return FailList(res, 422, r.error());
    Reload(a, "rollback");
    Json(res, RevisionJson(*r));
  }

  static void ReviewDue(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    const std::string today = req.has_param("today") ? req.get_param_value("today") : Today();
    json items = json::array();
    for (const auto& i : knowledge::Editor(Db(a)).ReviewDue(today))
      items.push_back({{"entity", i.entity}, {"key", i.key}, {"name", i.name}, {"checked", i.checked},
                       {"review_by", i.review_by}});
    Json(res, {{"today", today}, {"items", items}});
  }

  static void Export(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    auto e = Entity(req, res);
    if (e.empty()) return;
    const auto fmt = FormatOf(req);
    auto out = knowledge::ExportEntities(Db(a), e, fmt);
    if (!out) return Fail(res, 500, out.error());
    const bool csv = fmt == knowledge::TransferFormat::kCsv;
    res.set_header("Content-Disposition",
                   "attachment; filename=\"" + e + (csv ? ".csv\"" : ".jsonl\""));
    res.set_content(csv ? "\xEF\xBB\xBF" + *out : *out, csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  }

  static void Import(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto e = Entity(req, res);
    if (e.empty()) return;
    auto r = knowledge::ImportEntities(Db(a), c.user, e, FormatOf(req), req.body);
    if (!r) return FailList(res, 422, r.error());
    Json(res, {{"drafts", *r}});
  }

  static void Questions(AdminApi& a, const AdminApi::Ctx&, const httplib::Request&, httplib::Response& res) {
    json items = json::array();
    for (const auto& q : knowledge::ListQuestions(Db(a)))
      items.push_back({{"qid", q.qid}, {"question", q.question}, {"expect", q.expect}, {"origin", q.origin},
                       {"added_by", q.added_by}});
    Json(res, {{"items", items}});
  }

  static void AddQuestion(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto body = Body(req, res);
    if (!body) return;
    std::vector<std::string> expect;
    if (body->contains("expect") && (*body)["expect"].is_array())
      for (const auto& e : (*body)["expect"])
        if (e.is_string() && !e.get<std::string>().empty()) expect.push_back(e.get<std::string>());
    auto r = knowledge::AddQuestion(Db(a), body->value("question", ""), expect, "staff", c.user);
    if (!r) return Fail(res, 422, r.error());
    (void)knowledge::AppendAudit(Db(a), c.user, "question.add", "question", std::to_string(*r), "",
                                 json{{"question", body->value("question", "")}, {"expect", expect}}.dump());
    Json(res, {{"qid", *r}});
  }

  static void DeleteQuestion(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    const std::string qid = req.matches[1];
    auto r = knowledge::DeleteQuestion(Db(a), std::atoll(qid.c_str()));
    if (!r) return Fail(res, 404, r.error());
    (void)knowledge::AppendAudit(Db(a), c.user, "question.delete", "question", qid, "", "");
    Json(res, {{"ok", true}});
  }

  static void ImportQuestions(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto r = knowledge::ImportQuestions(Db(a), req.body, "staff", c.user);
    if (!r) return FailList(res, 422, r.error());
    (void)knowledge::AppendAudit(Db(a), c.user, "question.import", "question", "", "",
                                 json{{"added", *r}}.dump());
    Json(res, {{"added", *r}});
  }

  static void Ask(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    const std::string q = req.get_param_value("q");
    bot::Message m;
    m.user_id = "staff-console";
    m.text = q;
    auto reply = a.responder_.Respond(m);
    knowledge::SearchOptions opts;
    opts.top_k = 5;
    auto found = a.index_.Search(q, opts);
    json hits = json::array();
    for (const auto& h : found.hits) hits.push_back({{"id", h.id}, {"name", h.name}, {"score", h.score}});
    Json(res, {{"question", q}, {"intent", reply.intent}, {"answered", reply.answered},
               {"procedure_id", reply.procedure_id}, {"messages", reply.messages}, {"hits", hits},
               {"confidence", found.confidence}});
  }

  static void Audit(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    knowledge::AuditFilter f;
    f.actor = req.get_param_value("actor");
    f.entity = req.get_param_value("entity");
    f.key = req.get_param_value("key");
    if (req.has_param("before")) f.before_aid = std::atoll(req.get_param_value("before").c_str());
    json items = json::array();
    for (const auto& e : knowledge::ListAudit(Db(a), f))
      items.push_back({{"aid", e.aid}, {"at", e.at}, {"actor", e.actor}, {"action", e.action}, {"entity", e.entity},
                       {"key", e.key}, {"before", e.before}, {"after", e.after}});
    Json(res, {{"items", items}});
  }

  static void Users(AdminApi& a, const AdminApi::Ctx&, const httplib::Request&, httplib::Response& res) {
    json items = json::array();
    for (const auto& u : knowledge::StaffStore(Db(a)).ListUsers()) items.push_back(UserJson(u));
    Json(res, {{"items", items}});
  }

  static void AddUser(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto body = Body(req, res);
    if (!body) return;
    auto role = knowledge::ParseRole(body->value("role", ""));
    if (!role) return Fail(res, 422, "Vai trò phải là viewer, editor hoặc admin");
    const std::string password = body->value("password", "");
    if (auto p = PasswordProblem(password); !p.empty()) return Fail(res, 422, p);
    const std::string name = body->value("name", "");
    if (!knowledge::StaffStore::ValidName(name))
      return Fail(res, 422, "Tên đăng nhập: 2–40 ký tự a-z, A-Z, 0-9, dấu chấm, gạch dưới, gạch ngang");
    auto tx = knowledge::Transaction::Begin(Db(a));
    if (!tx) return Fail(res, 500, tx.error());
    auto u = knowledge::StaffStore(Db(a)).AddUser(name, *role, HashPassword(password));
    if (!u) return Fail(res, 422, "Không tạo được tài khoản: " + u.error());
    (void)knowledge::AppendAudit(Db(a), c.user, "user.add", "user", name, "", UserJson(*u).dump());
    if (auto r = tx->Commit(); !r) return Fail(res, 500, r.error());
    Json(res, UserJson(*u));
  }

  static void UpdateUser(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto body = Body(req, res);
    if (!body) return;
    const std::string name = req.matches[1];
    knowledge::StaffStore staff(Db(a));
    auto before = staff.FindUser(name);
    if (!before) return Fail(res, 404, "Không có tài khoản “" + name + "”");
    std::optional<Role> role;
    if (body->contains("role")) {
      role = knowledge::ParseRole(body->value("role", ""));
      if (!role) return Fail(res, 422, "Vai trò phải là viewer, editor hoặc admin");
    }
    std::optional<bool> active;
    if (body->contains("active") && (*body)["active"].is_boolean()) active = (*body)["active"].get<bool>();
    if (before->name == c.user && ((role && *role != Role::kAdmin) || (active && !*active)))
      return Fail(res, 422, "Không tự hạ quyền hoặc tự khóa tài khoản của mình");
    std::optional<std::string> hash;
    if (body->contains("password")) {
      const std::string p = body->value("password", "");
      if (auto why = PasswordProblem(p); !why.empty()) return Fail(res, 422, why);
      hash = HashPassword(p);
    }
    auto tx = knowledge::Transaction::Begin(Db(a));
    if (!tx) return Fail(res, 500, tx.error());
    if (auto r = staff.UpdateUser(name, role, active, hash); !r) return Fail(res, 422, r.error());
    auto after = staff.FindUser(name);
    json after_json = UserJson(*after);
    if (hash) after_json["password"] = "changed";
    (void)knowledge::AppendAudit(Db(a), c.user, "user.update", "user", name, UserJson(*before).dump(), after_json.dump());
    if (auto r = tx->Commit(); !r) return Fail(res, 500, r.error());
    Json(res, UserJson(*after));
  }

  // ---- conversation side: queue, hand-offs, petitions, reports ----------
  static std::pair<std::string, std::string> Period(const httplib::Request& req) {
    const std::string today = knowledge::DayOf(NowMs());
    std::string to = req.has_param("to") ? req.get_param_value("to") : today;
    std::string from = req.get_param_value("from");
    if (from.empty()) {
      auto t = knowledge::DayStartMs(to);
      from = knowledge::DayOf((t ? *t : NowMs()) - 29LL * 86400000);
    }
    return {from, to};
  }

  static json GroupJson(const knowledge::UnansweredGroup& g) {
    return {{"key", g.key}, {"count", g.count}, {"not_answered", g.not_answered}, {"low_rated", g.low_rated},
            {"example", g.example}, {"variants", g.variants}, {"last_ms", g.last_ms}};
  }

  static void Unanswered(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    auto [from, to] = Period(req);
    auto f = knowledge::DayStartMs(from), t = knowledge::DayStartMs(to);
    if (!f || !t) return Fail(res, 422, "Ngày phải có dạng NNNN-TT-NN");
    auto groups = knowledge::UnansweredGroups(Db(a), *f, *t + 86400000, 200);
    if (!groups) return Fail(res, 500, groups.error());
    json items = json::array();
    for (const auto& g : *groups) items.push_back(GroupJson(g));
    Json(res, {{"from", from}, {"to", to}, {"items", items}});
  }

  // One step from a group: its wordings become aliases of a procedure, or a
  // new FAQ; either way a draft (checked and published like any edit).
  static void Resolve(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto body = Body(req, res);
    if (!body) return;
    const std::string key = body->value("key", ""), action = body->value("action", "");
    std::vector<std::string> variants;
    if (body->contains("variants") && (*body)["variants"].is_array())
      for (const auto& v : (*body)["variants"])
        if (v.is_string() && !v.get<std::string>().empty()) variants.push_back(v.get<std::string>());
    if (key.empty() || variants.empty()) return Fail(res, 422, "Thiếu nhóm câu hỏi hoặc cách hỏi");
    knowledge::Editor ed(Db(a));
    std::string target;
    if (action == "alias") {
      target = body->value("procedure_id", "");
      auto draft = ed.Draft("procedure", target);
      auto live = knowledge::ReadLive(Db(a), "procedure", target);
      if (!live) return Fail(res, 422, "Không có thủ tục mã “" + target + "”");
      json data = draft ? draft->data : *live;
      std::vector<std::string> have;
      for (const auto& x : data["aliases"]) have.push_back(knowledge::Fold(x.get<std::string>()));
      for (const auto& v : variants)
        if (std::find(have.begin(), have.end(), knowledge::Fold(v)) == have.end()) {
          data["aliases"].push_back(v);
          have.push_back(knowledge::Fold(v));
        }
      auto r = ed.SaveDraft(c.user, "procedure", target, data, "từ hàng đợi câu hỏi chưa trả lời");
      if (!r) return FailList(res, 422, r.error());
    } else if (action == "faq") {
      json data{{"question", body->value("question", variants[0])}, {"answer", body->value("answer", "")},
                {"aliases", json(std::vector<std::string>(variants.begin(), variants.end()))},
                {"source", body->value("source", "")}, {"checked", body->value("checked", Today())},
                {"review_by", body->value("review_by", "")}};
      auto r = ed.SaveDraft(c.user, "faq", "new", data, "từ hàng đợi câu hỏi chưa trả lời");
      if (!r) return FailList(res, 422, r.error());
      target = r->key;
    } else if (action != "dismiss") {
      return Fail(res, 422, "Cách xử lý phải là alias, faq hoặc dismiss");
    }
    if (auto r = knowledge::ResolveGroup(Db(a), key, action, target, c.user, NowMs()); !r) return Fail(res, 500, r.error());
    (void)knowledge::AppendAudit(Db(a), c.user, "queue.resolve", "queue", key, "",
                                 json{{"action", action}, {"target", target}, {"variants", variants}}.dump());
    Json(res, {{"ok", true}, {"target", target}});
  }

  static json HandoffJson(const knowledge::HandoffRow& h) {
    return {{"id", h.id}, {"user_id", h.user_id}, {"status", h.status}, {"requested_ms", h.requested_ms},
            {"until_ms", h.until_ms}, {"staff_last_ms", h.staff_last_ms}, {"closed_ms", h.closed_ms},
            {"closed_by", h.closed_by}, {"first_reply_ms", h.first_reply_ms}, {"recent", h.recent}};
  }
  static json TicketJson(const knowledge::TicketRow& t) {
    return {{"id", t.id}, {"number", t.number}, {"user_id", t.user_id}, {"kind", t.kind}, {"content", t.content},
            {"commune", t.commune}, {"status", t.status}, {"created_ms", t.created_ms}, {"updated_ms", t.updated_ms},
            {"first_reply_ms", t.first_reply_ms}};
  }

  static void Handoffs(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    json items = json::array();
    for (const auto& h : knowledge::ListHandoffs(Db(a), req.get_param_value("status"), 200)) items.push_back(HandoffJson(h));
    Json(res, {{"items", items}});
  }

  static void Tickets(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    json items = json::array();
    for (const auto& t : knowledge::ListTickets(Db(a), req.get_param_value("status"), 200)) items.push_back(TicketJson(t));
    Json(res, {{"items", items}});
  }

  static std::optional<std::int64_t> Send(AdminApi& a, const AdminApi::Ctx& c, const std::string& user_id,
                                          const std::string& text, httplib::Response& res) {
    if (knowledge::Fold(text).empty()) {
      Fail(res, 422, "Nội dung trả lời không được để trống");
      return std::nullopt;
    }
    if (!a.send_) {
      Fail(res, 503, "Máy chủ này chưa nối với hàng đợi gửi tin");
      return std::nullopt;
    }
    auto id = a.send_(user_id, text, c.user);
    if (!id) {
      logging::Error("admin.send_failed", {{"reason", id.error()}});
      Fail(res, 503, "Chưa xếp được tin vào hàng đợi gửi, vui lòng thử lại");
      return std::nullopt;
    }
    return *id;
  }

  static void HandoffReply(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto body = Body(req, res);
    if (!body) return;
    auto h = knowledge::GetHandoffRow(Db(a), std::atoll(std::string(req.matches[1]).c_str()));
    if (!h) return Fail(res, 404, "Không có yêu cầu này");
    if (h->status != "waiting" && h->status != "staff_replied")
      return Fail(res, 422, "Yêu cầu đã kết thúc; người dân đang được bot trả lời");
    const std::string text = body->value("text", "");
    auto id = Send(a, c, h->user_id, text, res);
    if (!id) return;
    const long long now = NowMs();
    (void)knowledge::RecordStaffReply(Db(a), "handoff", h->id, h->user_id, c.user, text, *id, now);
    (void)knowledge::ConversationStore(Db(a)).NoteStaffMessage(h->user_id, now, std::max<long long>(h->until_ms, now));
    (void)knowledge::AppendAudit(Db(a), c.user, "handoff.reply", "handoff", std::to_string(h->id), "",
                                 json{{"outbox_id", *id}}.dump());
    Json(res, {{"ok", true}, {"outbox_id", *id}});
  }

  static void HandoffRelease(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto h = knowledge::GetHandoffRow(Db(a), std::atoll(std::string(req.matches[1]).c_str()));
    if (!h) return Fail(res, 404, "Không có yêu cầu này");
    const bool released = a.responder_.ReleaseHandoff(h->user_id, c.user, NowMs());
    if (!released) return Fail(res, 422, "Yêu cầu này không còn mở");
    (void)knowledge::AppendAudit(Db(a), c.user, "handoff.release", "handoff", std::to_string(h->id), h->status, "released");
    Json(res, {{"ok", true}});
  }

  static void TicketReply(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto body = Body(req, res);
    if (!body) return;
    auto t = knowledge::GetTicketRow(Db(a), std::atoll(std::string(req.matches[1]).c_str()));
    if (!t) return Fail(res, 404, "Không có phản ánh, kiến nghị này");
    if (t->status == "closed") return Fail(res, 422, "Phản ánh, kiến nghị đã đóng");
    const std::string text = body->value("text", "");
    auto id = Send(a, c, t->user_id, text, res);
    if (!id) return;
    const long long now = NowMs();
    (void)knowledge::RecordStaffReply(Db(a), "ticket", t->id, t->user_id, c.user, text, *id, now);
    if (t->status != "answered") (void)knowledge::SetTicketStatus(Db(a), t->id, "answered", now);
    (void)knowledge::AppendAudit(Db(a), c.user, "ticket.reply", "ticket", t->number, t->status,
                                 json{{"status", "answered"}, {"outbox_id", *id}}.dump());
    Json(res, {{"ok", true}, {"outbox_id", *id}});
  }

  static void TicketStatus(AdminApi& a, const AdminApi::Ctx& c, const httplib::Request& req, httplib::Response& res) {
    auto body = Body(req, res);
    if (!body) return;
    auto t = knowledge::GetTicketRow(Db(a), std::atoll(std::string(req.matches[1]).c_str()));
    if (!t) return Fail(res, 404, "Không có phản ánh, kiến nghị này");
    const std::string status = body->value("status", "");
    if (auto r = knowledge::SetTicketStatus(Db(a), t->id, status, NowMs()); !r) return Fail(res, 422, r.error());
    (void)knowledge::AppendAudit(Db(a), c.user, "ticket.status", "ticket", t->number, t->status, status);
    Json(res, {{"ok", true}});
  }

  static void Report(AdminApi& a, const AdminApi::Ctx&, const httplib::Request& req, httplib::Response& res) {
    auto [from, to] = Period(req);
    auto r = knowledge::BuildReport(Db(a), from, to);
    if (!r) return Fail(res, 422, r.error());
    const std::string format = req.get_param_value("format");
    if (format == "csv") {
      res.set_header("Content-Disposition", "attachment; filename=\"bao-cao-" + from + "-" + to + ".csv\"");
      res.set_content("\xEF\xBB\xBF" + ReportCsv(*r), "text/csv; charset=utf-8");
    } else if (format == "html") {
      res.set_content(ReportHtml(*r), "text/html; charset=utf-8");
    } else {
      Json(res, ReportJson(*r));
    }
  }
};

const std::vector<AdminApi::Route>& AdminApi::Routes() {
  using H = AdminHandlers;
  static const std::vector<Route> kRoutes = {
      {"GET", "/admin/api/session", "/admin/api/session", Role::kViewer, H::Session},
      {"POST", "/admin/api/logout", "/admin/api/logout", Role::kViewer, H::Logout},
      {"GET", R"(/admin/api/knowledge/([a-z]+))", "/admin/api/knowledge/procedure", Role::kViewer, H::List},
      {"GET", R"(/admin/api/knowledge/([a-z]+)/item)", "/admin/api/knowledge/procedure/item?key=1.001193",
       Role::kViewer, H::Item},
      {"PUT", R"(/admin/api/knowledge/([a-z]+)/draft)", "/admin/api/knowledge/synonym/draft?key=zz", Role::kEditor,
       H::SaveDraft},
      {"DELETE", R"(/admin/api/knowledge/([a-z]+)/draft)", "/admin/api/knowledge/synonym/draft?key=zz",
       Role::kEditor, H::DiscardDraft},
      {"GET", "/admin/api/drafts", "/admin/api/drafts", Role::kViewer, H::Drafts},
      {"POST", "/admin/api/drafts/check", "/admin/api/drafts/check", Role::kEditor, H::Check},
      {"POST", "/admin/api/drafts/publish", "/admin/api/drafts/publish", Role::kEditor, H::Publish},
      {"POST", R"(/admin/api/revisions/(\d+)/rollback)", "/admin/api/revisions/999999/rollback", Role::kEditor,
       H::Rollback},
      {"GET", "/admin/api/review-due", "/admin/api/review-due", Role::kViewer, H::ReviewDue},
      {"GET", R"(/admin/api/export/([a-z]+))", "/admin/api/export/commune?format=csv", Role::kViewer, H::Export},
      {"POST", R"(/admin/api/import/([a-z]+))", "/admin/api/import/synonym?format=jsonl", Role::kEditor, H::Import},
      {"GET", "/admin/api/questions", "/admin/api/questions", Role::kViewer, H::Questions},
      {"POST", "/admin/api/questions", "/admin/api/questions", Role::kEditor, H::AddQuestion},
      {"POST", "/admin/api/questions/import", "/admin/api/questions/import", Role::kEditor, H::ImportQuestions},
      {"DELETE", R"(/admin/api/questions/(\d+))", "/admin/api/questions/999999", Role::kEditor, H::DeleteQuestion},
      {"GET", "/admin/api/ask", "/admin/api/ask?q=khai%20sinh", Role::kViewer, H::Ask},
      {"GET", "/admin/api/audit", "/admin/api/audit", Role::kAdmin, H::Audit},
      {"GET", "/admin/api/users", "/admin/api/users", Role::kAdmin, H::Users},
      {"POST", "/admin/api/users", "/admin/api/users", Role::kAdmin, H::AddUser},
      {"PUT", R"(/admin/api/users/([A-Za-z0-9._-]+))", "/admin/api/users/nobody", Role::kAdmin, H::UpdateUser},
      {"GET", "/admin/api/unanswered", "/admin/api/unanswered", Role::kViewer, H::Unanswered},
      {"POST", "/admin/api/unanswered/resolve", "/admin/api/unanswered/resolve", Role::kEditor, H::Resolve},
      {"GET", "/admin/api/handoffs", "/admin/api/handoffs?status=open", Role::kViewer, H::Handoffs},
      {"POST", R"(/admin/api/handoffs/(\d+)/reply)", "/admin/api/handoffs/999999/reply", Role::kEditor, H::HandoffReply},
      {"POST", R"(/admin/api/handoffs/(\d+)/release)", "/admin/api/handoffs/999999/release", Role::kEditor,
       H::HandoffRelease},
      {"GET", "/admin/api/tickets", "/admin/api/tickets", Role::kViewer, H::Tickets},
      {"POST", R"(/admin/api/tickets/(\d+)/reply)", "/admin/api/tickets/999999/reply", Role::kEditor, H::TicketReply},
      {"POST", R"(/admin/api/tickets/(\d+)/status)", "/admin/api/tickets/999999/status", Role::kEditor, H::TicketStatus},
      {"GET", "/admin/api/report", "/admin/api/report?from=2026-01-01&to=2026-01-31", Role::kViewer, H::Report},
  };
  return kRoutes;
}

AdminApi::AdminApi(const config::Config& cfg, knowledge::Index& index, const bot::Responder& responder)
    : cfg_(cfg), index_(index), responder_(responder) {}

AdminApi::~AdminApi() = default;

std::expected<void, std::string> AdminApi::Open() {
  auto db = knowledge::OpenServing(cfg_.knowledge.db_path);
  if (!db) return std::unexpected(db.error());
  db_ = std::make_unique<knowledge::Database>(std::move(*db));
  return {};
}

void AdminApi::Login(const httplib::Request& req, httplib::Response& res) {
  auto body = Body(req, res);
  if (!body) return;
  const std::string name = body->value("name", "");
  const std::string password = body->value("password", "");
  const long long now = NowSeconds();
  std::lock_guard lock(mutex_);
  auto& f = failures_[name.substr(0, 64)];
  if (f.first >= 5 && now - f.second < 300) {
    logging::Warn("admin.login_locked", {{"ip", req.remote_addr}});
    return Fail(res, 429, "Sai mật khẩu quá nhiều lần. Vui lòng thử lại sau 5 phút.");
  }
  knowledge::StaffStore staff(*db_);
  auto user = staff.FindUser(name);
  // Verify even for unknown names so that timing does not reveal which names exist.
  static const std::string kDummy = HashPassword("not a password");
  const bool ok = VerifyPassword(password, user ? user->password_hash : kDummy) && user && user->active;
  if (!ok) {
    f = {f.first + 1, now};
    if (failures_.size() > 10000) failures_.clear();
    logging::Warn("admin.login_failed", {{"ip", req.remote_addr}});
    return Fail(res, 401, "Tên đăng nhập hoặc mật khẩu không đúng");
  }
  failures_.erase(name.substr(0, 64));
  const std::string token = RandomToken();
  const std::string csrf = RandomToken();
  if (token.empty() || csrf.empty()) return Fail(res, 500, "Không tạo được phiên đăng nhập");
  if (auto r = staff.CreateSession(user->uid, Sha256Hex(token), csrf, now + kSessionSeconds); !r)
    return Fail(res, 500, "Không tạo được phiên đăng nhập");
  (void)knowledge::AppendAudit(*db_, user->name, "login", "", "", "", "");
  logging::Info("admin.login", {{"user", user->name}});
  res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + token + "; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
                                   std::to_string(kSessionSeconds));
  Json(res, {{"name", user->name}, {"role", knowledge::RoleName(user->role)}, {"csrf", csrf}});
}

void AdminApi::ServeStatic(const std::string& name, httplib::Response& res) {
  static const std::map<std::string, std::string> kFiles = {
      {"index.html", "text/html; charset=utf-8"},
      {"admin.js", "text/javascript; charset=utf-8"},
      {"admin.css", "text/css; charset=utf-8"}};
  auto it = kFiles.find(name);
  if (it == kFiles.end()) return Fail(res, 404, "Không có trang này");
  std::ifstream in(std::filesystem::path(cfg_.server.static_dir) / "admin" / it->first, std::ios::binary);
  if (!in) return Fail(res, 404, "Không có trang này");
  std::ostringstream s;
  s << in.rdbuf();
  res.set_content(s.str(), it->second.c_str());
}

void AdminApi::Register(httplib::Server& http) {
  for (const auto& route : Routes()) {
    auto gate = [this, &route](const httplib::Request& req, httplib::Response& res) {
      SecurityHeaders(res);
      std::lock_guard lock(mutex_);
      knowledge::StaffStore staff(*db_);
      const std::string token = CookieValue(req, kSessionCookie);
      auto session = token.empty() ? std::nullopt : staff.FindSession(Sha256Hex(token), NowSeconds());
      if (!session) return Fail(res, 401, "Chưa đăng nhập hoặc phiên đã hết hạn");
      if (static_cast<int>(session->user.role) < static_cast<int>(route.min_role)) {
        logging::Warn("admin.forbidden", {{"user", session->user.name}, {"path", req.path}});
        return Fail(res, 403, "Tài khoản của bạn không có quyền này");
      }
      if (req.method != "GET" && !ConstantTimeEquals(req.get_header_value("X-CSRF-Token"), session->csrf)) {
        logging::Warn("admin.csrf_rejected", {{"user", session->user.name}, {"path", req.path}});
        return Fail(res, 403, "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang");
      }
      try {
        route.handler(*this, Ctx{session->user.name, session->user.role}, req, res);
      } catch (const nlohmann::json::type_error& e) {
        // A field of the body has the wrong JSON type ({"note": 5}): the
        // sender's mistake, not ours; transactions were rolled back by RAII.
        logging::Warn("admin.bad_field_type", {{"user", session->user.name}, {"path", req.path}});
        Fail(res, 400, "Một trường trong nội dung gửi lên sai kiểu dữ liệu");
      }
    };
    if (route.method == "GET") http.Get(route.pattern, gate);
    else if (route.method == "POST") http.Post(route.pattern, gate);
    else if (route.method == "PUT") http.Put(route.pattern, gate);
    else if (route.method == "DELETE") http.Delete(route.pattern, gate);
  }
  http.Post("/admin/api/login", [this](const httplib::Request& req, httplib::Response& res) {
    SecurityHeaders(res);
    try {
      Login(req, res);
    } catch (const nlohmann::json::type_error&) {
      Fail(res, 400, "Một trường trong nội dung gửi lên sai kiểu dữ liệu");
    }
  });
  // Anything else under the API is unknown, whoever asks.
  auto not_found = [](const httplib::Request&, httplib::Response& res) {
    SecurityHeaders(res);
    Fail(res, 404, "Không có địa chỉ này");
  };
  http.Get(R"(/admin/api/.*)", not_found);
  http.Post(R"(/admin/api/.*)", not_found);
  http.Put(R"(/admin/api/.*)", not_found);
  http.Delete(R"(/admin/api/.*)", not_found);
  http.Get("/admin", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/admin/"); });
  http.Get("/admin/", [this](const httplib::Request&, httplib::Response& res) {
    SecurityHeaders(res);
    ServeStatic("index.html", res);
  });
  http.Get(R"(/admin/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    SecurityHeaders(res);
    ServeStatic(req.matches[1], res);
  });
}

}  // namespace webhook

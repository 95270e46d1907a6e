#include "knowledge/regression.h"

#include <sqlite3.h>

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "knowledge/index.h"
#include "knowledge/revisions.h"
#include "knowledge/text.h"

namespace knowledge {

using nlohmann::json;

std::vector<RegressionQuestion> ListQuestions(Database& db) {
  std::vector<RegressionQuestion> out;
  auto st = db.Prepare("SELECT qid, question, expect, origin, added_by FROM regression_questions ORDER BY qid");
  if (!st) return out;
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    RegressionQuestion q{st->Int(0), st->Text(1), {}, st->Text(3), st->Text(4)};
    json e = json::parse(st->Text(2), nullptr, false);
    if (e.is_array())
      for (const auto& id : e)
        if (id.is_string()) q.expect.push_back(id.get<std::string>());
    out.push_back(std::move(q));
  }
  return out;
}

std::expected<std::int64_t, std::string> AddQuestion(Database& db, const std::string& question,
                                                     const std::vector<std::string>& expect,
                                                     const std::string& origin, const std::string& added_by) {
  const std::string q = SanitizeUtf8(ComposeNfc(question));
  if (Fold(q).empty()) return std::unexpected("Câu hỏi không được để trống");
  auto st = db.Prepare("INSERT INTO regression_questions (question, expect, origin, added_by) VALUES (?1,?2,?3,?4)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, q).Bind(2, json(expect).dump()).Bind(3, origin).Bind(4, added_by);
  if (auto r = st->Run(); !r) {
    if (r.error().find("UNIQUE") != std::string::npos) return std::unexpected("Câu hỏi này đã có trong bộ kiểm tra");
    return std::unexpected(r.error());
  }
  return db.LastInsertId();
}

std::expected<void, std::string> DeleteQuestion(Database& db, std::int64_t qid) {
  auto st = db.Prepare("DELETE FROM regression_questions WHERE qid = ?1");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, qid);
  if (auto r = st->Run(); !r) return r;
  if (db.Changes() == 0) return std::unexpected("Không có câu hỏi số " + std::to_string(qid));
  return {};
}

std::expected<int, std::vector<std::string>> ImportQuestions(Database& db, const std::string& jsonl,
                                                             const std::string& origin, const std::string& added_by) {
  std::vector<std::string> errors;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  std::istringstream in(jsonl);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json v = json::parse(line, nullptr, false);
    if (!v.is_object() || !v.contains("q") || !v["q"].is_string()) {
      errors.push_back("dòng " + std::to_string(n) + ": cần một đối tượng JSON có \"q\"");
      continue;
    }
    std::vector<std::string> expect;
    if (v.contains("expect") && v["expect"].is_array())
      for (const auto& e : v["expect"])
        if (e.is_string()) expect.push_back(e.get<std::string>());
    rows.emplace_back(v["q"].get<std::string>(), std::move(expect));
  }
  if (!errors.empty()) return std::unexpected(errors);
  auto tx = Transaction::Begin(db);
  if (!tx) return std::unexpected(std::vector<std::string>{tx.error()});
  auto st = db.Prepare("INSERT OR IGNORE INTO regression_questions (question, expect, origin, added_by) VALUES (?1,?2,?3,?4)");
  if (!st) return std::unexpected(std::vector<std::string>{st.error()});
  int added = 0;
  for (const auto& [q, expect] : rows) {
    st->Reset();
    st->Bind(1, SanitizeUtf8(ComposeNfc(q))).Bind(2, json(expect).dump()).Bind(3, origin).Bind(4, added_by);
    if (auto r = st->Run(); !r) return std::unexpected(std::vector<std::string>{r.error()});
    added += db.Changes();
  }
  if (auto r = tx->Commit(); !r) return std::unexpected(std::vector<std::string>{r.error()});
  return added;
}

namespace {

struct Top {
  std::string id, name;
};

std::vector<Top> RunAll(const Index& index, const std::vector<RegressionQuestion>& questions) {
  std::vector<Top> out;
  out.reserve(questions.size());
  for (const auto& q : questions) {
    auto r = index.Search(q.question);
    if (r.answered && !r.hits.empty()) out.push_back({r.hits[0].id, r.hits[0].name});
    else out.push_back({});
  }
  return out;
}

bool Ok(const RegressionQuestion& q, const Top& t) {
  return std::find(q.expect.begin(), q.expect.end(), t.id) != q.expect.end();
}

}  // namespace

std::expected<RegressionReport, std::string> RunRegression(Database& live, const config::Knowledge& cfg) {
  auto copy = Database::Open(":memory:");
  if (!copy) return std::unexpected(copy.error());
  sqlite3_backup* b = sqlite3_backup_init(copy->handle(), "main", live.handle(), "main");
  if (!b) return std::unexpected(std::string("cannot copy the database: ") + sqlite3_errmsg(copy->handle()));
  const int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return std::unexpected("cannot copy the database: " + std::string(sqlite3_errstr(rc)));

  RegressionReport report;
  const auto questions = ListQuestions(*copy);
  report.questions = static_cast<int>(questions.size());
  Index index(*copy, cfg);
  if (auto r = index.Reload(); !r) return std::unexpected(r.error());
  const auto before = RunAll(index, questions);
  auto applied = ApplyDrafts(*copy);
  if (!applied) return std::unexpected(applied.error());
  report.drafts = *applied;
  if (auto r = index.Reload(); !r) return std::unexpected(r.error());
  const auto after = RunAll(index, questions);
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& q = questions[i];
    if (!q.expect.empty()) {
      ++report.with_expect;
      report.correct_before += Ok(q, before[i]);
      report.correct_after += Ok(q, after[i]);
    }
    if (before[i].id == after[i].id) continue;
    report.changes.push_back({q.question, q.expect, before[i].id, before[i].name, after[i].id, after[i].name,
                              Ok(q, before[i]), Ok(q, after[i])});
  }
  return report;
}

}  // namespace knowledge

#pragma once
// The question set run before publishing: which questions would change their
// top answer if the open drafts were published. The check runs on an
// in-memory copy of the database, so the live data and the serving index are
// never touched and no write lock is held while it runs.
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "config/config.h"
#include "knowledge/database.h"

namespace knowledge {

struct RegressionQuestion {
  std::int64_t qid = 0;
  std::string question;
  std::vector<std::string> expect;   // acceptable ids; may be empty
  std::string origin;                // file name or "staff"
  std::string added_by;
};

std::vector<RegressionQuestion> ListQuestions(Database& db);
std::expected<std::int64_t, std::string> AddQuestion(Database& db, const std::string& question,
                                                     const std::vector<std::string>& expect,
                                                     const std::string& origin, const std::string& added_by);
std::expected<void, std::string> DeleteQuestion(Database& db, std::int64_t qid);

// Lines like tests/data/dev_questions.jsonl: {"q": "...", "expect": ["1.001193"]}.
// All or nothing; questions already stored are skipped. Returns how many were added.
std::expected<int, std::vector<std::string>> ImportQuestions(Database& db, const std::string& jsonl,
                                                             const std::string& origin, const std::string& added_by);

struct RegressionChange {
  std::string question;
  std::vector<std::string> expect;
  std::string before_id, before_name, after_id, after_name;   // empty id: the bot would not answer
  bool before_ok = false, after_ok = false;                   // top answer among expect
};

struct RegressionReport {
  int questions = 0;
  int drafts = 0;
  int with_expect = 0;
  int correct_before = 0;
  int correct_after = 0;
  std::vector<RegressionChange> changes;
};

std::expected<RegressionReport, std::string> RunRegression(Database& live, const config::Knowledge& cfg);

}  // namespace knowledge

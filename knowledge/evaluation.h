#pragma once
// Answer-quality evaluation: runs a question set (JSON Lines: q, expect, kind,
// style) through Index::Search exactly as `hccbot search` does and counts
// top-1, top-3, the answered rate and how often out-of-scope, small-talk,
// office and reform questions wrongly get a procedure. Stateless functions.
#include <expected>
#include <map>
#include <string>
#include <vector>

#include "knowledge/index.h"

namespace knowledge {

struct EvalQuestion {
  std::string text;
  std::vector<std::string> expect;   // any of these ids is right
  std::string kind;                  // procedure | out_of_scope | smalltalk | office | reform
  std::vector<std::string> styles;   // no_diacritics, teencode, typo, colloquial, long, aspect, english …
};

struct EvalCounts {
  int questions = 0;
  int top1 = 0;
  int top3 = 0;
  int answered = 0;
};

struct EvalMiss {
  std::string question;
  std::vector<std::string> expect;
  std::vector<std::string> expect_names;  // same order as expect; empty when an id is unknown
  std::vector<Hit> got;
};

struct EvalReport {
  EvalCounts procedures;
  std::map<std::string, EvalCounts> by_style;  // "plain" for questions without a style
  EvalCounts accented, unaccented;             // unaccented = style no_diacritics
  int others = 0;                              // questions with no procedure to find
  int others_answered = 0;
  std::map<std::string, std::pair<int, int>> others_by_kind;  // kind -> (questions, answered)
  std::vector<EvalMiss> misses;                // procedure questions not right at top-1
  std::vector<EvalMiss> wrongly_answered;      // other questions answered with a procedure
};

// "file:line: reason" on the first bad line.
std::expected<std::vector<EvalQuestion>, std::string> LoadQuestions(const std::string& path);

// `options.top_k` is raised to 3 when lower.
EvalReport Evaluate(const Index& index, const std::vector<EvalQuestion>& questions, SearchOptions options = {});

double Percent(int part, int whole);

// Figures per style and the misses, for people.
std::string FormatReport(const EvalReport& report, bool list_misses);

}  // namespace knowledge

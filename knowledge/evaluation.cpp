#include "knowledge/evaluation.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

namespace knowledge {
namespace {

void Count(EvalCounts& c, bool top1, bool top3, bool answered) {
  ++c.questions;
  c.top1 += top1;
  c.top3 += top3;
  c.answered += answered;
}

std::string Line(const std::string& label, const EvalCounts& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %-14s n=%4d  top1=%5.1f%%  top3=%5.1f%%  answered=%5.1f%%\n", label.c_str(),
                c.questions, Percent(c.top1, c.questions), Percent(c.top3, c.questions),
                Percent(c.answered, c.questions));
  return buf;
}

// At most n bytes, never cutting a UTF-8 sequence.
std::string Short(const std::string& s, std::size_t n = 60) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "…";
}

}  // namespace

double Percent(int part, int whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

std::expected<std::vector<EvalQuestion>, std::string> LoadQuestions(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(path + ": cannot open");
  std::vector<EvalQuestion> out;
  std::string text;
  int n = 0;
  while (std::getline(in, text)) {
    ++n;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(n) + ": ";
    try {
      auto j = nlohmann::json::parse(text);
      EvalQuestion q;
      if (!j.is_object() || !j.contains("q") || !j["q"].is_string()) return std::unexpected(where + "missing \"q\"");
      q.text = j["q"].get<std::string>();
      q.kind = j.value("kind", std::string("procedure"));
      if (j.contains("expect")) q.expect = j["expect"].get<std::vector<std::string>>();
      if (j.contains("style") && j["style"].is_array()) q.styles = j["style"].get<std::vector<std::string>>();
      if (q.kind == "procedure" && q.expect.empty())
        return std::unexpected(where + "a procedure question needs \"expect\"");
      out.push_back(std::move(q));
    } catch (const nlohmann::json::exception& e) {
      return std::unexpected(where + e.what());
    }
  }
  return out;
}

EvalReport Evaluate(const Index& index, const std::vector<EvalQuestion>& questions, SearchOptions opts) {
  EvalReport r;
  opts.top_k = std::max(opts.top_k, 3);  // by default the same options as `hccbot search --top 3`
  for (const auto& q : questions) {
    const SearchResult found = index.Search(q.text, opts);
    if (q.kind != "procedure") {
      const bool answered = found.answered && !found.hits.empty();
      ++r.others;
      r.others_answered += answered;
      auto& k = r.others_by_kind[q.kind];
      ++k.first;
      k.second += answered;
      if (answered) r.wrongly_answered.push_back({q.text, {}, {}, found.hits});
      continue;
    }
    auto expected = [&](const Hit& h) { return std::find(q.expect.begin(), q.expect.end(), h.id) != q.expect.end(); };
    const bool top1 = !found.hits.empty() && expected(found.hits[0]);
    const bool top3 = std::any_of(found.hits.begin(), found.hits.begin() + std::min<std::size_t>(3, found.hits.size()),
                                  expected);
    Count(r.procedures, top1, top3, found.answered);
    if (q.styles.empty()) Count(r.by_style["plain"], top1, top3, found.answered);
    for (const auto& s : q.styles) Count(r.by_style[s], top1, top3, found.answered);
    const bool unaccented = std::find(q.styles.begin(), q.styles.end(), "no_diacritics") != q.styles.end();
    Count(unaccented ? r.unaccented : r.accented, top1, top3, found.answered);
    if (!top1) {
      std::vector<std::string> names;
      for (const auto& id : q.expect) {
        auto p = index.Get(id);
        names.push_back(p ? p->name : std::string());
      }
      r.misses.push_back({q.text, q.expect, std::move(names), found.hits});
    }
  }
  return r;
}

std::string FormatReport(const EvalReport& r, bool list_misses) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "procedure questions: %d\n", r.procedures.questions);
  out += buf;
  out += Line("all", r.procedures);
  for (const auto& [style, c] : r.by_style) out += Line(style, c);
  out += Line("accented", r.accented);
  out += Line("unaccented", r.unaccented);
  std::snprintf(buf, sizeof buf, "questions without a procedure: %d, answered with one: %d (%.1f%%)\n", r.others,
                r.others_answered, Percent(r.others_answered, r.others));
  out += buf;
  for (const auto& [kind, c] : r.others_by_kind) {
    std::snprintf(buf, sizeof buf, "  %-14s n=%4d  answered=%d\n", kind.c_str(), c.first, c.second);
    out += buf;
  }
  if (list_misses) {
    for (const auto& m : r.misses) {
      out += "miss: " + m.question + "\n  expected";
      for (std::size_t i = 0; i < m.expect.size(); ++i)
        out += (i ? ", " : " ") + m.expect[i] +
               (i < m.expect_names.size() && !m.expect_names[i].empty() ? " (" + Short(m.expect_names[i]) + ")" : "");
      out += "; got";
      for (const auto& h : m.got) out += " " + h.id + " (" + Short(h.name) + ")";
      out += "\n";
    }
    for (const auto& m : r.wrongly_answered)
      out += "answered out of scope: " + m.question + "\n  got " + (m.got.empty() ? "" : m.got[0].id + " (" + Short(m.got[0].name) + ")") + "\n";
  }
  std::snprintf(buf, sizeof buf, "top1=%.1f%% top3=%.1f%% answered=%.1f%% out_of_scope_answered=%.1f%% (n=%d, other=%d)\n",
                Percent(r.procedures.top1, r.procedures.questions), Percent(r.procedures.top3, r.procedures.questions),
                Percent(r.procedures.answered, r.procedures.questions), Percent(r.others_answered, r.others),
                r.procedures.questions, r.others);
  out += buf;
  return out;
}

}  // namespace knowledge

#include "knowledge/query.h"

#include <algorithm>

#include "knowledge/text.h"
#include "knowledge/tokenizer.h"

namespace knowledge {
namespace {

struct Word {
  std::string folded;
  std::string accented;
  bool from_citizen = true;  // false for expansion words
};

std::string JoinFolded(const std::vector<Syllable>& s, std::size_t from, std::size_t n) {
  std::string out;
  for (std::size_t k = from; k < from + n; ++k) {
    if (k > from) out.push_back(' ');
    out += s[k].folded;
  }
  return out;
}

bool SafeTokenChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ',' || c >= 0x80;
}

}  // namespace

std::string QuoteToken(std::string_view token) {
  std::string out = "\"";
  for (char c : token) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out.push_back('"');
  return out;
}

Query BuildQuery(std::string_view text, const QueryTables& tables) {
  Query q;
  auto syl = Syllables(text);
  // 1. Drop fillers (longest phrase first), mark synonym spans.
  std::vector<Word> words;
  std::vector<std::vector<Word>> groups;  // consecutive citizen words, for bigrams
  std::vector<Word> current;
  std::vector<Word> expansions;
  std::size_t i = 0;
  while (i < syl.size()) {
    bool consumed = false;
    for (std::size_t n = std::min(tables.max_synonym_len, syl.size() - i); n >= 1 && !consumed; --n) {
      auto it = tables.synonyms.find(JoinFolded(syl, i, n));
      if (it == tables.synonyms.end()) continue;
      const bool replace = it->second.kind == "teencode" || it->second.kind == "abbreviation";
      auto exp = Syllables(it->second.expansion);
      if (replace) {
        // Chat shorthand stands for the words themselves.
        for (const auto& e : exp) current.push_back({e.folded, e.accented, true});
      } else {
        for (std::size_t k = i; k < i + n; ++k) current.push_back({syl[k].folded, syl[k].accented, true});
        for (const auto& e : exp) expansions.push_back({e.folded, e.accented, false});
      }
      i += n;
      consumed = true;
    }
    if (consumed) continue;
    for (std::size_t n = std::min(tables.max_filler_len, syl.size() - i); n >= 1 && !consumed; --n) {
      if (tables.fillers.count(JoinFolded(syl, i, n))) {
        i += n;
        consumed = true;
        // A filler breaks adjacency: "sinh cho con" must not make "sinh_con".
        if (!current.empty()) groups.push_back(std::move(current));
        current.clear();
      }
    }
    if (consumed) continue;
    current.push_back({syl[i].folded, syl[i].accented, true});
    ++i;
  }
  if (!current.empty()) groups.push_back(std::move(current));
  if (!expansions.empty()) groups.push_back(std::move(expansions));

  // 2. Tokens: unigrams, accented unigrams when the citizen typed accents, bigrams.
  std::unordered_set<std::string> seen;
  auto add = [&](std::string t, double w, bool bigram, bool accented) {
    if (t.empty() || t.size() > 64) return;
    for (unsigned char c : t)
      if (!SafeTokenChar(c)) return;
    if (!seen.insert(t).second) return;
    q.tokens.push_back({std::move(t), w, bigram, accented});
  };
  for (const auto& g : groups) {
    for (std::size_t k = 0; k < g.size(); ++k) {
      const double w = g[k].from_citizen ? 1.0 : 0.6;
      q.words.push_back(g[k].folded);
      add(g[k].folded, w, false, false);
      if (g[k].accented != g[k].folded) add(g[k].accented, w * 0.5, false, true);
      if (k + 1 < g.size()) {
        add(Bigram(g[k].folded, g[k + 1].folded), w, true, false);
        if (g[k].accented != g[k].folded || g[k + 1].accented != g[k + 1].folded)
          add(Bigram(g[k].accented, g[k + 1].accented), w * 0.5, true, true);
      }
    }
  }
  for (const auto& t : q.tokens) {
    if (!q.match.empty()) q.match += " OR ";
    q.match += QuoteToken(t.text);
  }
  return q;
}

}  // namespace knowledge

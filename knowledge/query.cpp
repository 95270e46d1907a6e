// Design note: user text reaches FTS5 only through QuoteToken, and every token
// is first checked to hold nothing but normalised letters, digits, '.', ','
// and '_'. FTS5 operators typed by a citizen ("NEAR", "OR", "*", "^", "col:",
// quotes, parentheses) are therefore either dropped as punctuation by the
// normaliser or searched as the literal words they are.
#include "knowledge/query.h"

#include <algorithm>
#include <unordered_map>

#include "knowledge/spelling.h"
#include "knowledge/text.h"
#include "knowledge/tokenizer.h"

namespace knowledge {
namespace {

// Story sentences of a long message count this much against the sentence
// that asks; expansions count this much against the citizen's own words.
constexpr double kStoryWeight = 0.5;
constexpr double kExpansionWeight = 0.6;
constexpr std::size_t kLongMessage = 20;  // syllables
constexpr double kFrameWeight = 0.3;
// An expansion may spread each typed syllable over this many of its own
// before its tokens weigh less: shorthand replaces the typed word ("vneid"),
// an everyday expansion is added next to it ("sổ hồng").
constexpr double kShorthandSpread = 2.0;
constexpr double kExpansionSpread = 3.0;

struct Word {
  std::string folded;
  std::string accented;
  double weight = 1.0;
  bool added = false;  // an everyday or English expansion, not the citizen's words
};

struct Unit {           // one syllable of the message after typo correction
  std::string folded;
  std::string accented;
  int clause = 0;
};

std::string JoinFolded(const std::vector<Unit>& s, std::size_t from, std::size_t n) {
  std::string out;
  for (std::size_t k = from; k < from + n; ++k) {
    if (k > from) out.push_back(' ');
    out += s[k].folded;
  }
  return out;
}

double Spread(double per_word, std::size_t typed, std::size_t expanded) {
  return std::min(1.0, per_word * static_cast<double>(typed) / static_cast<double>(std::max<std::size_t>(expanded, 1)));
}

bool SafeTokenChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ',' || c >= 0x80;
}

bool EndsClause(std::string_view gap) {
  for (char c : gap)
    if (c == '.' || c == '?' || c == '!' || c == ';' || c == ',' || c == '\n' || c == ':') return true;
  return false;
}

// Vietnamese is written with diacritics on most words; English has none, or
// one borrowed word ("fiancée", "café"), which then needs more English around it.
bool IsEnglish(const std::vector<Syllable>& syl) {
  if (syl.empty()) return false;
  std::size_t markers = 0, accented = 0;
  for (const auto& s : syl) {
    markers += IsEnglishMarker(s.folded);
    accented += s.accented != s.folded;
  }
  if (accented > 1) return false;
  if (accented == 1) return markers >= 3;
  return markers >= 2 || (markers == 1 && syl.size() <= 3);
}

// Whether syllable i asks something where it stands: "sao" in "bản sao" and an
// unaccented "dau" in "lần đầu" or "đầu tư" do not.
bool AsksAt(const std::vector<Syllable>& syl, std::size_t i) {
  const auto prev = [&](std::string_view w) { return i > 0 && syl[i - 1].folded == w; };
  const auto next = [&](std::string_view w) { return i + 1 < syl.size() && syl[i + 1].folded == w; };
  const std::string& f = syl[i].folded;
  if (f == "bao") return next("lau") || next("nhieu");
  if (!IsInterrogative(syl[i])) return false;
  if (f == "sao") return !prev("ban") && !next("y") && !next("luc");
  if (f == "dau" && syl[i].accented == f) return !prev("lan") && !prev("ban") && !prev("bat") && !next("tu");
  return true;
}

// Clause weights: in a long message the sentences that ask weigh fully, the
// story around them less. A clause asks when a question mark follows it, when
// it holds a question word, or when it ends with a question particle ("…
// không ạ", "… chưa", "… không hay …").
std::vector<double> ClauseWeights(const std::vector<Syllable>& syl, const std::vector<int>& clause_of,
                                  std::string_view text) {
  const int clauses = syl.empty() ? 0 : clause_of.back() + 1;
  std::vector<double> w(clauses, 1.0);
  if (syl.size() < kLongMessage || clauses < 2) return w;
  std::vector<bool> asks(clauses, false);
  std::size_t first = 0;
  for (std::size_t i = 0; i < syl.size(); ++i) {
    const int c = clause_of[i];
    if (i > 0 && clause_of[i - 1] != c) first = i;
    if (AsksAt(syl, i)) asks[c] = true;
    if (IsQuestionParticle(syl[i]) && i + 1 < syl.size() && clause_of[i + 1] == c && syl[i + 1].folded == "hay")
      asks[c] = true;
    const bool last_of_clause = i + 1 == syl.size() || clause_of[i + 1] != c;
    if (!last_of_clause) continue;
    const std::size_t gap_end = i + 1 < syl.size() ? syl[i + 1].begin : text.size();
    if (text.substr(syl[i].end, gap_end - syl[i].end).find('?') != std::string_view::npos) asks[c] = true;
    std::size_t k = i;
    while (k > first && i - k < 3 && IsTrailingCourtesy(syl[k].folded)) --k;
    if (IsQuestionParticle(syl[k])) asks[c] = true;
  }
  asks.back() = true;  // the question usually comes last
  for (int c = 0; c < clauses; ++c)
    if (!asks[c]) w[c] = kStoryWeight;
  return w;
}

}  // namespace

std::string MessageLanguage(std::string_view text) { return IsEnglish(Syllables(text)) ? "en" : "vi"; }

std::string QuoteToken(std::string_view token) {
  std::string out = "\"";
  for (char c : token) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string MatchExpression(const std::vector<const QueryToken*>& tokens) {
  std::string match;
  for (const auto* t : tokens) {
    if (!match.empty()) match += " OR ";
    match += QuoteToken(t->text);
  }
  return match;
}

Query BuildQuery(std::string_view text, const QueryTables& tables) {
  Query q;
  const auto syl = Syllables(text);
  const bool english = IsEnglish(syl);
  if (english) q.language = "en";
  for (std::size_t i = 0; i < syl.size(); ++i)
    if (auto age = AgeAt(syl, i)) q.ages.push_back(*age);

  // 0. Clauses, then typo correction of words nothing in the index or the
  // tables knows. English messages are left alone: their words are not typos.
  std::vector<int> clause_of(syl.size(), 0);
  for (std::size_t i = 1; i < syl.size(); ++i)
    clause_of[i] = clause_of[i - 1] + (EndsClause(text.substr(syl[i - 1].end, syl[i].begin - syl[i - 1].end)) ? 1 : 0);
  const auto clause_weight = ClauseWeights(syl, clause_of, text);
  std::vector<Unit> units;
  units.reserve(syl.size());
  for (std::size_t i = 0; i < syl.size(); ++i) {
    const auto& s = syl[i];
    if (english && IsEnglishFunctionWord(s.folded)) {
      units.push_back({"", "", clause_of[i]});  // a gap: breaks adjacency like a filler
      continue;
    }
    if (!english && !s.is_number && tables.vocabulary && !tables.synonyms.count(s.folded) &&
        !tables.fillers.count(s.folded)) {
      if (auto fix = tables.vocabulary->Correct(s.folded)) {
        ++q.corrections;
        for (auto& f : *fix) units.push_back({f, f, clause_of[i]});
        continue;
      }
    }
    units.push_back({s.folded, s.accented, clause_of[i]});
  }

  // 1. One pass: synonyms (longest first), then fillers, then the word.
  std::vector<std::vector<Word>> groups;  // runs of adjacent words, for bigrams
  std::vector<Word> current;
  auto flush = [&] {
    if (!current.empty()) groups.push_back(std::move(current));
    current.clear();
  };
  std::size_t i = 0;
  while (i < units.size()) {
    if (units[i].folded.empty()) {
      flush();
      ++i;
      continue;
    }
    if (!current.empty() && i > 0 && units[i].clause != units[i - 1].clause) flush();
    const double cw = clause_weight.empty() ? 1.0 : clause_weight[units[i].clause];
    bool consumed = false;
    for (std::size_t n = std::min(tables.max_synonym_len, units.size() - i); n >= 1 && !consumed; --n) {
      bool same_clause = true;
      for (std::size_t k = i; k < i + n; ++k)
        if (units[k].folded.empty() || units[k].clause != units[i].clause) same_clause = false;
      if (!same_clause) continue;
      auto it = tables.synonyms.find(JoinFolded(units, i, n));
      if (it == tables.synonyms.end()) continue;
      const bool replace = it->second.kind == "teencode" || it->second.kind == "abbreviation";
      auto exp = Syllables(it->second.expansion);
      if (replace) {
        // Chat shorthand stands for the words themselves; a long expansion
        // of one typed word ("vneid") must not outweigh the rest of the message.
        const double rw = cw * Spread(kShorthandSpread, n, exp.size());
        for (const auto& e : exp) current.push_back({e.folded, e.accented, rw});
        if (it->second.kind == "abbreviation") {
          // Official names and aliases also write "BHYT", "VNeID", "TNHH".
          std::vector<Word> typed;
          for (std::size_t k = i; k < i + n; ++k) typed.push_back({units[k].folded, units[k].accented, rw});
          groups.push_back(std::move(typed));
        }
      } else {
        for (std::size_t k = i; k < i + n; ++k) current.push_back({units[k].folded, units[k].accented, cw});
        // An English message means what the official words say.
        // "sổ hồng" → eleven official syllables must not outweigh "thường trú".
        const double ew = ((english && it->second.kind == "english") ? cw : cw * kExpansionWeight) *
                          Spread(kExpansionSpread, n, exp.size());
        std::vector<Word> group;
        for (const auto& e : exp) group.push_back({e.folded, e.accented, ew, true});
        groups.push_back(std::move(group));
      }
      i += n;
      consumed = true;
    }
    if (consumed) continue;
    for (std::size_t n = std::min(tables.max_filler_len, units.size() - i); n >= 1 && !consumed; --n) {
      bool same_clause = true;
      for (std::size_t k = i; k < i + n; ++k)
        if (units[k].folded.empty() || units[k].clause != units[i].clause) same_clause = false;
      if (!same_clause) continue;
      if (tables.fillers.count(JoinFolded(units, i, n))) {
        i += n;
        consumed = true;
        // A filler breaks adjacency: "sinh cho con" must not make "sinh_con".
        flush();
      }
    }
    if (consumed) continue;
    current.push_back({units[i].folded, units[i].accented, cw});
    ++i;
  }
  flush();
  // Someone writing in English in the province is almost always a foreigner
  // or married to one: the procedures "có yếu tố nước ngoài" are theirs.
  if (english) {
    std::vector<Word> group;
    for (const auto& e : Syllables(ForeignerContext())) group.push_back({e.folded, e.accented, kExpansionWeight, true});
    groups.push_back(std::move(group));
  }

  // 2. Tokens: unigrams, accented unigrams when the citizen typed accents,
  // bigrams. A token seen twice keeps its highest weight.
  std::unordered_map<std::string, std::size_t> seen;
  auto add = [&](std::string t, std::string folded, double w, bool bigram, bool accented, bool added) {
    if (t.empty() || t.size() > 64) return;
    for (unsigned char c : t)
      if (!SafeTokenChar(c)) return;
    if (auto it = seen.find(t); it != seen.end()) {
      q.tokens[it->second].weight = std::max(q.tokens[it->second].weight, w);
      q.tokens[it->second].added = q.tokens[it->second].added && added;
      return;
    }
    seen.emplace(t, q.tokens.size());
    q.tokens.push_back({std::move(t), std::move(folded), w, bigram, accented, added});
  };
  std::unordered_set<std::string> words_seen;
  for (const auto& g : groups) {
    for (std::size_t k = 0; k < g.size(); ++k) {
      const double w = g[k].weight;
      if (words_seen.insert(g[k].folded).second) q.words.push_back(g[k].folded);
      // "có", "không", "được" frame almost every question; alone they say
      // little about the procedure (their pairs, "có yếu tố", still count).
      const double uw = IsQuestionFrame(g[k].folded) ? w * kFrameWeight : w;
      const bool added = g[k].added;
      add(g[k].folded, g[k].folded, uw, false, false, added);
      if (g[k].accented != g[k].folded) add(g[k].accented, g[k].folded, uw * 0.5, false, true, added);
      if (k + 1 < g.size()) {
        std::string bf = Bigram(g[k].folded, g[k + 1].folded);
        const double bw = std::min(w, g[k + 1].weight) * (IsAspectPair(bf) ? kFrameWeight : 1.0);
        const bool pair_added = added || g[k + 1].added;
        add(bf, bf, bw, true, false, pair_added);
        if (g[k].accented != g[k].folded || g[k + 1].accented != g[k + 1].folded)
          add(Bigram(g[k].accented, g[k + 1].accented), bf, bw * 0.5, true, true, pair_added);
      }
    }
  }
  std::vector<const QueryToken*> all;
  for (const auto& t : q.tokens) all.push_back(&t);
  q.match = MatchExpression(all);
  return q;
}

}  // namespace knowledge

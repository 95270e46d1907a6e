// Index::Search: candidates from FTS5, then a re-rank in memory.
//
// Design note. Candidates are the union of the top `cfg.candidates` rows of an
// OR query on each field table (name, aliases, field and agency, documents),
// each by bm25, combined with column weights name >> aliases >> field >
// documents. The re-rank then asks, with idf weights from names and aliases:
//   - how much of the question the name and aliases explain (coverage),
//   - how much of the name, or of the best single alias, the question covers
//     (this is the variant prior: "Đăng ký khai sinh có yếu tố nước ngoài"
//     covers only half of its name for "đăng ký khai sinh", so the plain
//     procedure wins unless the question names the variant),
//   - the level a resident files at (commune or province before a ministry
//     copy) and curated guidance before a bare catalogue row,
//   - what the question contradicts ranks lower: an age outside the limit a
//     name states ("dưới 14 tuổi"), "trực tiếp" against "trực tuyến toàn
//     trình", and a first issue when the question asks for a second one.
// Bigram tokens carry proximity: "khai_sinh" only matches adjacent syllables.
// `answered` needs a first result that explains most of the question and is
// clearly ahead of the next different procedure; otherwise the bot asks back
// or falls back, which is also what out-of-scope messages get.
#include <algorithm>
#include <cmath>

#include "knowledge/index.h"
#include "knowledge/snapshot.h"
#include "knowledge/text.h"

namespace knowledge {
namespace {

constexpr std::array<double, kFtsTables.size()> kTableWeight = {1.0, 0.8, 0.15, 0.1};
// A token in more than this share of a table's rows adds cost, not ranking:
// FTS5's bm25 gives it an idf near zero. It still counts in the re-rank.
constexpr double kPruneShare = 0.3;
constexpr std::size_t kRerank = 80;
constexpr double kMinCandidateWeight = 0.25;
// What a folded match is worth when the citizen wrote other diacritics.
constexpr double kFalseFriend = 0.3;

constexpr double kWeightLexical = 0.30;
constexpr double kWeightCoverage = 0.35;
constexpr double kWeightMatch = 0.35;
constexpr double kCuratedPrior = 1.08;
constexpr double kMinistryPrior = 0.85;
constexpr double kVariantPrior = 0.9;
// The question contradicts the name: an age outside its limit, "trực tiếp"
// against "trực tuyến toàn trình".
constexpr double kContradictionPrior = 0.8;

// Calibrated on the development questions (docs/BENCHMARKS.md): out-of-scope
// messages rarely reach 0.5, a first result that is right usually passes 0.55.
constexpr double kAnswerMinScore = 0.55;
constexpr double kAnswerMinMargin = 0.05;   // over the next different procedure

// Confidence follows the bot's bands (bot/responder.cpp): below 0.12 the
// message is out of scope, up to 0.3 an unclear administrative question, from
// 0.3 worth asking back with the first hits. Piecewise linear in the score.
double Confidence(double top) {
  constexpr double kNoise = 0.30, kUnclear = 0.45;
  if (top <= kNoise) return 0;
  if (top < kUnclear) return 0.12 * (top - kNoise) / (kUnclear - kNoise);
  if (top < kAnswerMinScore) return 0.12 + 0.18 * (top - kUnclear) / (kAnswerMinScore - kUnclear);
  return std::min(1.0, 0.30 + 0.70 * (top - kAnswerMinScore) / 0.45);
}

struct Scored {
  const IndexSnapshot::Doc* doc;
  double score;
  double coverage;
};

}  // namespace

SearchResult Index::Search(std::string_view question, const SearchOptions& options) const {
  SearchResult result;
  auto snap = snapshot();
  if (!snap) return result;
  Query q = BuildQuery(question, snap->tables);
  result.language = q.language;
  if (!options.use_bigrams)
    std::erase_if(q.tokens, [](const QueryToken& t) { return t.bigram; });
  if (q.tokens.empty()) return result;

  // Articles and procedures are searched apart (the bot asks for each). The
  // few articles must not lose their candidate places to procedures; the
  // procedure search keeps articles in the candidates, where they set the
  // scale of the lexical score (calibrated so) but are never returned.
  auto wanted = [&](std::int64_t pid) {
    auto it = snap->by_pid.find(pid);
    if (it == snap->by_pid.end()) return false;
    return snap->docs[it->second].kind == "article" ? options.include_articles : options.include_procedures;
  };
  auto candidate = [&](std::int64_t pid) { return options.include_procedures || wanted(pid); };

  // 1. Candidates: per table, the best rows by bm25 for the tokens that
  // table holds, a token in most rows left out.
  std::unordered_map<std::int64_t, double> lexical;
  std::unique_ptr<IndexStatements> statements;
  if (options.fts_candidates) {
    statements = BorrowStatements();
    if (!statements) return result;
  }
  for (std::size_t t = 0; t < kFtsTables.size(); ++t) {
    const auto& postings = snap->postings[t];
    const double limit = kPruneShare * postings.rows();
    std::vector<const QueryToken*> use, common;
    for (const auto& tok : q.tokens) {
      const int df = postings.DocumentFrequency(tok.folded);
      if (df == 0) continue;  // nothing to find in this table
      // Question frames ("có", "không", "hồ sơ") would pull in every name
      // that happens to hold them: bm25 does not know their low weight.
      (df > limit || tok.weight < kMinCandidateWeight ? common : use).push_back(&tok);
    }
    if (use.empty()) use = common;  // "đăng ký" alone: nothing rarer to go by
    if (use.empty()) continue;
    if (!options.fts_candidates) {
      std::vector<const std::string*> tokens;
      for (const auto* tok : use) tokens.push_back(&tok->text);
      for (const auto& [rowid, score] : postings.Score(tokens, static_cast<std::size_t>(cfg_.candidates), candidate))
        lexical[rowid] += kTableWeight[t] * score;
      continue;
    }
    Statement& st = statements->match[t];
    st.Bind(1, MatchExpression(use)).Bind(2, cfg_.candidates);
    while (true) {
      auto row = st.Step();
      if (!row || !*row) break;
      lexical[st.Int(0)] += kTableWeight[t] * -st.Double(1);
    }
    st.Reset();
  }
  if (statements) ReturnStatements(std::move(statements));
  if (lexical.empty()) return result;

  // 2. Re-rank the best candidates by bm25 (the rest never win).
  double best_lexical = 0;
  for (const auto& c : lexical) best_lexical = std::max(best_lexical, c.second);
  std::vector<std::pair<std::int64_t, double>> pool;
  for (const auto& c : lexical)
    if (wanted(c.first)) pool.push_back(c);
  if (pool.empty()) return result;
  std::sort(pool.begin(), pool.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  if (pool.size() > kRerank) pool.resize(kRerank);

  // The question's tokens by interned id, with the citizen's weight (capped
  // at 1) for the share of a name or alias the question covers. A syllable
  // the citizen wrote with diacritics counts fully only where the index has
  // it with the same diacritics: "chuyện" is not "chuyển".
  struct Term {
    int id;           // -1: in no name or alias
    int accented_id;  // as typed, when typed with diacritics; else -1
    double weight;    // citizen or expansion, question or story, times idf
  };
  thread_local std::vector<float> asked;        // by token id, 0 when not in the question
  thread_local std::vector<char> typed_accent;  // by folded id: the citizen wrote diacritics
  thread_local std::vector<char> asked_accent;  // by accented id: written exactly so
  const std::size_t ids = snap->token_idf.size();
  if (asked.size() < ids) {
    asked.resize(ids, 0.0f);
    typed_accent.resize(ids, 0);
    asked_accent.resize(ids, 0);
  }
  auto id_of = [&](const std::string& t) {
    auto it = snap->token_ids.find(t);
    return it == snap->token_ids.end() ? -1 : it->second;
  };
  std::vector<Term> terms;
  std::vector<int> touched;
  double qweight = 0;
  for (const auto& t : q.tokens) {
    if (t.accented) continue;
    const int id = id_of(t.text);
    const double idf = id < 0 ? snap->default_idf : snap->token_idf[id];
    terms.push_back({id, -1, t.weight * idf});
    qweight += t.weight * idf;
    if (id >= 0) {
      asked[id] = std::max(asked[id], static_cast<float>(std::min(1.0, t.weight)));
      touched.push_back(id);
    }
  }
  for (const auto& t : q.tokens) {
    if (!t.accented) continue;
    const int fid = id_of(t.folded), aid = id_of(t.text);
    if (fid < 0) continue;
    typed_accent[fid] = 1;
    touched.push_back(fid);
    if (aid >= 0) {
      asked_accent[aid] = 1;
      touched.push_back(aid);
    }
    for (auto& term : terms)
      if (term.id == fid) term.accented_id = aid < 0 ? -2 : aid;  // -2: typed, nowhere indexed
  }
  auto exact = [&](int fid, int aid) { return !typed_accent[fid] || asked_accent[aid]; };
  auto share = [&](const IndexSnapshot::Phrase& p) {
    double total = 0, hit = 0;
    for (const auto& w : p.tokens) {
      if (!options.use_bigrams && snap->token_is_pair[w.id]) continue;
      total += w.idf;
      hit += w.idf * asked[w.id] * (exact(w.id, w.accented_id) ? 1.0 : kFalseFriend);
    }
    return total > 0 ? hit / total : 0.0;
  };

  // What the citizen wrote, not what an expansion added ("làm lại" also
  // means "cấp đổi"; its expansion "cấp lại" does not make it a second issue).
  const bool asks_reissue = std::any_of(q.tokens.begin(), q.tokens.end(), [](const QueryToken& t) {
    return t.bigram && !t.added && IsReissuePair(t.folded);
  });
  const bool asks_in_person =
      std::any_of(q.tokens.begin(), q.tokens.end(), [](const QueryToken& t) { return !t.added && t.text == "truc_tiep"; });
  std::vector<Scored> scored;
  scored.reserve(pool.size());
  for (const auto& [pid, lex] : pool) {
    auto it = snap->by_pid.find(pid);
    if (it == snap->by_pid.end()) continue;
    const auto& d = snap->docs[it->second];
    if (d.kind == "article" ? !options.include_articles : !options.include_procedures) continue;
    double covered = 0;
    for (const auto& t : terms) {
      if (t.id < 0 || !std::binary_search(d.known_ids.begin(), d.known_ids.end(), t.id)) continue;
      const bool same = t.accented_id == -1 ||
                        (t.accented_id >= 0 &&
                         std::binary_search(d.known_accented_ids.begin(), d.known_accented_ids.end(), t.accented_id));
      covered += t.weight * (same ? 1.0 : kFalseFriend);
    }
    double match = share(d.name_phrase);
    for (const auto& phrase : d.alias_id_phrases) match = std::max(match, share(phrase));
    const double coverage = qweight > 0 ? covered / qweight : 0;
    double score = kWeightLexical * (best_lexical > 0 ? lex / best_lexical : 0) + kWeightCoverage * coverage +
                   kWeightMatch * match;
    const bool unnamed_variant =
        (!d.variant_mark_ids.empty() &&
         std::none_of(d.variant_mark_ids.begin(), d.variant_mark_ids.end(), [&](int m) { return asked[m] > 0; })) ||
        std::any_of(d.named_mark_ids.begin(), d.named_mark_ids.end(), [&](int m) { return asked[m] == 0; });
    if (unnamed_variant) score *= kVariantPrior;
    // "làm căn cước cho con 10 tuổi" is not the card "từ đủ 14 tuổi".
    const bool wrong_age = std::any_of(q.ages.begin(), q.ages.end(), [&](int age) {
      return (d.age_below > 0 && age >= d.age_below) || (d.age_from > 0 && age < d.age_from);
    });
    if (wrong_age) score *= kContradictionPrior;
    // The converse of the variant prior for a second issue: "cấp lại giấy
    // đăng ký xe" is not "Đăng ký xe lần đầu".
    if (asks_reissue && !d.reissue) score *= kVariantPrior;
    // "làm trực tiếp" is not the fully online copy of a procedure.
    if (asks_in_person && d.fully_online) score *= kContradictionPrior;
    if (d.curated) score *= kCuratedPrior;
    if (d.kind == "procedure" && !d.local) score *= kMinistryPrior;
    scored.push_back({&d, score, coverage});
  }
  for (int id : touched) {
    asked[id] = 0.0f;
    typed_accent[id] = 0;
    asked_accent[id] = 0;
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.doc->id < b.doc->id;
  });
  const std::size_t k = std::min<std::size_t>(scored.size(), std::max(options.top_k, 1));
  for (std::size_t i = 0; i < k; ++i)
    result.hits.push_back({scored[i].doc->id, scored[i].doc->name, scored[i].doc->kind,
                           std::round(scored[i].score * 1000.0) / 1000.0});
  if (!scored.empty()) {
    const double top = scored[0].score;
    // The same procedure listed at another level is not a rival.
    double second = 0;
    for (std::size_t i = 1; i < scored.size(); ++i) {
      if (scored[i].doc->name == scored[0].doc->name) continue;
      second = scored[i].score;
      break;
    }
    const double margin = top > 0 ? (top - second) / top : 0;
    result.confidence = Confidence(top);
    result.answered = top >= kAnswerMinScore && margin >= kAnswerMinMargin;
  }
  return result;
}

}  // namespace knowledge

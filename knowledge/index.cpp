#include "knowledge/index.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "knowledge/text.h"
#include "knowledge/tokenizer.h"

namespace knowledge {

// What re-ranking needs to know about each indexed row, kept in memory.
struct Index::Snapshot {
  struct Doc {
    std::string id, name, kind, level;
    bool curated = false;
    std::unordered_set<std::string> name_tokens;   // folded unigrams and bigrams of the name
    std::unordered_set<std::string> alias_tokens;  // folded unigrams and bigrams of the aliases
  };
  QueryTables tables;
  std::unordered_map<std::int64_t, Doc> docs;      // by pid
  std::unordered_map<std::string, double> idf;     // over names and aliases
  double default_idf = 1.0;
};

namespace {

constexpr double kWeightName = 1.0;
constexpr double kWeightAliases = 0.8;
constexpr double kWeightField = 0.15;
constexpr double kWeightBody = 0.1;

std::vector<std::string> JsonList(const std::string& text) {
  std::vector<std::string> out;
  try {
    auto j = nlohmann::json::parse(text);
    if (j.is_array())
      for (const auto& e : j)
        if (e.is_string()) out.push_back(e.get<std::string>());
  } catch (const nlohmann::json::exception&) {
  }
  return out;
}

void FoldedTokens(std::string_view text, std::unordered_set<std::string>& out) {
  auto syl = Syllables(text);
  for (std::size_t i = 0; i < syl.size(); ++i) {
    out.insert(syl[i].folded);
    if (i + 1 < syl.size()) out.insert(Bigram(syl[i].folded, syl[i + 1].folded));
  }
}

}  // namespace

Index::Index(Database& db, const config::Knowledge& cfg) : db_(db), cfg_(cfg) {}

std::shared_ptr<const Index::Snapshot> Index::snapshot() const {
  std::shared_lock lock(mutex_);
  return snapshot_;
}

std::expected<void, std::string> Index::Reload() {
  auto snap = std::make_shared<Snapshot>();
  {
    auto st = db_.Prepare("SELECT term, expansion, kind FROM synonyms");
    if (!st) return std::unexpected(st.error());
    while (true) {
      auto row = st->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      std::string term = st->Text(0);
      const std::size_t len = std::count(term.begin(), term.end(), ' ') + 1;
      snap->tables.max_synonym_len = std::max(snap->tables.max_synonym_len, len);
      snap->tables.synonyms[term] = {st->Text(1), st->Text(2)};
    }
  }
  {
    auto st = db_.Prepare("SELECT phrase FROM fillers");
    if (!st) return std::unexpected(st.error());
    while (true) {
      auto row = st->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      std::string f = st->Text(0);
      const std::size_t len = std::count(f.begin(), f.end(), ' ') + 1;
      snap->tables.max_filler_len = std::max(snap->tables.max_filler_len, len);
      snap->tables.fillers.insert(std::move(f));
    }
  }
  std::unordered_map<std::string, int> df;
  {
    auto st = db_.Prepare("SELECT pid, id, name, kind, level, curated, aliases FROM procedures");
    if (!st) return std::unexpected(st.error());
    while (true) {
      auto row = st->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      Snapshot::Doc d;
      d.id = st->Text(1);
      d.name = st->Text(2);
      d.kind = st->Text(3);
      d.level = st->Text(4);
      d.curated = st->Int(5) != 0;
      FoldedTokens(d.name, d.name_tokens);
      for (const auto& a : JsonList(st->Text(6))) FoldedTokens(a, d.alias_tokens);
      std::unordered_set<std::string> all = d.name_tokens;
      all.insert(d.alias_tokens.begin(), d.alias_tokens.end());
      for (const auto& t : all) ++df[t];
      snap->docs.emplace(st->Int(0), std::move(d));
    }
  }
  const double n = static_cast<double>(std::max<std::size_t>(snap->docs.size(), 1));
  for (const auto& [t, c] : df) snap->idf[t] = std::log(1.0 + n / c);
  snap->default_idf = std::log(1.0 + n);
  std::unique_lock lock(mutex_);
  snapshot_ = std::move(snap);
  return {};
}

SearchResult Index::Search(std::string_view question, const SearchOptions& options) const {
  SearchResult result;
  auto snap = snapshot();
  if (!snap) return result;
  Query q = BuildQuery(question, snap->tables);
  if (q.match.empty()) return result;

  // 1. Candidates: an OR query on each field table, combined with column weights.
  std::unordered_map<std::int64_t, double> lexical;
  const std::pair<const char*, double> tables[] = {
      {"fts_name", kWeightName}, {"fts_aliases", kWeightAliases}, {"fts_field", kWeightField}, {"fts_body", kWeightBody}};
  for (const auto& [table, weight] : tables) {
    auto st = db_.Prepare(std::string("SELECT rowid, bm25(") + table + ") FROM " + table + " WHERE " + table +
                          " MATCH ?1 ORDER BY bm25(" + table + ") LIMIT ?2");
    if (!st) continue;
    st->Bind(1, q.match).Bind(2, cfg_.candidates);
    while (true) {
      auto row = st->Step();
      if (!row || !*row) break;
      lexical[st->Int(0)] += weight * -st->Double(1);
    }
  }
  if (lexical.empty()) return result;

  // 2. Re-rank: how much of the question the name and aliases cover, and how
  // much of the name the question covers (prefers the plain procedure over
  // its variants unless the question names the variant).
  std::vector<std::string> qtokens;
  double qweight = 0;
  for (const auto& t : q.tokens) {
    if (t.accented) continue;
    qtokens.push_back(t.text);
  }
  auto idf = [&](const std::string& t) {
    auto it = snap->idf.find(t);
    return it == snap->idf.end() ? snap->default_idf : it->second;
  };
  std::unordered_set<std::string> qset(qtokens.begin(), qtokens.end());
  for (const auto& t : qtokens) qweight += idf(t);
  double best_lexical = 0;
  for (const auto& [pid, s] : lexical) best_lexical = std::max(best_lexical, s);

  struct Scored {
    const Snapshot::Doc* doc;
    double score;
  };
  std::vector<Scored> scored;
  for (const auto& [pid, lex] : lexical) {
    auto it = snap->docs.find(pid);
    if (it == snap->docs.end()) continue;
    const auto& d = it->second;
    if (d.kind == "article" ? !options.include_articles : !options.include_procedures) continue;
    double covered = 0, alias_covered = 0;
    for (const auto& t : qtokens) {
      if (d.name_tokens.count(t)) covered += idf(t);
      else if (d.alias_tokens.count(t)) alias_covered += idf(t);
    }
    double name_total = 0, name_hit = 0;
    for (const auto& t : d.name_tokens) {
      name_total += idf(t);
      if (qset.count(t)) name_hit += idf(t);
    }
    const double q_cov = qweight > 0 ? (covered + alias_covered) / qweight : 0;
    const double n_cov = name_total > 0 ? name_hit / name_total : 0;
    double score = 0.45 * (best_lexical > 0 ? lex / best_lexical : 0) + 0.35 * q_cov + 0.2 * n_cov;
    if (d.curated) score *= 1.08;
    if (d.kind == "procedure" && d.level.find("xa") == std::string::npos &&
        d.level.find("tinh") == std::string::npos)
      score *= 0.85;  // a ministry-level copy is rarely what a citizen files
    scored.push_back({&d, score});
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
    const double second = scored.size() > 1 ? scored[1].score : 0;
    const double margin = top > 0 ? (top - second) / top : 0;
    result.confidence = std::clamp(top * (0.5 + margin), 0.0, 1.0);
    result.answered = top >= 0.55 && margin >= 0.04;
  }
  return result;
}

std::optional<Procedure> Index::Get(std::string_view id) const {
  auto st = db_.Prepare(
      "SELECT id, kind, curated, name, field, agency, level, documents, steps, processing_time, fees,"
      " submit_channels, online_level, legal_basis, result, url, source, notes, checked, review_by, aliases, body"
      " FROM procedures WHERE id = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, id);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  Procedure p;
  p.id = st->Text(0);
  p.kind = st->Text(1);
  p.curated = st->Int(2) != 0;
  p.name = st->Text(3);
  p.field = st->Text(4);
  p.agency = st->Text(5);
  p.level = st->Text(6);
  p.documents = JsonList(st->Text(7));
  p.steps = JsonList(st->Text(8));
  p.processing_time = st->Text(9);
  p.fees = st->Text(10);
  p.submit_channels = JsonList(st->Text(11));
  p.online_level = st->Text(12);
  p.legal_basis = JsonList(st->Text(13));
  p.result = st->Text(14);
  p.url = st->Text(15);
  p.source = st->Text(16);
  p.notes = st->Text(17);
  p.checked = st->Text(18);
  p.review_by = st->Text(19);
  p.aliases = JsonList(st->Text(20));
  p.body = st->Text(21);
  return p;
}

std::vector<Office> Index::Offices() const {
  std::vector<Office> out;
  auto st = db_.Prepare(
      "SELECT name, level, kind, commune, address, phone, hours, website, email, latitude, longitude, source, notes,"
      " checked FROM offices ORDER BY oid");
  if (!st) return out;
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    Office o;
    o.name = st->Text(0);
    o.level = st->Text(1);
    o.kind = st->Text(2);
    o.commune = st->Text(3);
    o.address = st->Text(4);
    o.phone = st->Text(5);
    o.hours = st->Text(6);
    o.website = st->Text(7);
    o.email = st->Text(8);
    if (!st->IsNull(9)) o.latitude = st->Double(9);
    if (!st->IsNull(10)) o.longitude = st->Double(10);
    o.source = st->Text(11);
    o.notes = st->Text(12);
    o.checked = st->Text(13);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<Commune> Index::Communes() const {
  std::vector<Commune> out;
  auto st = db_.Prepare("SELECT name, type, clause, merged_from, province, source FROM communes ORDER BY clause");
  if (!st) return out;
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back({st->Text(0), st->Text(1), static_cast<int>(st->Int(2)), st->Text(3), st->Text(4), st->Text(5)});
  }
  return out;
}

std::size_t Index::ProcedureCount() const {
  auto snap = snapshot();
  return snap ? snap->docs.size() : 0;
}

}  // namespace knowledge

#include "knowledge/index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "knowledge/snapshot.h"
#include "knowledge/text.h"
#include "knowledge/tokenizer.h"

namespace knowledge {
namespace {

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

// Folded unigrams and bigrams of a name or alias, each with its accented
// form, read the way a question is (query.cpp): filler words ("cho", "và")
// are left out and end a run, so "khai sinh cho con" is all there for a
// question that says it, and no pair spans a filler.
void TokenForms(std::string_view text, const QueryTables& tables, std::unordered_map<std::string, std::string>& out) {
  auto syl = Syllables(text);
  std::vector<bool> filler(syl.size(), false);
  for (std::size_t i = 0; i < syl.size();) {
    std::size_t n = std::min(tables.max_filler_len, syl.size() - i);
    for (; n >= 1; --n) {
      std::string phrase;
      for (std::size_t k = i; k < i + n; ++k) phrase += (k > i ? " " : "") + syl[k].folded;
      if (tables.fillers.count(phrase)) break;
    }
    if (n == 0) {
      ++i;
      continue;
    }
    for (std::size_t k = i; k < i + n; ++k) filler[k] = true;
    i += n;
  }
  for (std::size_t i = 0; i < syl.size(); ++i) {
    if (filler[i]) continue;
    out.emplace(syl[i].folded, syl[i].accented);
    if (i + 1 < syl.size() && !filler[i + 1])
      out.emplace(Bigram(syl[i].folded, syl[i + 1].folded), Bigram(syl[i].accented, syl[i + 1].accented));
  }
}

bool AsciiToken(std::string_view t) {
  for (unsigned char c : t)
    if (c >= 0x80) return false;
  return !t.empty();
}

// Runs a statement to its end, calling row() for each row.
template <typename F>
std::expected<void, std::string> ForEachRow(Statement& st, F&& row) {
  while (true) {
    auto r = st.Step();
    if (!r) return std::unexpected(r.error());
    if (!*r) return {};
    row(st);
  }
}

}  // namespace

Index::Index(Database& db, const config::Knowledge& cfg) : db_(db), cfg_(cfg) {}

Index::~Index() = default;

std::shared_ptr<const IndexSnapshot> Index::snapshot() const {
  std::shared_lock lock(mutex_);
  return snapshot_;
}

std::unique_ptr<IndexStatements> Index::BorrowStatements() const {
  {
    std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      auto s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  auto s = std::make_unique<IndexStatements>();
  for (std::size_t t = 0; t < kFtsTables.size(); ++t) {
    const std::string table = kFtsTables[t];
    auto st = db_.Prepare("SELECT rowid, bm25(" + table + ") FROM " + table + " WHERE " + table +
                          " MATCH ?1 ORDER BY bm25(" + table + ") LIMIT ?2");
    if (!st) return nullptr;
    s->match[t] = std::move(*st);
  }
  return s;
}

void Index::ReturnStatements(std::unique_ptr<IndexStatements> s) const {
  if (!s) return;
  std::lock_guard lock(pool_mutex_);
  pool_.push_back(std::move(s));
}

namespace {

std::expected<void, std::string> LoadTables(Database& db, IndexSnapshot& snap) {
  auto syn = db.Prepare("SELECT term, expansion, kind FROM synonyms");
  if (!syn) return std::unexpected(syn.error());
  auto r = ForEachRow(*syn, [&](Statement& st) {
    std::string term = st.Text(0);
    const std::size_t len = std::count(term.begin(), term.end(), ' ') + 1;
    snap.tables.max_synonym_len = std::max(snap.tables.max_synonym_len, len);
    for (const auto& s : Syllables(term)) snap.vocabulary.AddKnown(s.folded);
    snap.tables.synonyms[term] = {st.Text(1), st.Text(2)};
  });
  if (!r) return r;
  auto fil = db.Prepare("SELECT phrase FROM fillers");
  if (!fil) return std::unexpected(fil.error());
  return ForEachRow(*fil, [&](Statement& st) {
    std::string f = st.Text(0);
    const std::size_t len = std::count(f.begin(), f.end(), ' ') + 1;
    snap.tables.max_filler_len = std::max(snap.tables.max_filler_len, len);
    for (const auto& s : Syllables(f)) snap.vocabulary.AddKnown(s.folded);
    snap.tables.fillers.insert(std::move(f));
  });
}

// The FTS tables' postings, copied into memory for bm25 (see postings.h),
// also give the document frequencies that prune a query and the typo
// vocabulary.
std::expected<void, std::string> LoadPostings(Database& db, IndexSnapshot& snap) {
  for (std::size_t t = 0; t < kFtsTables.size(); ++t) {
    const std::string table = kFtsTables[t];
    auto& postings = snap.postings[t];
    auto st = db.Prepare("SELECT rowid, text FROM " + table);
    if (!st) return std::unexpected(st.error());
    auto r = ForEachRow(*st, [&](Statement& s) { postings.Add(s.Int(0), s.Text(1)); });
    if (!r) return r;
    postings.Finish();
    for (const auto& [term, rows] : postings.terms()) {
      if (!AsciiToken(term)) continue;
      const auto bar = term.find('_');
      if (bar == std::string::npos) {
        bool letters = true;
        for (char c : term) letters = letters && c >= 'a' && c <= 'z';
        if (letters) snap.vocabulary.AddSyllable(term, static_cast<int>(rows.size()));
      } else if (t <= 1) {  // pairs from names and aliases are the words people join
        snap.vocabulary.AddPair(term.substr(0, bar), term.substr(bar + 1));
      }
    }
  }
  return {};
}

// Finds, for every name, the longest other name whose words it contains: that
// one is the common procedure and this one its variant. Each candidate base is
// checked only against names holding its rarest word, which keeps this linear
// in practice.
void MarkVariants(IndexSnapshot& snap) {
  std::unordered_map<std::string, std::vector<std::size_t>> postings;
  for (std::size_t i = 0; i < snap.docs.size(); ++i)
    if (snap.docs[i].kind == "procedure")
      for (const auto& w : snap.docs[i].name_words) postings[w].push_back(i);
  std::vector<std::size_t> base_of(snap.docs.size(), SIZE_MAX);
  for (std::size_t b = 0; b < snap.docs.size(); ++b) {
    const auto& base = snap.docs[b];
    if (base.kind != "procedure" || base.name_words.size() < 2) continue;
    const std::string* rarest = nullptr;
    for (const auto& w : base.name_words)
      if (!rarest || postings[w].size() < postings[*rarest].size()) rarest = &w;
    for (std::size_t v : postings[*rarest]) {
      const auto& variant = snap.docs[v];
      if (variant.name_words.size() <= base.name_words.size()) continue;
      bool subset = true;
      for (const auto& w : base.name_words) subset = subset && variant.name_words.count(w);
      if (!subset) continue;
      if (base_of[v] == SIZE_MAX || snap.docs[base_of[v]].name_words.size() < base.name_words.size()) base_of[v] = b;
    }
  }
  for (std::size_t v = 0; v < snap.docs.size(); ++v) {
    if (base_of[v] == SIZE_MAX) continue;
    auto& variant = snap.docs[v];
    const auto& base = snap.docs[base_of[v]];
    for (const auto& [t, accented] : variant.name_tokens) {
      if (base.name_tokens.count(t)) continue;
      // "sinh có" (from "khai sinh có bị phạt") must not name "… có yếu tố …".
      const auto bar = t.find('_');
      if (bar == std::string::npos ? IsConnective(t) : IsConnective(t.substr(0, bar)) || IsConnective(t.substr(bar + 1)))
        continue;
      variant.variant_marks.push_back(t);
    }
  }
}

void InternTokens(IndexSnapshot& snap) {
  auto id_of = [&](const std::string& t) {
    auto [it, inserted] = snap.token_ids.emplace(t, static_cast<int>(snap.token_idf.size()));
    if (inserted) {
      auto idf = snap.idf.find(t);
      snap.token_idf.push_back(static_cast<float>(idf == snap.idf.end() ? snap.default_idf : idf->second));
      snap.token_is_pair.push_back(t.find('_') != std::string::npos);
    }
    return it->second;
  };
  auto phrase = [&](const std::unordered_map<std::string, std::string>& tokens) {
    IndexSnapshot::Phrase p;
    for (const auto& [t, accented] : tokens) {
      const int id = id_of(t);
      p.tokens.push_back({id, id_of(accented), snap.token_idf[id]});
      p.total += snap.token_idf[id];
    }
    return p;
  };
  for (auto& d : snap.docs) {
    d.name_phrase = phrase(d.name_tokens);
    for (const auto& a : d.alias_phrases) d.alias_id_phrases.push_back(phrase(a));
    auto add = [&](const IndexSnapshot::Phrase& p) {
      for (const auto& w : p.tokens) {
        d.known_ids.push_back(w.id);
        d.known_accented_ids.push_back(w.accented_id);
      }
    };
    add(d.name_phrase);
    for (const auto& p : d.alias_id_phrases) add(p);
    for (auto* v : {&d.known_ids, &d.known_accented_ids}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    for (const auto& m : d.variant_marks) d.variant_mark_ids.push_back(id_of(m));
    // "lại" names a variant only as a second issue ("cấp lại", "đăng ký lại"),
    // not in "xác định lại dân tộc" or "trả lại".
    const bool reissue = std::any_of(d.name_tokens.begin(), d.name_tokens.end(),
                                     [](const auto& t) { return IsReissuePair(t.first); });
    for (const auto& [t, accented] : d.name_tokens)
      if (IsVariantMark(t) && (t != "lai" || reissue)) d.named_mark_ids.push_back(id_of(t));
    d.fully_online = d.name_tokens.count("toan_trinh") > 0;
    d.reissue = reissue || std::any_of(d.alias_phrases.begin(), d.alias_phrases.end(), [](const auto& a) {
                  return std::any_of(a.begin(), a.end(), [](const auto& t) { return IsReissuePair(t.first); });
                });
  }
}

std::expected<void, std::string> LoadProcedures(Database& db, IndexSnapshot& snap) {
  auto st = db.Prepare(
      "SELECT pid, id, kind, curated, name, field, agency, level, documents, steps, processing_time, fees,"
      " submit_channels, online_level, legal_basis, result, url, source, notes, checked, review_by, aliases, body"
      " FROM procedures ORDER BY pid");
  if (!st) return std::unexpected(st.error());
  std::unordered_map<std::string, int> df;
  auto r = ForEachRow(*st, [&](Statement& s) {
    Procedure p;
    p.id = s.Text(1);
    p.kind = s.Text(2);
    p.curated = s.Int(3) != 0;
    p.name = s.Text(4);
    p.field = s.Text(5);
    p.agency = s.Text(6);
    p.level = s.Text(7);
    p.documents = JsonList(s.Text(8));
    p.steps = JsonList(s.Text(9));
    p.processing_time = s.Text(10);
    p.fees = s.Text(11);
    p.submit_channels = JsonList(s.Text(12));
    p.online_level = s.Text(13);
    p.legal_basis = JsonList(s.Text(14));
    p.result = s.Text(15);
    p.url = s.Text(16);
    p.source = s.Text(17);
    p.notes = s.Text(18);
    p.checked = s.Text(19);
    p.review_by = s.Text(20);
    p.aliases = JsonList(s.Text(21));
    p.body = s.Text(22);
    IndexSnapshot::Doc d;
    d.pid = s.Int(0);
    d.id = p.id;
    d.name = p.name;
    d.kind = p.kind;
    d.curated = p.curated;
    d.local = p.level.find("xa") != std::string::npos || p.level.find("tinh") != std::string::npos;
    TokenForms(d.name, snap.tables, d.name_tokens);
    const auto name_syllables = Syllables(d.name);
    for (const auto& syl : name_syllables) d.name_words.insert(syl.folded);
    for (std::size_t i = 1; i < name_syllables.size(); ++i) {
      const auto age = AgeAt(name_syllables, i);
      if (!age) continue;
      const std::string& before = name_syllables[i - 1].folded;
      if (before == "duoi") d.age_below = *age;  // "dưới 14 tuổi"
      if (before == "du") d.age_from = *age;     // "từ đủ 14 tuổi"
    }
    std::unordered_set<std::string> all;
    for (const auto& [t, accented] : d.name_tokens) all.insert(t);
    for (const auto& a : p.aliases) {
      std::unordered_map<std::string, std::string> phrase;
      TokenForms(a, snap.tables, phrase);
      for (const auto& [t, accented] : phrase) all.insert(t);
      d.alias_phrases.push_back(std::move(phrase));
    }
    for (const auto& t : all) ++df[t];
    snap.by_pid.emplace(d.pid, snap.docs.size());
    snap.by_id.emplace(d.id, snap.docs.size());
    snap.docs.push_back(std::move(d));
    snap.procedures.push_back(std::move(p));
  });
  if (!r) return r;
  MarkVariants(snap);
  const double n = static_cast<double>(std::max<std::size_t>(snap.docs.size(), 1));
  for (const auto& [t, c] : df) snap.idf[t] = std::log(1.0 + n / c);
  snap.default_idf = std::log(1.0 + n);
  InternTokens(snap);
  return {};
}

std::expected<void, std::string> LoadOffices(Database& db, IndexSnapshot& snap) {
  auto st = db.Prepare(
      "SELECT name, level, kind, commune, address, phone, hours, website, email, latitude, longitude, source, notes,"
      " checked FROM offices ORDER BY oid");
  if (!st) return std::unexpected(st.error());
  auto r = ForEachRow(*st, [&](Statement& s) {
    Office o;
    o.name = s.Text(0);
    o.level = s.Text(1);
    o.kind = s.Text(2);
    o.commune = s.Text(3);
    o.address = s.Text(4);
    o.phone = s.Text(5);
    o.hours = s.Text(6);
    o.website = s.Text(7);
    o.email = s.Text(8);
    if (!s.IsNull(9)) o.latitude = s.Double(9);
    if (!s.IsNull(10)) o.longitude = s.Double(10);
    o.source = s.Text(11);
    o.notes = s.Text(12);
    o.checked = s.Text(13);
    snap.offices.push_back(std::move(o));
  });
  if (!r) return r;
  auto cs = db.Prepare("SELECT name, type, clause, merged_from, province, source FROM communes ORDER BY clause");
  if (!cs) return std::unexpected(cs.error());
  return ForEachRow(*cs, [&](Statement& s) {
    snap.communes.push_back(
        {s.Text(0), s.Text(1), static_cast<int>(s.Int(2)), s.Text(3), s.Text(4), s.Text(5)});
  });
}

}  // namespace

std::expected<void, std::string> Index::Reload() {
  auto snap = std::make_shared<IndexSnapshot>();
  snap->tables.vocabulary = &snap->vocabulary;
  for (auto load : {LoadTables, LoadPostings, LoadProcedures, LoadOffices})
    if (auto r = load(db_, *snap); !r) return r;
  std::unique_lock lock(mutex_);
  snapshot_ = std::move(snap);
  return {};
}

std::optional<Procedure> Index::Get(std::string_view id) const {
  auto snap = snapshot();
  if (!snap) return std::nullopt;
  auto it = snap->by_id.find(std::string(id));
  if (it == snap->by_id.end()) return std::nullopt;
  return snap->procedures[it->second];
}

std::vector<Office> Index::Offices() const {
  auto snap = snapshot();
  return snap ? snap->offices : std::vector<Office>{};
}

std::vector<Commune> Index::Communes() const {
  auto snap = snapshot();
  return snap ? snap->communes : std::vector<Commune>{};
}

std::size_t Index::ProcedureCount() const {
  auto snap = snapshot();
  return snap ? snap->docs.size() : 0;
}

}  // namespace knowledge

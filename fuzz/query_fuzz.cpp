// Fuzz target: the search query builder. Properties: no token contains a
// quote or anything outside the safe set; the MATCH expression is accepted
// by a real FTS5 table using the "hcc" tokenizer, on every input. The
// expansion tables are the shipped synonyms and fillers, so that expansion
// paths are exercised too.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_util.h"
#include "knowledge/database.h"
#include "knowledge/query.h"
#include "knowledge/text.h"
#include "knowledge/tokenizer.h"

namespace {

struct World {
  knowledge::QueryTables tables;
  knowledge::Database db;
  knowledge::Statement match;
};

knowledge::QueryTables LoadTables() {
  knowledge::QueryTables t;
  std::ifstream syn(std::string(HCCBOT_KNOWLEDGE_DATA) + "/synonyms.jsonl");
  std::string line;
  while (std::getline(syn, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("term") || !j["term"].is_string()) continue;
    const std::string term = knowledge::Fold(j["term"].get<std::string>());
    t.synonyms[term] = {j.value("expansion", ""), j.value("kind", "")};
    t.max_synonym_len = std::max<std::size_t>(t.max_synonym_len, std::count(term.begin(), term.end(), ' ') + 1);
  }
  std::ifstream fil(std::string(HCCBOT_KNOWLEDGE_DATA) + "/fillers.txt");
  while (std::getline(fil, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::string f = knowledge::Fold(line);
    if (f.empty()) continue;
    t.fillers.insert(f);
    t.max_filler_len = std::max<std::size_t>(t.max_filler_len, std::count(f.begin(), f.end(), ' ') + 1);
  }
  if (t.synonyms.empty() || t.fillers.empty()) fuzz::Fail("cannot read synonyms.jsonl and fillers.txt");
  return t;
}

World& TheWorld() {
  static World* w = [] {
    auto db = knowledge::Database::Open(":memory:");
    if (!db) fuzz::Fail("cannot open :memory:", db.error());
    if (auto r = knowledge::RegisterTokenizer(db->handle()); !r) fuzz::Fail("tokenizer", r.error());
    for (const char* sql : {"CREATE VIRTUAL TABLE t USING fts5(text, tokenize='hcc')",
                            "INSERT INTO t(text) VALUES ('Đăng ký khai sinh'), ('Cấp đổi thẻ căn cước'),"
                            " ('Lệ phí 50.000 đồng, mã 1.001193'), ('hoà giải \"tranh chấp\" đất đai')"}) {
      if (auto r = db->Exec(sql); !r) fuzz::Fail("setup", r.error());
    }
    auto st = db->Prepare("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 5");
    if (!st) fuzz::Fail("prepare", st.error());
    return new World{LoadTables(), std::move(*db), std::move(*st)};
  }();
  return *w;
}

bool SafeChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ',' || c >= 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = TheWorld();
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const knowledge::Query q = knowledge::BuildQuery(in, w.tables);
  for (const auto& t : q.tokens) {
    if (t.text.empty()) fuzz::Fail("empty token");
    for (unsigned char c : t.text)
      if (c == '"' || !SafeChar(c)) fuzz::Fail("unsafe character in a token", t.text);
  }
  if (q.match.empty() != q.tokens.empty()) fuzz::Fail("MATCH and tokens disagree", q.match);
  if (q.match.empty()) return 0;
  w.match.Reset();
  w.match.Bind(1, q.match);
  while (true) {
    auto row = w.match.Step();
    if (!row) fuzz::Fail("FTS5 rejected the MATCH expression", q.match + "\n" + row.error());
    if (!*row) break;
  }
  return 0;
}

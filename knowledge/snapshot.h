#pragma once
// The in-memory side of Index (private to knowledge/): everything a search
// needs besides the FTS tables, built once by Index::Reload and never changed
// afterwards, so searches read it without locks.
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "knowledge/database.h"
#include "knowledge/index.h"
#include "knowledge/postings.h"
#include "knowledge/query.h"
#include "knowledge/spelling.h"

namespace knowledge {

// The FTS tables searched for candidates, in this order everywhere.
inline constexpr std::array<const char*, 4> kFtsTables = {"fts_name", "fts_aliases", "fts_field", "fts_body"};

struct IndexSnapshot {
  // Name and alias tokens are interned: re-ranking compares small integers,
  // not strings, which keeps a search well under a millisecond.
  struct Weighted {
    int id;           // folded token
    int accented_id;  // the same token as written (== id without diacritics)
    float idf;
  };
  struct Phrase {
    std::vector<Weighted> tokens;
    float total = 0;  // sum of idf
  };
  struct Doc {
    std::int64_t pid = 0;
    std::string id, name, kind;
    bool curated = false;
    bool local = false;                              // filed at commune or province level
    // Folded unigrams and bigrams of the name -> the accented form.
    std::unordered_map<std::string, std::string> name_tokens;
    std::vector<std::unordered_map<std::string, std::string>> alias_phrases;  // the same, per alias
    std::unordered_set<std::string> name_words;      // folded unigrams of the name
    // When another procedure's name is this one's minus some words ("Đăng ký
    // kết hôn" for "Đăng ký kết hôn lưu động"), this is a variant and these
    // are the words that name it; the question must use one of them.
    std::vector<std::string> variant_marks;
    // The ages the name is limited to: "dưới 14 tuổi" (below), "từ đủ 14
    // tuổi" (from); 0 when it states none.
    int age_below = 0, age_from = 0;
    bool reissue = false;                            // name or alias says "cấp lại", "đăng ký lại"
    bool fully_online = false;                       // name says "trực tuyến toàn trình"
    // Interned forms of the above, filled once all rows are read.
    Phrase name_phrase;
    std::vector<Phrase> alias_id_phrases;
    std::vector<int> known_ids;                      // name and alias tokens, sorted
    std::vector<int> known_accented_ids;             // their accented forms, sorted
    std::vector<int> variant_mark_ids;
    std::vector<int> named_mark_ids;                 // IsVariantMark tokens of the name
  };
  std::unordered_map<std::string, int> token_ids;    // name and alias tokens
  std::vector<float> token_idf;                      // by token id
  std::vector<bool> token_is_pair;                   // by token id: a syllable bigram
  QueryTables tables;                                // tables.vocabulary points at vocabulary
  Vocabulary vocabulary;
  std::vector<Doc> docs;
  std::vector<Procedure> procedures;                 // same order as docs
  std::unordered_map<std::int64_t, std::size_t> by_pid;
  std::unordered_map<std::string, std::size_t> by_id;
  std::unordered_map<std::string, double> idf;       // over names and aliases
  double default_idf = 1.0;
  // Per FTS table, its postings held in memory for bm25.
  std::array<Postings, kFtsTables.size()> postings;
  std::vector<Office> offices;
  std::vector<Commune> communes;
};

struct IndexStatements {
  std::array<Statement, kFtsTables.size()> match;
};

}  // namespace knowledge

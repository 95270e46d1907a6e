#pragma once
// Turns a citizen's message into search tokens and a safe FTS5 MATCH
// expression. User text never reaches MATCH raw: every token is a quoted
// string made only of normalised letters, digits, '.', ',' and '_'.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace knowledge {

struct Synonym {
  std::string expansion;   // official wording, as written
  std::string kind;        // abbreviation | teencode | everyday | english
};

// Expansion data loaded from the database (tables synonyms and fillers).
struct QueryTables {
  std::unordered_map<std::string, Synonym> synonyms;   // folded term -> expansion
  std::unordered_set<std::string> fillers;             // folded phrases
  std::size_t max_synonym_len = 1;                     // in syllables
  std::size_t max_filler_len = 1;
};

struct QueryToken {
  std::string text;        // as indexed: "khai", "khải", "khai_sinh"
  double weight = 1.0;     // expansions weigh less than what the citizen wrote
  bool bigram = false;
  bool accented = false;
};

struct Query {
  std::vector<std::string> words;      // folded content syllables after fillers and expansion
  std::vector<QueryToken> tokens;
  std::string match;                   // empty when nothing is left to search
};

// Quotes one token for MATCH: "…" with embedded quotes doubled.
std::string QuoteToken(std::string_view token);

Query BuildQuery(std::string_view text, const QueryTables& tables);

}  // namespace knowledge

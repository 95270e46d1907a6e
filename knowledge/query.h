#pragma once
// Turns a citizen's message into search tokens and a safe FTS5 MATCH
// expression. User text never reaches MATCH raw: every token is a quoted
// string made only of normalised letters, digits, '.', ',' and '_'.
// Pure functions over immutable tables; safe to call from any thread.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace knowledge {

class Vocabulary;

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
  const Vocabulary* vocabulary = nullptr;              // typo correction when set
};

struct QueryToken {
  std::string text;        // as indexed: "khai", "khải", "khai_sinh"
  std::string folded;      // the folded form of text ("khai_sinh" for "khải_sinh")
  double weight = 1.0;     // expansions and the story part of a long message weigh less
  bool bigram = false;
  bool accented = false;
  bool added = false;      // only from an everyday or English expansion, not the citizen's words
};

struct Query {
  std::vector<std::string> words;      // folded content syllables after fillers and expansion
  std::vector<QueryToken> tokens;
  std::string match;                   // empty when nothing is left to search
  std::string language = "vi";         // "en" when the message is written in English
  int corrections = 0;                 // words changed by typo tolerance
  std::vector<int> ages;               // "bé 5 tuổi", "con 10t"
};

// "en" when the message is written in English (no diacritics, English words
// no Vietnamese syllable looks like), else "vi". The same test BuildQuery uses.
std::string MessageLanguage(std::string_view text);

// Quotes one token for MATCH: "…" with embedded quotes doubled.
std::string QuoteToken(std::string_view token);

// One pass over the message: at each position the longest synonym term wins,
// then the longest filler phrase, then the word itself. Expansions are never
// expanded again. Fillers and punctuation end a run of adjacent words, so no
// bigram spans them.
Query BuildQuery(std::string_view text, const QueryTables& tables);

// MATCH expression over the given tokens (quoted, OR-ed); empty for none.
std::string MatchExpression(const std::vector<const QueryToken*>& tokens);

}  // namespace knowledge

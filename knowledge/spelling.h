#pragma once
// Typo tolerance over the index vocabulary. Words are folded syllables
// ("khai", "sinh"); a word the index has never seen is corrected to the most
// frequent indexed syllable one edit away, or split into two indexed
// syllables that the index also has as a pair ("khaisinh" -> "khai sinh").
// Known words are never touched: one edit turns "sinh" into "minh".
// Immutable after building; safe to share across threads.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace knowledge {

class Vocabulary {
 public:
  // `documents` is how many indexed rows hold the syllable (frequency decides
  // between corrections).
  void AddSyllable(std::string_view folded, int documents);
  void AddPair(std::string_view first, std::string_view second);
  // Words the search understands without the index (synonym terms, fillers).
  void AddKnown(std::string_view folded);

  bool Knows(std::string_view folded) const;
  std::size_t size() const { return syllables_.size(); }

  // The correction for an unknown word, or nothing when the word is known,
  // too short to correct safely, or nothing indexed is close.
  std::optional<std::vector<std::string>> Correct(std::string_view folded) const;

 private:
  std::optional<std::pair<std::string, std::string>> Split(std::string_view word) const;
  std::optional<std::string> OneEdit(std::string_view word) const;

  std::unordered_map<std::string, int> syllables_;
  std::unordered_set<std::string> pairs_;
  std::unordered_set<std::string> known_;
};

}  // namespace knowledge

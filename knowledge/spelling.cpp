#include "knowledge/spelling.h"

namespace knowledge {
namespace {

// Shorter words have too many neighbours one edit away ("ko", "dc", "vl"):
// they are teencode for the synonym table, not typos.
constexpr std::size_t kMinCorrectable = 4;
constexpr std::size_t kMinSplitPart = 2;

bool Ascii(std::string_view s) {
  for (unsigned char c : s)
    if (!((c >= 'a' && c <= 'z'))) return false;
  return !s.empty();
}

}  // namespace

void Vocabulary::AddSyllable(std::string_view folded, int documents) {
  auto [it, inserted] = syllables_.emplace(folded, documents);
  if (!inserted) it->second += documents;
}

void Vocabulary::AddPair(std::string_view first, std::string_view second) {
  std::string key(first);
  key.push_back('_');
  key.append(second);
  pairs_.insert(std::move(key));
}

void Vocabulary::AddKnown(std::string_view folded) { known_.emplace(folded); }

bool Vocabulary::Knows(std::string_view folded) const {
  const std::string w(folded);
  return syllables_.count(w) || known_.count(w);
}

std::optional<std::pair<std::string, std::string>> Vocabulary::Split(std::string_view word) const {
  std::optional<std::pair<std::string, std::string>> best;
  int best_freq = -1;
  for (std::size_t k = kMinSplitPart; k + kMinSplitPart <= word.size(); ++k) {
    std::string a(word.substr(0, k)), b(word.substr(k));
    auto ia = syllables_.find(a), ib = syllables_.find(b);
    if (ia == syllables_.end() || ib == syllables_.end()) continue;
    if (!pairs_.count(a + "_" + b)) continue;
    const int freq = std::min(ia->second, ib->second);
    if (freq > best_freq) {
      best_freq = freq;
      best = std::make_pair(std::move(a), std::move(b));
    }
  }
  return best;
}

std::optional<std::string> Vocabulary::OneEdit(std::string_view word) const {
  std::optional<std::string> best;
  int best_freq = 0;
  auto consider = [&](const std::string& w) {
    auto it = syllables_.find(w);
    if (it == syllables_.end()) return;
    if (it->second > best_freq || (it->second == best_freq && best && w < *best)) {
      best_freq = it->second;
      best = w;
    }
  };
  std::string w(word);
  for (std::size_t i = 0; i < word.size(); ++i) {  // deletion
    std::string c = w;
    c.erase(i, 1);
    consider(c);
  }
  for (std::size_t i = 0; i + 1 < word.size(); ++i) {  // transposition
    std::string c = w;
    std::swap(c[i], c[i + 1]);
    consider(c);
  }
  for (std::size_t i = 0; i < word.size(); ++i) {  // substitution
    std::string c = w;
    for (char ch = 'a'; ch <= 'z'; ++ch) {
      if (ch == word[i]) continue;
      c[i] = ch;
      consider(c);
    }
  }
  for (std::size_t i = 0; i <= word.size(); ++i) {  // insertion
    for (char ch = 'a'; ch <= 'z'; ++ch) {
      std::string c = w;
      c.insert(c.begin() + static_cast<std::ptrdiff_t>(i), ch);
      consider(c);
    }
  }
  return best;
}

std::optional<std::vector<std::string>> Vocabulary::Correct(std::string_view folded) const {
  if (folded.size() < kMinCorrectable || !Ascii(folded) || Knows(folded)) return std::nullopt;
  // A joined pair is the commoner slip on a phone keyboard, and a split is
  // stricter (both halves and the pair must be indexed) than one edit.
  if (auto s = Split(folded)) return std::vector<std::string>{s->first, s->second};
  if (auto e = OneEdit(folded)) return std::vector<std::string>{*e};
  return std::nullopt;
}

}  // namespace knowledge

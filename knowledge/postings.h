#pragma once
// An in-memory copy of one FTS5 table's postings, read back from the table at
// Index::Reload and tokenized by the same "hcc" tokenizer code, scored with
// FTS5's own bm25 (k1 = 1.2, b = 0.75). FTS5 computing bm25 for every row an
// OR query touches costs ~8 ms per question over the four tables; this copy
// answers the same ranking in well under a millisecond (docs/BENCHMARKS.md).
// Immutable after Finish(); Score is safe from many threads.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace knowledge {

class Postings {
 public:
  void Add(std::int64_t rowid, std::string_view text);
  void Finish();

  int rows() const { return static_cast<int>(rowids_.size()); }
  // How many rows hold the token (0 when none).
  int DocumentFrequency(const std::string& token) const;
  // Every token with its document frequency.
  const std::unordered_map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>>& terms() const {
    return postings_;
  }

  // bm25 of an OR query over `tokens` (each a one-token phrase), best first,
  // at most `limit` rows for which `keep(rowid)` holds: (rowid, score > 0).
  std::vector<std::pair<std::int64_t, double>> Score(const std::vector<const std::string*>& tokens,
                                                     std::size_t limit,
                                                     const std::function<bool(std::int64_t)>& keep) const;

 private:
  // token -> (row index, occurrences in the row)
  std::unordered_map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>> postings_;
  std::vector<std::int64_t> rowids_;
  std::vector<std::uint32_t> lengths_;  // tokens at distinct positions, as FTS5 counts them
  double average_length_ = 1;
};

}  // namespace knowledge

#include "knowledge/postings.h"

#include <algorithm>
#include <cmath>

#include "knowledge/tokenizer.h"

namespace knowledge {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

}  // namespace

void Postings::Add(std::int64_t rowid, std::string_view text) {
  const auto row = static_cast<std::uint32_t>(rowids_.size());
  rowids_.push_back(rowid);
  std::uint32_t length = 0;
  std::unordered_map<std::string, std::uint32_t> counts;
  DocumentTokens(text, [&](std::string_view token, bool colocated) {
    if (!colocated) ++length;
    ++counts[std::string(token)];
  });
  lengths_.push_back(length);
  for (auto& [token, n] : counts) postings_[token].emplace_back(row, n);
}

void Postings::Finish() {
  double total = 0;
  for (auto l : lengths_) total += l;
  average_length_ = lengths_.empty() || total == 0 ? 1.0 : total / static_cast<double>(lengths_.size());
}

int Postings::DocumentFrequency(const std::string& token) const {
  auto it = postings_.find(token);
  return it == postings_.end() ? 0 : static_cast<int>(it->second.size());
}

std::vector<std::pair<std::int64_t, double>> Postings::Score(const std::vector<const std::string*>& tokens,
                                                             std::size_t limit,
                                                             const std::function<bool(std::int64_t)>& keep) const {
  thread_local std::vector<double> score;
  thread_local std::vector<std::uint32_t> touched;
  if (score.size() < rowids_.size()) score.resize(rowids_.size(), 0.0);
  touched.clear();
  const double n = static_cast<double>(rowids_.size());
  for (const auto* token : tokens) {
    auto it = postings_.find(*token);
    if (it == postings_.end()) continue;
    const double df = static_cast<double>(it->second.size());
    double idf = std::log((n - df + 0.5) / (df + 0.5));
    if (idf <= 0.0) idf = 1e-6;  // as FTS5 does
    for (const auto& [row, tf] : it->second) {
      if (score[row] == 0.0) touched.push_back(row);
      const double f = tf;
      score[row] += idf * f * (kK1 + 1.0) / (f + kK1 * (1.0 - kB + kB * lengths_[row] / average_length_));
    }
  }
  std::vector<std::pair<std::int64_t, double>> out;
  out.reserve(touched.size());
  for (auto row : touched) {
    if (keep(rowids_[row])) out.emplace_back(rowids_[row], score[row]);
    score[row] = 0.0;
  }
  auto better = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(), better);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), better);
  }
  return out;
}

}  // namespace knowledge

#pragma once
// The knowledge base as the bot sees it: procedures and reform articles,
// offices, communes, and the ranked search over them. Index is safe to share
// across threads: searches read an immutable snapshot and borrow prepared
// statements from a pool; Reload swaps the snapshot atomically.
#include <expected>
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "knowledge/database.h"
#include "knowledge/query.h"

namespace knowledge {

struct Procedure {
  std::string id;
  std::string kind;          // procedure | article
  bool curated = false;
  std::string name;
  std::string field;
  std::string agency;
  std::string level;         // comma-joined
  std::vector<std::string> documents;
  std::vector<std::string> steps;
  std::string processing_time;
  std::string fees;
  std::vector<std::string> submit_channels;  // truc_tiep, buu_chinh, truc_tuyen
  std::string online_level;
  std::vector<std::string> legal_basis;
  std::string result;
  std::string url;
  std::string source;
  std::string notes;
  std::string checked;
  std::string review_by;
  std::vector<std::string> aliases;
  std::string body;
};

struct Office {
  std::string name;
  std::string level;         // tinh | xa
  std::string kind;          // mot_cua | lien_he
  std::string commune;
  std::string address, phone, hours, website, email;
  std::optional<double> latitude, longitude;
  std::string source, notes, checked;
};

struct Commune {
  std::string name;
  std::string type;          // xa | phuong
  int clause = 0;
  std::string merged_from;
  std::string province;
  std::string source;
};

struct Hit {
  std::string id;
  std::string name;
  std::string kind;
  double score = 0;
};

struct SearchResult {
  std::vector<Hit> hits;     // best first
  bool answered = false;     // the first hit is clearly the one
  double confidence = 0;     // 0..1
  std::string language = "vi";  // "en" when the question was written in English
};

struct SearchOptions {
  int top_k = 3;
  bool include_articles = false;
  bool include_procedures = true;
  bool use_bigrams = true;   // false only to measure what syllable pairs add
  // Candidates from FTS5's own MATCH … ORDER BY bm25 instead of the in-memory
  // postings: the same ranking, ~8 ms slower; kept to check and measure that.
  bool fts_candidates = false;
};

struct IndexSnapshot;    // knowledge/snapshot.h
struct IndexStatements;

class Index {
 public:
  Index(Database& db, const config::Knowledge& cfg);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Reads the expansion tables and per-procedure facts used in re-ranking.
  // Call again after an import or publish; searches in flight keep the old copy.
  std::expected<void, std::string> Reload();

  SearchResult Search(std::string_view question, const SearchOptions& options = {}) const;

  std::optional<Procedure> Get(std::string_view id) const;
  std::vector<Office> Offices() const;
  std::vector<Commune> Communes() const;
  std::size_t ProcedureCount() const;

 private:
  std::shared_ptr<const IndexSnapshot> snapshot() const;
  std::unique_ptr<IndexStatements> BorrowStatements() const;
  void ReturnStatements(std::unique_ptr<IndexStatements> s) const;

  Database& db_;
  const config::Knowledge& cfg_;
  mutable std::shared_mutex mutex_;
  std::shared_ptr<const IndexSnapshot> snapshot_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<IndexStatements>> pool_;
};

}  // namespace knowledge

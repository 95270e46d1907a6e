#include "knowledge/tokenizer.h"

#include <sqlite3.h>

#include <cstring>

#include "knowledge/text.h"

namespace knowledge {
namespace {

struct HccTokenizer {};

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(new HccTokenizer);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* t) { delete reinterpret_cast<HccTokenizer*>(t); }

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n,
             int (*token)(void*, int, const char*, int, int, int)) {
  std::string_view input(text ? text : "", n > 0 ? static_cast<std::size_t>(n) : 0);
  if (flags & FTS5_TOKENIZE_QUERY) {
    // One token per quoted string: lower-case ASCII only, the builder did the rest.
    std::string tok(input);
    for (char& c : tok)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    if (tok.empty()) return SQLITE_OK;
    return token(ctx, 0, tok.data(), static_cast<int>(tok.size()), 0, n);
  }
  int rc = SQLITE_OK;
  auto syl = Syllables(input);
  for (std::size_t i = 0; i < syl.size() && rc == SQLITE_OK; ++i) {
    const auto& s = syl[i];
    const int b = static_cast<int>(s.begin), e = static_cast<int>(s.end);
    rc = token(ctx, 0, s.folded.data(), static_cast<int>(s.folded.size()), b, e);
    if (rc == SQLITE_OK && s.accented != s.folded)
      rc = token(ctx, FTS5_TOKEN_COLOCATED, s.accented.data(), static_cast<int>(s.accented.size()), b, e);
    if (rc == SQLITE_OK && i + 1 < syl.size()) {
      const auto& t = syl[i + 1];
      std::string bf = Bigram(s.folded, t.folded);
      rc = token(ctx, FTS5_TOKEN_COLOCATED, bf.data(), static_cast<int>(bf.size()), b, e);
      if (rc == SQLITE_OK && (s.accented != s.folded || t.accented != t.folded)) {
        std::string ba = Bigram(s.accented, t.accented);
        rc = token(ctx, FTS5_TOKEN_COLOCATED, ba.data(), static_cast<int>(ba.size()), b, e);
      }
    }
  }
  return rc;
}

fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

std::string Bigram(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size() + 1);
  out.append(a);
  out.push_back('_');
  out.append(b);
  return out;
}

void DocumentTokens(std::string_view text, const std::function<void(std::string_view, bool)>& emit) {
  auto syl = Syllables(text);
  for (std::size_t i = 0; i < syl.size(); ++i) {
    const auto& s = syl[i];
    emit(s.folded, false);
    if (s.accented != s.folded) emit(s.accented, true);
    if (i + 1 < syl.size()) {
      const auto& t = syl[i + 1];
      emit(Bigram(s.folded, t.folded), true);
      if (s.accented != s.folded || t.accented != t.folded) emit(Bigram(s.accented, t.accented), true);
    }
  }
}

std::expected<void, std::string> RegisterTokenizer(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (!api) return std::unexpected("this SQLite has no FTS5");
  static fts5_tokenizer tokenizer = {Create, Delete, Tokenize};
  int rc = api->xCreateTokenizer(api, kTokenizerName, nullptr, &tokenizer, nullptr);
  if (rc != SQLITE_OK) return std::unexpected("cannot register the hcc tokenizer");
  return {};
}

}  // namespace knowledge

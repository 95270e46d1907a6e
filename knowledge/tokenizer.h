#pragma once
// The "hcc" FTS5 tokenizer. For documents it emits, per syllable, the folded
// form and (colocated) the accented form, and for each adjacent pair a bigram
// token "khai_sinh" (folded, plus accented when different) colocated with the
// first syllable. Bigrams matter: single syllables (đăng, ký, cấp) occur in
// most procedures and bm25 gives them almost no weight.
// For queries it emits each quoted string as exactly one token, because the
// query builder (query.h) has already produced final tokens.
#include <expected>
#include <functional>
#include <string>
#include <string_view>

struct sqlite3;

namespace knowledge {

inline constexpr const char* kTokenizerName = "hcc";

std::expected<void, std::string> RegisterTokenizer(sqlite3* db);

// The document tokens of a text, in order, as the index sees them (tests,
// re-ranking). `colocated` is true for a token at the previous position.
void DocumentTokens(std::string_view text,
                    const std::function<void(std::string_view token, bool colocated)>& emit);

std::string Bigram(std::string_view a, std::string_view b);

}  // namespace knowledge

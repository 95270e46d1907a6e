// Fuzz target: the Vietnamese normaliser and the document tokenizer.
// Properties: syllable offsets lie inside the input and in order; folded
// forms are ASCII; sanitised text is valid UTF-8, stays the same when
// sanitised again, and equals the input when that was valid without NUL;
// valid input stays valid through NFC composition and keeps its code-point
// count or shrinks; tokens are never empty.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_util.h"
#include "knowledge/text.h"
#include "knowledge/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t last_end = 0;
  for (const auto& s : knowledge::Syllables(in)) {
    if (s.begin > s.end || s.end > in.size() || s.begin < last_end) fuzz::Fail("syllable offsets out of order");
    last_end = s.end;
    if (s.folded.empty()) fuzz::Fail("empty folded syllable");
    for (unsigned char c : s.folded)
      if (c >= 0x80) fuzz::Fail("folded syllable is not ASCII", s.folded);
    if (!fuzz::ValidUtf8(s.accented)) fuzz::Fail("accented syllable is not valid UTF-8", s.accented);
  }
  const std::string folded = knowledge::Fold(in);
  for (unsigned char c : folded)
    if (c >= 0x80) fuzz::Fail("Fold output is not ASCII", folded);
  const std::string accented = knowledge::NormalizeAccented(in);
  if (!fuzz::ValidUtf8(accented)) fuzz::Fail("NormalizeAccented output is not valid UTF-8");
  if (knowledge::Fold(accented) != folded) fuzz::Fail("folding the accented form differs from folding the input");
  (void)knowledge::HasDiacritics(in);

  const std::string clean = knowledge::SanitizeUtf8(in);
  if (!fuzz::ValidUtf8(clean)) fuzz::Fail("SanitizeUtf8 output is not valid UTF-8");
  if (knowledge::SanitizeUtf8(clean) != clean) fuzz::Fail("SanitizeUtf8 is not idempotent");
  // NUL is dropped on purpose (it never reaches storage); everything else valid stays.
  if (fuzz::ValidUtf8(in) && in.find('\0') == std::string_view::npos && clean != in)
    fuzz::Fail("SanitizeUtf8 changed valid text");

  const std::string nfc = knowledge::ComposeNfc(in);
  if (fuzz::ValidUtf8(in)) {
    if (!fuzz::ValidUtf8(nfc)) fuzz::Fail("ComposeNfc broke valid UTF-8");
    if (knowledge::CodePointCount(nfc) > knowledge::CodePointCount(in)) fuzz::Fail("ComposeNfc added code points");
  }
  knowledge::DocumentTokens(in, [](std::string_view token, bool) {
    if (token.empty()) fuzz::Fail("empty document token");
  });
  return 0;
}

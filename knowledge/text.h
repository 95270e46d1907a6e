#pragma once
// Vietnamese text handling: NFC (NFD input accepted), lower case, one tone-mark
// placement (hoà → hòa), diacritic folding with đ → d, zero-width and
// punctuation handling. Numbers are kept as tokens.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace knowledge {

struct Syllable {
  std::string accented;  // lower case NFC with the tone on its standard vowel: "hòa", "đăng"
  std::string folded;    // ASCII: "hoa", "dang"
  std::size_t begin = 0; // byte offsets in the input
  std::size_t end = 0;
  bool is_number = false;
};

// Splits text into syllables (words separated by spaces or punctuation) and
// normalises each. Invalid UTF-8 bytes act as separators.
std::vector<Syllable> Syllables(std::string_view text);

// Whole text normalised: syllables joined by one space, accented form.
std::string NormalizeAccented(std::string_view text);
// Whole text folded: syllables joined by one space, ASCII.
std::string Fold(std::string_view text);

// true when any letter carries a Vietnamese diacritic (or is đ).
bool HasDiacritics(std::string_view text);

// NFC composition of Vietnamese letters (NFD and mixed input), keeping case
// and everything else as it is. Used before counting characters.
std::string ComposeNfc(std::string_view text);

// Number of Unicode code points in valid UTF-8 (invalid bytes count one each).
std::size_t CodePointCount(std::string_view text);

// Small closed word lists used to read a message (all folded, ASCII).
// English words that no unaccented Vietnamese word looks like: they tell
// an English message apart.
bool IsEnglishMarker(std::string_view folded);
// English function words, dropped from an English message.
bool IsEnglishFunctionWord(std::string_view folded);
// Words that mark the part of a long message that asks something: question
// words anywhere ("gì", "đâu", "nào", "sao") and particles that end a question
// ("không", "chưa", "hả"), the latter only at the end of a clause ("không lên
// xã được" is a statement). Accent-aware, see text.cpp.
bool IsInterrogative(const Syllable& s);
bool IsQuestionParticle(const Syllable& s);
// Folded words that may follow the question at the end of a clause ("ạ", "ad",
// "vậy", "nhé").
bool IsTrailingCourtesy(std::string_view folded);
// Words that frame a question ("có … không", "được không", "làm"), weighed
// low on their own.
bool IsQuestionFrame(std::string_view folded);
// Folded words and pairs that make a procedure a rarer variant of a common
// one even when no shorter name exists ("Cấp lại …", "… lưu động", "… nước
// ngoài", "… biên giới"): a name holding one wins only when the question says
// it. Other variants are found from the names themselves (index.cpp).
bool IsVariantMark(std::string_view folded);
// Folded pairs in which "lại" means a second issue ("cấp lại", "đăng ký
// lại"): only then does "lại" in a name make it a variant.
bool IsReissuePair(std::string_view folded);
// Words added to an English message: what makes a procedure the one for
// foreigners ("có yếu tố nước ngoài").
std::string_view ForeignerContext();
// Pairs that ask which part of the answer ("giấy tờ", "hồ sơ", "lệ phí", "bao
// lâu", "ở đâu"), not which procedure: weighed low.
bool IsAspectPair(std::string_view folded);
// Connectives of procedure names ("cho", "của", "đối với", "trường hợp"):
// they do not name a variant.
bool IsConnective(std::string_view folded);

// The age written at syllable i: a number of at most three digits followed by
// "tuổi", or by "t" with no space ("10t").
std::optional<int> AgeAt(const std::vector<Syllable>& syl, std::size_t i);

// Replaces invalid UTF-8 sequences with U+FFFD so that stored text is valid.
std::string SanitizeUtf8(std::string_view text);

}  // namespace knowledge

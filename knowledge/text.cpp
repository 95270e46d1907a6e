#include "knowledge/text.h"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace knowledge {
namespace {

// The twelve Vietnamese vowels, each with its six tones in the order
// none, huyền, sắc, hỏi, ngã, nặng.
constexpr std::string_view kLowerVowels[12] = {
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
    "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"};
constexpr std::string_view kUpperVowels[12] = {
    "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
    "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ"};
constexpr char kFoldedVowel[12] = {'a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'};
// Shape marks: 0 none, 1 breve, 2 circumflex, 3 horn.
constexpr int kShape[12] = {0, 1, 2, 0, 2, 0, 0, 2, 3, 0, 3, 0};

struct VowelInfo {
  int vowel;  // index into the tables above
  int tone;   // 0..5
};

struct Tables {
  std::unordered_map<char32_t, VowelInfo> vowel_of;  // lower and upper case
  std::array<std::array<char32_t, 6>, 12> lower{};
  Tables() {
    for (int v = 0; v < 12; ++v) {
      for (auto* table : {&kLowerVowels, &kUpperVowels}) {
        std::string_view s = (*table)[v];
        int tone = 0;
        std::size_t i = 0;
        while (i < s.size()) {
          char32_t cp;
          unsigned char c = static_cast<unsigned char>(s[i]);
          int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
          cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
          for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
          i += len;
          vowel_of[cp] = {v, tone};
          if (table == &kLowerVowels) lower[v][tone] = cp;
          ++tone;
        }
      }
    }
  }
};

const Tables& T() {
  static const Tables t;
  return t;
}

int ToneOfMark(char32_t m) {
  switch (m) {
    case 0x0300: case 0x0340: return 1;
    case 0x0301: case 0x0341: return 2;
    case 0x0309: return 3;
    case 0x0303: return 4;
    case 0x0323: return 5;
    default: return -1;
  }
}

int ShapeOfMark(char32_t m) {
  switch (m) {
    case 0x0306: return 1;
    case 0x0302: return 2;
    case 0x031B: return 3;
    default: return -1;
  }
}

// Vowel index from a folded base letter and a shape mark, or -1.
int VowelFrom(char base, int shape) {
  for (int v = 0; v < 12; ++v)
    if (kFoldedVowel[v] == base && kShape[v] == shape) return v;
  return -1;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes one code point; invalid sequences give U+FFFD and consume one byte.
char32_t Decode(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = 0;
  char32_t cp = 0;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else { ++i; return 0xFFFD; }
  if (i + len > s.size()) { ++i; return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

bool IsIgnorable(char32_t cp) {
  // Joiners and soft hyphens glue a word together; drop them.
  return cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

bool IsCombining(char32_t cp) { return ToneOfMark(cp) >= 0 || ShapeOfMark(cp) >= 0; }

// One letter of a syllable before tone placement.
struct Letter {
  char32_t base_lower;  // lower-case letter without tone (vowels carry their shape)
  char folded;          // ASCII fold
  int vowel = -1;       // index when a vowel
  int tone = 0;
};

// Reads one letter with any combining marks that follow it. Returns false
// when the code point is not a letter or digit we keep.
bool ReadLetter(std::string_view s, std::size_t& i, Letter& out, bool& is_digit) {
  std::size_t start = i;
  char32_t cp = Decode(s, i);
  is_digit = cp >= '0' && cp <= '9';
  if (is_digit) {
    out = {cp, static_cast<char>(cp)};
    return true;
  }
  int vowel = -1, tone = 0;
  char folded = 0;
  char32_t base = 0;
  if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))) {
    folded = static_cast<char>(cp | 0x20);
    base = static_cast<char32_t>(folded);
    vowel = VowelFrom(folded, 0);
  } else if (cp == 0x0111 || cp == 0x0110) {  // đ Đ
    folded = 'd';
    base = 0x0111;
  } else if (auto it = T().vowel_of.find(cp); it != T().vowel_of.end()) {
    vowel = it->second.vowel;
    tone = it->second.tone;
    folded = kFoldedVowel[vowel];
  } else {
    i = start;
    Decode(s, i);
    return false;
  }
  // Combining marks after the letter (NFD or mixed input).
  int shape = vowel >= 0 ? kShape[vowel] : 0;
  while (i < s.size()) {
    std::size_t save = i;
    char32_t m = Decode(s, i);
    if (IsIgnorable(m)) continue;
    int t = ToneOfMark(m), sh = ShapeOfMark(m);
    if (t >= 0 && vowel >= 0) {
      tone = t;
    } else if (sh >= 0 && vowel >= 0 && shape == 0) {
      int v = VowelFrom(kFoldedVowel[vowel], sh);
      if (v >= 0) { vowel = v; shape = sh; }
    } else if (t < 0 && sh < 0) {
      i = save;
      break;
    }
    // A mark that does not apply (tone on a consonant) is dropped.
  }
  if (vowel >= 0) base = T().lower[vowel][0];
  out = {base, folded, vowel, tone};
  return true;
}

// Places the syllable's tone on its standard vowel (the older convention
// most official text uses: hòa, thủy, khỏe; toán, hoàn).
void PlaceTone(std::vector<Letter>& letters) {
  int tone = 0;
  for (auto& l : letters) {
    if (l.vowel >= 0 && l.tone) {
      tone = l.tone;
      l.tone = 0;
    }
  }
  if (!tone) return;
  // Vowel cluster: the first run of vowels, skipping the u of "qu" and the i of "gi".
  int first = -1, last = -1;
  for (int k = 0; k < static_cast<int>(letters.size()); ++k) {
    if (letters[k].vowel >= 0) {
      if (first < 0) first = k;
      last = k;
    } else if (first >= 0) {
      break;
    }
  }
  if (first < 0) return;
  if (first == 1 && last > first) {
    char c0 = letters[0].folded;
    if ((c0 == 'q' && letters[1].folded == 'u') || (c0 == 'g' && letters[1].folded == 'i')) ++first;
  }
  int target = first;
  const int n = last - first + 1;
  for (int k = first; k <= last; ++k) {
    if (kShape[letters[k].vowel] != 0) target = k;  // ă â ê ô ơ ư take the tone (ươ → ơ)
  }
  if (kShape[letters[target].vowel] == 0) {
    const bool closed = last + 1 < static_cast<int>(letters.size());
    if (n == 3) target = first + 1;
    else if (n == 2) target = closed ? last : first;
    else target = first;
  }
  letters[target].tone = tone;
}

void EmitSyllable(std::vector<Letter>& letters, bool digits, std::size_t begin, std::size_t end,
                  std::vector<Syllable>& out) {
  if (letters.empty()) return;
  Syllable s;
  s.begin = begin;
  s.end = end;
  s.is_number = digits;
  if (!digits) PlaceTone(letters);
  for (const auto& l : letters) {
    s.folded.push_back(l.folded);
    if (l.vowel >= 0) AppendUtf8(s.accented, T().lower[l.vowel][l.tone]);
    else AppendUtf8(s.accented, l.base_lower);
  }
  out.push_back(std::move(s));
  letters.clear();
}

}  // namespace

std::vector<Syllable> Syllables(std::string_view text) {
  std::vector<Syllable> out;
  std::vector<Letter> letters;
  bool digits = false;
  std::size_t begin = 0, end = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t at = i;
    Letter l;
    bool is_digit = false;
    if (ReadLetter(text, i, l, is_digit)) {
      if (!letters.empty() && is_digit != digits) EmitSyllable(letters, digits, begin, end, out);
      if (letters.empty()) {
        begin = at;
        digits = is_digit;
      }
      letters.push_back(l);
      end = i;
      continue;
    }
    // Not a letter: i moved past it. Keep "1.001193" and "50.000" as one number,
    // glue across joiners, split on anything else.
    std::size_t probe = at;
    char32_t cp = Decode(text, probe);
    if (IsIgnorable(cp) || IsCombining(cp)) continue;
    if (digits && !letters.empty() && (cp == '.' || cp == ',') && i < text.size() && text[i] >= '0' &&
        text[i] <= '9') {
      letters.push_back({static_cast<char32_t>(cp), static_cast<char>(cp)});
      continue;
    }
    EmitSyllable(letters, digits, begin, end, out);
  }
  EmitSyllable(letters, digits, begin, end, out);
  return out;
}

std::string NormalizeAccented(std::string_view text) {
  std::string out;
  for (const auto& s : Syllables(text)) {
    if (!out.empty()) out.push_back(' ');
    out += s.accented;
  }
  return out;
}

std::string Fold(std::string_view text) {
  std::string out;
  for (const auto& s : Syllables(text)) {
    if (!out.empty()) out.push_back(' ');
    out += s.folded;
  }
  return out;
}

bool HasDiacritics(std::string_view text) {
  for (const auto& s : Syllables(text))
    if (s.accented != s.folded) return true;
  return false;
}

std::string ComposeNfc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t at = i;
    char32_t cp = Decode(s, i);
    bool upper = false;
    int vowel = -1, tone = 0;
    if (cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) {
      vowel = VowelFrom(static_cast<char>(cp | 0x20), 0);
      upper = cp < 'a';
    } else if (auto it = T().vowel_of.find(cp); it != T().vowel_of.end()) {
      vowel = it->second.vowel;
      tone = it->second.tone;
      upper = T().lower[vowel][tone] != cp;
    }
    if (vowel < 0) {
      out.append(s.substr(at, i - at));
      continue;
    }
    bool changed = false;
    while (i < s.size()) {
      std::size_t save = i;
      char32_t m = Decode(s, i);
      int t = ToneOfMark(m), sh = ShapeOfMark(m);
      if (t >= 0 && tone == 0) { tone = t; changed = true; continue; }
      if (sh >= 0 && kShape[vowel] == 0) {
        int v = VowelFrom(kFoldedVowel[vowel], sh);
        if (v >= 0) { vowel = v; changed = true; continue; }
      }
      i = save;
      break;
    }
    if (!changed) {
      out.append(s.substr(at, (i - at)));
      continue;
    }
    std::string_view row = upper ? kUpperVowels[vowel] : kLowerVowels[vowel];
    // Find the tone-th code point of the row.
    std::size_t k = 0;
    for (int t = 0; t < tone; ++t) Decode(row, k);
    std::size_t e = k;
    Decode(row, e);
    out.append(row.substr(k, e - k));
  }
  return out;
}

bool IsEnglishMarker(std::string_view w) {
  // English words that are never an unaccented Vietnamese syllable
  // ("it" = ít, "my" = Mỹ, "me" = mẹ, "so" = sổ, "the" = thẻ are left out).
  static const std::unordered_set<std::string_view> kWords = {
      "is", "are", "was", "were", "been", "how", "what", "where", "when", "which", "who", "why", "your", "our",
      "their", "we", "you", "they", "its", "this", "that", "these", "those", "of", "for", "with", "from", "and",
      "does", "did", "could", "should", "would", "will", "must", "need", "want", "get", "got", "have", "has",
      "had", "about", "please", "there", "here", "thank", "thanks", "hello", "into", "just", "after", "before",
      "while", "week", "month", "year", "apply", "register", "renew", "certificate", "licence", "license",
      // Words of a foreigner's question about papers.
      "extend", "buy", "live", "living", "wife", "husband", "child", "children", "baby", "daughter", "passport",
      "permit", "card", "office", "address", "open", "work", "company", "business", "house", "driving", "birth",
      "marriage", "married", "marry", "residence", "temporary", "foreigner", "foreign", "document", "documents"};
  return kWords.count(w) > 0;
}

bool IsEnglishFunctionWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "the", "is", "are", "was", "were", "be", "been", "how", "what", "where", "when", "which", "who", "why",
      "my", "your", "our", "their", "his", "her", "we", "you", "they", "it", "its", "this", "that", "these",
      "those", "of", "for", "with", "from", "and", "or", "does", "did", "can", "could", "should", "would",
      "will", "shall", "must", "need", "needs", "want", "get", "got", "have", "has", "had", "at", "on", "about",
      "into", "there", "here", "please", "if", "not", "so", "much", "many", "any", "some", "am", "me", "us",
      "just", "only", "also", "than", "then", "by", "while", "do", "to", "in", "an", "a", "i", "hello", "hi",
      "thank", "thanks", "ok"};
  return kWords.count(w) > 0;
}

namespace {

// Typed with diacritics, a word must be exactly the question word ("đầu" in
// "lần đầu" is not "đâu", "hồng" in "sổ hồng" is not "hông"); typed without,
// its folded form is all there is to go by.
bool IsOneOf(const Syllable& s, const std::unordered_set<std::string_view>& accented,
             const std::unordered_set<std::string_view>& folded) {
  return s.accented != s.folded ? accented.count(s.accented) > 0 : folded.count(s.folded) > 0;
}

}  // namespace

bool IsInterrogative(const Syllable& s) {
  static const std::unordered_set<std::string_view> kAccented = {"gì", "đâu", "nào", "sao"};
  static const std::unordered_set<std::string_view> kFolded = {"gi", "dau", "nao", "sao", "ntn", "j", "gj"};
  return IsOneOf(s, kAccented, kFolded);
}

bool IsQuestionParticle(const Syllable& s) {
  static const std::unordered_set<std::string_view> kAccented = {"không", "hông", "hổng", "chưa", "hả", "hở",
                                                                  "chăng", "nhỉ"};
  static const std::unordered_set<std::string_view> kFolded = {"khong", "ko", "k", "hok", "hong", "hem", "kg",
                                                               "chua", "chang"};
  return IsOneOf(s, kAccented, kFolded);
}

bool IsTrailingCourtesy(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "a", "ad", "ah", "ak", "v", "z", "vay", "nhe", "nha", "nhen", "hen", "ne", "oi", "chi", "anh", "em",
      "ha", "voi", "ta", "shop", "ban", "minh", "luon"};
  return kWords.count(w) > 0;
}

bool IsQuestionFrame(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "co", "khong", "ko", "k", "hok", "duoc", "dc", "phai", "gi", "nao", "sao", "chua", "hay", "thi", "ma",
      "neu", "roi", "nay", "nhu", "bi", "can", "muon", "lam"};
  return kWords.count(w) > 0;
}

bool IsVariantMark(std::string_view w) {
  static const std::unordered_set<std::string_view> kMarks = {
      "lai", "luu_dong", "nuoc_ngoai", "bien_gioi"};
  return kMarks.count(w) > 0;
}

bool IsReissuePair(std::string_view w) {
  static const std::unordered_set<std::string_view> kPairs = {"cap_lai", "ky_lai", "phat_lai", "lap_lai"};
  return kPairs.count(w) > 0;
}

std::string_view ForeignerContext() { return "yếu tố nước ngoài"; }

bool IsAspectPair(std::string_view w) {
  static const std::unordered_set<std::string_view> kPairs = {
      "giay_to", "ho_so", "thu_tuc", "le_phi", "bao_lau", "bao_nhieu", "o_dau", "can_gi", "giay_gi", "mat_bao",
      "lam_sao", "the_nao", "nhu_the", "thoi_gian", "mat_phi", "bao_nhieu", "nop_o", "lam_gi", "gom_nhung"};
  return kPairs.count(w) > 0;
}

bool IsConnective(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "co", "cho", "va", "cua", "tai", "trong", "voi", "theo", "o", "la", "cac", "nhung", "mot", "khi", "hoac",
      "ve", "de", "tu", "den", "bang", "doi", "truong", "hop", "thuc", "hien"};
  return kWords.count(w) > 0;
}

std::optional<int> AgeAt(const std::vector<Syllable>& syl, std::size_t i) {
  if (i + 1 >= syl.size()) return std::nullopt;
  const auto& n = syl[i];
  const auto& unit = syl[i + 1];
  if (!n.is_number || n.folded.size() > 3 || n.folded.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  if (unit.folded != "tuoi" && !(unit.folded == "t" && unit.begin == n.end)) return std::nullopt;
  return std::stoi(n.folded);
}

std::size_t CodePointCount(std::string_view s) {
  std::size_t n = 0, i = 0;
  while (i < s.size()) {
    Decode(s, i);
    ++n;
  }
  return n;
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t at = i;
    char32_t cp = Decode(s, i);
    if (cp == 0xFFFD && !(i - at == 3 && s.substr(at, 3) == "\xEF\xBF\xBD")) {
      out += "\xEF\xBF\xBD";
    } else if (cp == 0) {
      // NUL never reaches storage or C APIs.
    } else {
      out.append(s.substr(at, i - at));
    }
  }
  return out;
}

}  // namespace knowledge

// Design: a personal number is recognised by its digits, not by its layout,
// because citizens write the same phone number as 0909123456, 0909 123 456,
// 0909.123.456, +84 909 123 456 or with zero-width characters pasted inside.
// A "run" is digits joined by single separators (space . - ,) and zero-width
// characters. A run is masked whole when its digits form a phone number or an
// ID number; otherwise it is split at its separators and the best split is
// chosen (most digits masked), which finds the phone number in "số 2
// 0909123456" or two numbers written one after the other. Money groupings
// (100.000.000 đồng) and anything glued to letters (codes) stay as written.
#include "config/privacy.h"

#include <string>
#include <vector>

namespace privacy {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Zero-width characters hidden inside a number must not split it:
// U+200B..U+200D, U+2060, U+FEFF.
std::size_t ZeroWidthLength(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (i + 3 <= s.size()) {
    if (at(i) == 0xE2 && at(i + 1) == 0x80 && at(i + 2) >= 0x8B && at(i + 2) <= 0x8D) return 3;
    if (at(i) == 0xE2 && at(i + 1) == 0x81 && at(i + 2) == 0xA0) return 3;
    if (at(i) == 0xEF && at(i + 1) == 0xBB && at(i + 2) == 0xBF) return 3;
  }
  return 0;
}

// No-break spaces (U+00A0, U+202F) separate digit groups like a space.
std::size_t NoBreakSpaceLength(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (i + 2 <= s.size() && at(i) == 0xC2 && at(i + 1) == 0xA0) return 2;
  if (i + 3 <= s.size() && at(i) == 0xE2 && at(i + 1) == 0x80 && at(i + 2) == 0xAF) return 3;
  return 0;
}

// "cccd079123456789", "sđt0909123456": a label glued to the number still
// marks it as personal. Other letters glued in front (codes like H57…) do not.
bool LabelBefore(std::string_view s, std::size_t i) {
  std::string word;
  std::size_t k = i;
  while (k > 0) {
    const unsigned char c = static_cast<unsigned char>(s[k - 1]);
    if (IsAsciiLetter(static_cast<char>(c))) {
      word.insert(word.begin(), static_cast<char>(c | 0x20));
      --k;
    } else if (k >= 2 && static_cast<unsigned char>(s[k - 2]) == 0xC4 && (c == 0x91 || c == 0x90)) {
      word.insert(word.begin(), 'd');  // đ, Đ
      k -= 2;
    } else {
      break;
    }
  }
  for (std::string_view label : {"cccd", "cmnd", "cmt", "cc", "sdt", "dt", "zalo", "tel", "phone", "hotline"})
    if (word == label) return true;
  return false;
}

struct Group {
  std::size_t begin = 0, end = 0;  // byte range of the digits (with zero-width characters inside)
  std::string digits;
  char sep_before = 0;             // separator before this group; 0 for the first
};

// Runs longer than this are split anyway; it bounds the work per run.
constexpr std::size_t kMaxRunDigits = 48;

enum class Kind { kNone, kId, kPhone };

bool FollowedByCurrency(std::string_view s, std::size_t end) {
  std::size_t i = end;
  while (i < s.size() && s[i] == ' ') ++i;
  std::string_view rest = s.substr(i, 12);
  for (std::string_view w : {"đồng", "đ", "vnđ", "VNĐ", "vnd", "VND", "Đ", "triệu", "tỷ", "USD", "usd", "k "})
    if (rest.substr(0, w.size()) == w) return true;
  return false;
}

// Groups [a, b] of a run, seen as one number.
Kind Classify(const std::vector<Group>& g, std::size_t a, std::size_t b, bool plus, std::string_view text) {
  std::string d;
  for (std::size_t k = a; k <= b; ++k) d += g[k].digits;
  // 1–3 digits, then groups of exactly three with one kind of separator, not
  // starting with 0: 100.000.000 (an ID card written 079.203.001.234 starts with 0).
  bool money = b > a && g[a].digits.size() <= 3 && d[0] != '0';
  for (std::size_t k = a + 1; k <= b && money; ++k)
    money = g[k].digits.size() == 3 && (g[k].sep_before == '.' || g[k].sep_before == ',') &&
            g[k].sep_before == g[a + 1].sep_before;
  money = money && (FollowedByCurrency(text, g[b].end) || b - a >= 2);
  // A phone or ID number written unbroken is one number: it does not merge
  // with a neighbour ("35 0909123456" is an age and a phone), except after a
  // country code.
  if (b > a) {
    // Numbers written in parts start like a phone or a CCCD (0…, 84…, +84…); a
    // CMND may also be three groups of three. Other spaced numbers ("26 11 2026
    // 7 30") are dates, times and counts.
    const std::string& first = g[a].digits;
    bool three_threes = b - a == 2;
    for (std::size_t k = a; k <= b; ++k) three_threes = three_threes && g[k].digits.size() == 3;
    if (!(first[0] == '0' || first == "84" || plus || three_threes)) return Kind::kNone;
    const bool country_code = first == "84" || first == "0084";
    for (std::size_t k = a; k <= b && !country_code; ++k)
      if (g[k].digits.size() >= 9) return Kind::kNone;
  }
  if (d.rfind("0084", 0) == 0) d = d.substr(2);
  if (plus && d.rfind("84", 0) == 0 && (d.size() == 11 || d.size() == 12)) return Kind::kPhone;
  if (!plus && d.rfind("84", 0) == 0 && d.size() == 11 && d[2] != '0' && !money) return Kind::kPhone;
  if (money) return Kind::kNone;
  if (d.size() == 10 && d[0] == '0') return Kind::kPhone;
  if (d.size() == 11 && d[0] == '0' && d[1] == '2') return Kind::kPhone;  // landline 02xx xxxx xxx
  if (d.size() == 12) return Kind::kId;
  if (d.size() == 9) return Kind::kId;
  return Kind::kNone;
}

std::size_t DigitCount(const std::vector<Group>& g, std::size_t a, std::size_t b) {
  std::size_t n = 0;
  for (std::size_t k = a; k <= b; ++k) n += g[k].digits.size();
  return n;
}

struct Segment {
  std::size_t first, last;
  Kind kind;
};

// Best split of the run into consecutive segments: most digits masked; on a
// tie, fewer segments (longer numbers).
std::vector<Segment> Split(const std::vector<Group>& g, bool plus, bool glued_after, std::string_view text) {
  const std::size_t n = g.size();
  std::vector<Kind> kind_of(n * n, Kind::kNone);
  // Splits happen at spaces and dashes, or next to an unbroken 9+ digit number:
  // never inside a money grouping such as 1.000.000.000.
  auto can_split_before = [&](std::size_t k) {
    return k == 0 || k == n || g[k].sep_before == ' ' || g[k].sep_before == '-' || g[k].digits.size() >= 9 ||
           g[k - 1].digits.size() >= 9;
  };
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a; b < n; ++b) {
      if (!can_split_before(a) || !can_split_before(b + 1)) continue;
      // Something glued to letters after the run is a code, not a number of a person.
      if (b == n - 1 && glued_after) continue;
      kind_of[a * n + b] = Classify(g, a, b, plus && a == 0, text);
    }
  // best[k]: (masked digits, -segments) over the first k groups.
  std::vector<std::pair<std::size_t, long>> best(n + 1, {0, 0});
  std::vector<std::size_t> from(n + 1, 0);
  for (std::size_t k = 1; k <= n; ++k) {
    best[k] = {0, -1000000};
    for (std::size_t a = 0; a < k; ++a) {
      const Kind kd = kind_of[a * n + (k - 1)];
      if (kd == Kind::kNone && a + 1 != k) continue;  // unmasked stretches go one group at a time
      std::pair<std::size_t, long> cand = best[a];
      if (kd != Kind::kNone) cand.first += DigitCount(g, a, k - 1);
      cand.second -= 1;
      if (cand > best[k]) {
        best[k] = cand;
        from[k] = a;
      }
    }
  }
  std::vector<Segment> out;
  for (std::size_t k = n; k > 0; k = from[k]) out.push_back({from[k], k - 1, kind_of[from[k] * n + (k - 1)]});
  return {out.rbegin(), out.rend()};
}

}  // namespace

std::string MaskPersonalNumbers(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const bool plus_start = s[i] == '+' && i + 1 < s.size() && IsDigit(s[i + 1]);
    // Inside a longer number or code (1.001193, H53-251126) nothing starts.
    const bool boundary_ok =
        i == 0 || !(IsDigit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == '-');
    if (!(IsDigit(s[i]) || plus_start) || !boundary_ok) {
      out.push_back(s[i]);
      ++i;
      continue;
    }
    // Glued to letters before: only after a label ("cccd079203001234"); codes
    // such as "H53-251126-0001" stay, and a dash ends a labelled run.
    const bool glued_before = i > 0 && IsAsciiLetter(s[i - 1]);
    if (glued_before && !(IsDigit(s[i]) && LabelBefore(s, i))) {
      out.push_back(s[i]);
      ++i;
      continue;
    }
    std::vector<Group> groups(1);
    groups[0].begin = i;
    std::size_t j = plus_start ? i + 1 : i;
    std::size_t total = 0;
    while (j < s.size()) {
      if (IsDigit(s[j])) {
        groups.back().digits.push_back(s[j]);
        ++total;
        ++j;
        continue;
      }
      if (std::size_t z = ZeroWidthLength(s, j); z > 0) {
        j += z;
        continue;
      }
      char c = s[j];
      std::size_t sep_len = 1;
      if (std::size_t nb = NoBreakSpaceLength(s, j); nb > 0) {
        c = ' ';
        sep_len = nb;
      }
      const bool sep = c == ' ' || c == '.' || c == '-' || c == ',';
      std::size_t next = j + sep_len;
      while (next < s.size() && ZeroWidthLength(s, next) > 0) next += 3;
      if (sep && next < s.size() && IsDigit(s[next]) && total < kMaxRunDigits && !(glued_before && c == '-')) {
        groups.back().end = j;
        groups.push_back({});
        groups.back().begin = j + sep_len;
        groups.back().sep_before = c;
        j = j + sep_len;
        continue;
      }
      break;
    }
    groups.back().end = j;
    const bool glued_after = j < s.size() && IsAsciiLetter(s[j]);
    const auto segments = Split(groups, plus_start, glued_after, s);
    std::size_t pos = i;  // copy everything between masked segments as written
    for (const auto& seg : segments) {
      if (seg.kind == Kind::kNone) continue;
      out.append(s.substr(pos, groups[seg.first].begin - pos));
      out.append(seg.kind == Kind::kPhone ? kPhoneMask : kIdMask);
      pos = groups[seg.last].end;
    }
    out.append(s.substr(pos, j - pos));
    i = j;
  }
  return out;
}

}  // namespace privacy

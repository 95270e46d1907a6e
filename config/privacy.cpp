#include "config/privacy.h"

#include <cctype>
#include <string>
#include <vector>

namespace privacy {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Zero-width characters hidden inside a number must not split it:
// U+200B..U+200D, U+2060, U+FEFF.
std::size_t ZeroWidthLength(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (i + 2 < s.size() + 0 && i + 3 <= s.size()) {
    if (at(i) == 0xE2 && at(i + 1) == 0x80 && at(i + 2) >= 0x8B && at(i + 2) <= 0x8D) return 3;
    if (at(i) == 0xE2 && at(i + 1) == 0x81 && at(i + 2) == 0xA0) return 3;
    if (at(i) == 0xEF && at(i + 1) == 0xBB && at(i + 2) == 0xBF) return 3;
  }
  return 0;
}

struct Run {
  std::size_t begin = 0, end = 0;   // byte range in the text
  std::string digits;
  std::vector<int> groups;          // digit counts between separators
  std::vector<char> seps;           // separators used
  bool plus = false;
};

bool IsMoneyGrouping(const Run& r) {
  // 1–3 digits, then groups of exactly three, one separator kind: 100.000.000
  if (r.groups.size() < 2 || r.groups[0] > 3) return false;
  for (std::size_t i = 1; i < r.groups.size(); ++i)
    if (r.groups[i] != 3) return false;
  for (char c : r.seps)
    if (c != r.seps[0] || (c != '.' && c != ',')) return false;
  return true;
}

bool FollowedByCurrency(std::string_view s, std::size_t end) {
  std::size_t i = end;
  while (i < s.size() && s[i] == ' ') ++i;
  std::string_view rest = s.substr(i, 12);
  for (std::string_view w : {"đồng", "đ", "vnđ", "VNĐ", "vnd", "VND", "Đ", "triệu", "tỷ", "USD", "usd", "k "})
    if (rest.substr(0, w.size()) == w) return true;
  return false;
}

enum class Kind { kNone, kId, kPhone };

Kind Classify(const Run& r, std::string_view text) {
  const std::string& d = r.digits;
  const bool money = IsMoneyGrouping(r) && (FollowedByCurrency(text, r.end) || r.groups.size() >= 3);
  if (r.plus && d.rfind("84", 0) == 0 && (d.size() == 11 || d.size() == 12)) return Kind::kPhone;
  if (!r.plus && d.rfind("84", 0) == 0 && d.size() == 11 && d[2] != '0' && !money) return Kind::kPhone;
  if (money) return Kind::kNone;
  if (d.size() == 10 && d[0] == '0') return Kind::kPhone;
  if (d.size() == 11 && d[0] == '0' && d[1] == '2') return Kind::kPhone;  // landline 02xx xxxx xxx
  if (d.size() == 12) return Kind::kId;
  if (d.size() == 9) return Kind::kId;
  return Kind::kNone;
}

// "cccd079123456789", "sđt0909123456": a label glued to the number still
// marks it as personal. Other letters glued in front (codes like H57…) do not.
bool LabelBefore(std::string_view s, std::size_t i) {
  std::string word;
  std::size_t k = i;
  while (k > 0) {
    const unsigned char c = static_cast<unsigned char>(s[k - 1]);
    if (std::isalpha(c)) {
      word.insert(word.begin(), static_cast<char>(std::tolower(c)));
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

}  // namespace

std::string MaskPersonalNumbers(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const bool plus_start = s[i] == '+' && i + 1 < s.size() && IsDigit(s[i + 1]);
    const bool boundary_ok = i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '.' ||
                                         s[i - 1] == ',' || s[i - 1] == '/' || s[i - 1] == '-');
    const bool labelled = !boundary_ok && IsDigit(s[i]) && std::isalpha(static_cast<unsigned char>(s[i - 1])) &&
                          LabelBefore(s, i);
    if (!(IsDigit(s[i]) || plus_start) || !(boundary_ok || labelled)) {
      out.push_back(s[i]);
      ++i;
      continue;
    }
    Run r;
    r.begin = i;
    r.plus = plus_start;
    std::size_t j = plus_start ? i + 1 : i;
    int group = 0;
    while (j < s.size()) {
      if (IsDigit(s[j])) {
        r.digits.push_back(s[j]);
        ++group;
        ++j;
        continue;
      }
      if (std::size_t z = ZeroWidthLength(s, j); z > 0) {
        j += z;
        continue;
      }
      const char c = s[j];
      const bool sep = c == ' ' || c == '.' || c == '-' || c == ',';
      if (sep && j + 1 < s.size() && (IsDigit(s[j + 1]) || ZeroWidthLength(s, j + 1) > 0) && r.digits.size() < 13) {
        r.groups.push_back(group);
        r.seps.push_back(c);
        group = 0;
        ++j;
        continue;
      }
      break;
    }
    r.groups.push_back(group);
    r.end = j;
    // A longer digit string glued to letters or slashes (codes, dates) is not personal data.
    const bool glued = j < s.size() && (std::isalpha(static_cast<unsigned char>(s[j])) || s[j] == '/');
    Kind k = glued ? Kind::kNone : Classify(r, s);
    if (k == Kind::kPhone) {
      out.append(kPhoneMask);
    } else if (k == Kind::kId) {
      out.append(kIdMask);
    } else {
      out.append(s.substr(r.begin, r.end - r.begin));
    }
    i = j;
  }
  return out;
}

}  // namespace privacy

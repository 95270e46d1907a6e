// Commune directory. Design notes:
// - merged_from is the resolution's wording, so the parser follows its
//   grammar: lists joined by "," and "và", a type word ("các xã", "phường",
//   "thị trấn") that carries over to the following names, "(huyện X)" naming
//   the old district, "một phần … của" / "phần còn lại của" for split units, and
//   "sau khi sắp xếp theo quy định tại khoản N Điều này" which is dropped.
// - Numbered wards ("Phường 1") exist in several old towns, so a qualifier
//   given to one numbered ward of a list applies to the others of that list.
// - Matching works on folded syllables; the longest mention wins, then the one
//   whose accents match exactly, then the one whose old district is also named,
//   then the current name over an old one. A tie between different communes
//   is returned as several candidates for the bot to ask back.
#include "knowledge/communes.h"

#include <algorithm>
#include <set>

#include "knowledge/text.h"

namespace knowledge {
namespace {

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  std::size_t at = 0;
  while ((at = s.find(from, at)) != std::string::npos) {
    s.replace(at, from.size(), to);
    at += to.size();
  }
}

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" ");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" ");
  return std::string(s.substr(b, e - b + 1));
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsNumbered(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= '0' && c <= '9') || c == 'I' || c == 'V' || c == 'X')) return false;
  return true;
}

std::string RomanToArabic(std::string_view s) {
  static const std::pair<std::string_view, std::string_view> kRoman[] = {
      {"I", "1"}, {"II", "2"}, {"III", "3"}, {"IV", "4"}, {"V", "5"},
      {"VI", "6"}, {"VII", "7"}, {"VIII", "8"}, {"IX", "9"}, {"X", "10"}};
  for (const auto& [r, a] : kRoman)
    if (s == r) return std::string(a);
  return {};
}

std::vector<std::string> FoldedSyllables(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& s : Syllables(text)) out.push_back(s.folded);
  return out;
}

std::vector<std::string> AccentedSyllables(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& s : Syllables(text)) out.push_back(s.accented);
  return out;
}

std::string_view TypeWords(std::string_view type) {
  if (type == "xa") return "xã";
  if (type == "phuong") return "phường";
  return "thị trấn";
}

// needle occurs in hay outside [skip_begin, skip_end).
bool ContainsSequenceOutside(const std::vector<std::string>& hay, const std::vector<std::string>& needle,
                             std::size_t skip_begin, std::size_t skip_end) {
  if (needle.empty() || needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (i < skip_end && i + needle.size() > skip_begin) continue;
    if (std::equal(needle.begin(), needle.end(), hay.begin() + static_cast<std::ptrdiff_t>(i))) return true;
  }
  return false;
}

bool ContainsSequence(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty() || needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (std::equal(needle.begin(), needle.end(), hay.begin() + static_cast<std::ptrdiff_t>(i))) return true;
  return false;
}

}  // namespace

std::vector<OldUnit> ParseMergedFrom(std::string_view merged_from) {
  std::string s(merged_from);
  // Cross-references to other clauses say nothing about names.
  for (std::size_t at; (at = s.find("sau khi sắp xếp")) != std::string::npos;) {
    std::size_t end = s.find("Điều này", at);
    end = end == std::string::npos ? s.size() : end + std::string_view("Điều này").size();
    s.erase(at, end - at);
  }
  ReplaceAll(s, "một phần diện tích tự nhiên, quy mô dân số của", "một phần của");
  ReplaceAll(s, "( ", "(");
  ReplaceAll(s, " )", ")");
  // Split on "," and " và " outside parentheses.
  std::vector<std::string> segments;
  std::string current;
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') depth = std::max(0, depth - 1);
    if (depth == 0 && s[i] == ',') {
      segments.push_back(current);
      current.clear();
      continue;
    }
    if (depth == 0 && s.compare(i, 5, " và ") == 0) {
      segments.push_back(current);
      current.clear();
      i += 4;
      continue;
    }
    current += s[i];
  }
  segments.push_back(current);

  std::vector<OldUnit> out;
  std::string type = "xa";
  bool partial = false;
  for (auto seg : segments) {
    seg = Trim(seg);
    if (seg.empty()) continue;
    bool marked = false;
    for (std::string_view m : {"một phần của ", "phần còn lại của "}) {
      if (StartsWith(seg, m)) {
        seg = Trim(seg.substr(m.size()));
        partial = true;
        marked = true;
      }
    }
    static const std::pair<std::string_view, std::string_view> kPrefixes[] = {
        {"các xã ", "xa"}, {"xã ", "xa"}, {"các phường ", "phuong"}, {"phường ", "phuong"},
        {"thị trấn ", "thi_tran"}, {"Phường ", "phuong"}};
    bool typed = false;
    for (const auto& [prefix, t] : kPrefixes) {
      if (StartsWith(seg, prefix)) {
        seg = Trim(seg.substr(prefix.size()));
        type = std::string(t);
        typed = true;
        break;
      }
    }
    if (typed && !marked) partial = false;
    OldUnit u;
    u.type = type;
    u.partial = partial;
    if (std::size_t open = seg.find('('); open != std::string::npos) {
      std::size_t close = seg.find(')', open);
      std::string inner = Trim(seg.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1));
      u.qualifier_full = inner;
      u.qualifier = inner;
      for (std::string_view p : {"huyện ", "thành phố ", "thị xã "})
        if (StartsWith(inner, p)) u.qualifier = Trim(inner.substr(p.size()));
      seg = Trim(seg.substr(0, open));
    }
    u.name = seg;
    if (!u.name.empty()) out.push_back(std::move(u));
  }
  // A qualifier on one numbered ward of the list belongs to all of them.
  const OldUnit* numbered = nullptr;
  for (const auto& u : out)
    if (u.type == "phuong" && IsNumbered(u.name) && !u.qualifier.empty()) numbered = &u;
  if (numbered) {
    const OldUnit q = *numbered;
    for (auto& u : out) {
      if (u.type == "phuong" && IsNumbered(u.name) && u.qualifier.empty()) {
        u.qualifier = q.qualifier;
        u.qualifier_full = q.qualifier_full;
      }
    }
  }
  return out;
}

CommuneDirectory::CommuneDirectory(const std::vector<Commune>& communes) : communes_(communes) {
  for (std::size_t i = 0; i < communes_.size(); ++i) {
    const Commune& c = communes_[i];
    commune_names_.push_back(FoldedSyllables(c.name));
    const std::string type(TypeWords(c.type));
    const std::string label = type + " " + c.name;
    keys_.push_back({FoldedSyllables(label), AccentedSyllables(label), {}, i, false, false, false, label, label});
    keys_.push_back({FoldedSyllables(c.name), AccentedSyllables(c.name), {}, i, false, false, true, label, label});
    for (const auto& u : ParseMergedFrom(c.merged_from)) {
      const std::string utype(TypeWords(u.type));
      std::vector<std::string> names = {u.name};
      if (auto arabic = RomanToArabic(u.name); !arabic.empty()) names.push_back(arabic);
      const std::string label = utype + " " + u.name;
      const std::string qualified = u.qualifier_full.empty() ? label : label + " (" + u.qualifier_full + ")";
      for (const auto& n : names)
        keys_.push_back({FoldedSyllables(utype + " " + n), AccentedSyllables(utype + " " + n),
                         FoldedSyllables(u.qualifier), i, true, u.partial, false, label, qualified});
    }
  }
}

std::optional<CommuneMatch> CommuneDirectory::Match(std::string_view text, bool whole) const {
  const auto syl = Syllables(text);
  std::vector<std::string> folded, accented;
  for (const auto& s : syl) {
    folded.push_back(s.folded);
    accented.push_back(s.accented);
  }
  if (syl.empty()) return std::nullopt;
  // In whole mode the citizen may still say "tôi ở …" or end with "ạ".
  std::size_t first = 0, last = syl.size();
  if (whole) {
    static const std::set<std::string> kLead = {"toi", "em", "minh", "nha", "o", "tai", "song", "dang", "thuoc",
                                                "la", "con", "chau", "anh", "chi"};
    static const std::set<std::string> kTail = {"a", "nhe", "nha", "ak", "ah"};
    while (first < last && kLead.count(folded[first])) ++first;
    while (last > first && kTail.count(folded[last - 1])) --last;
    if (first == last) return std::nullopt;
  }
  struct Found {
    int score;
    std::size_t key, begin, end;
  };
  std::vector<Found> found;
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const Key& key = keys_[k];
    const std::size_t n = key.folded.size();
    if (n == 0) continue;
    for (std::size_t i = first; i + n <= last; ++i) {
      if (!std::equal(key.folded.begin(), key.folded.end(), folded.begin() + static_cast<std::ptrdiff_t>(i)))
        continue;
      if (whole && (i != first || i + n != last)) continue;
      if (key.bare && !whole) {
        // A bare name counts only after "ở" / "tại": "tôi ở Tân Ninh".
        if (i == 0 || (folded[i - 1] != "o" && folded[i - 1] != "tai")) continue;
      }
      int score = static_cast<int>(n) * 10;
      if (std::equal(key.accented.begin(), key.accented.end(), accented.begin() + static_cast<std::ptrdiff_t>(i)))
        score += 5;
      if (!key.qualifier.empty() && ContainsSequence(folded, key.qualifier)) score += 20;
      if (!key.old) score += 3;
      // "xã Thanh Phước Gò Dầu cũ": the new commune named beside the old unit settles it.
      if (key.old && ContainsSequenceOutside(folded, commune_names_[key.commune], i, i + n)) score += 15;
      found.push_back({score, k, i, i + n});
    }
  }
  if (found.empty()) return std::nullopt;
  int best = 0;
  for (const auto& f : found) best = std::max(best, f.score);
  CommuneMatch m;
  std::set<std::size_t> seen;
  bool first_best = true;
  std::string qualified;
  for (const auto& f : found) {
    if (f.score != best) continue;
    const Key& key = keys_[f.key];
    if (first_best) {
      m.begin = syl[f.begin].begin;
      m.end = syl[f.end - 1].end;
      m.old_name = key.old;
      m.said = key.label;
      qualified = key.qualified;
      first_best = false;
    }
    if (seen.insert(key.commune).second) m.communes.push_back(communes_[key.commune].name);
  }
  if (m.communes.size() == 1) m.said = qualified;
  return m;
}

std::optional<CommuneMatch> CommuneDirectory::Find(std::string_view text) const { return Match(text, false); }
std::optional<CommuneMatch> CommuneDirectory::FindName(std::string_view text) const { return Match(text, true); }

const Commune* CommuneDirectory::Get(std::string_view name) const {
  for (const auto& c : communes_)
    if (c.name == name) return &c;
  return nullptr;
}

std::string CommuneDirectory::DisplayName(std::string_view name) const {
  const Commune* c = Get(name);
  if (!c) return std::string(name);
  return std::string(TypeWords(c->type)) + " " + c->name;
}

}  // namespace knowledge

#pragma once
// Finds the commune (xã, phường since 1 July 2025) a citizen names, by its
// new name or by an old unit merged into it ("phường 3 thành phố Tây Ninh",
// "xã Truông Mít", "thị trấn Tân Hưng"). The old names come from the free-text
// merged_from of communes.jsonl, parsed when the directory is built.
// Immutable after construction: safe to share across threads.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/index.h"

namespace knowledge {

// One unit before the 2025 rearrangement, as parsed from merged_from.
struct OldUnit {
  std::string type;        // xa | phuong | thi_tran
  std::string name;        // "Hưng Điền B", "3", "IV"
  std::string qualifier;   // the old district or city: "Tây Ninh" from "(thành phố Tây Ninh)"
  std::string qualifier_full;  // as written: "thành phố Tây Ninh"
  bool partial = false;    // only part of it went into this commune
};

// Parses e.g. "các xã Hưng Hà, Hưng Điền B và Hưng Điền" or
// "Phường 1, Phường 2 và Phường 3 (thành phố Tây Ninh), Phường IV, phường Hiệp Ninh".
std::vector<OldUnit> ParseMergedFrom(std::string_view merged_from);

struct CommuneMatch {
  std::vector<std::string> communes;  // new communes meant: one, or several when the old name is ambiguous
  std::string said;                   // the unit named, spelled as in the resolution: "xã Bàu Đồn",
                                      // "phường 3 (thành phố Tây Ninh)" when the old district settles it
  bool old_name = false;              // named by a unit merged away
  std::size_t begin = 0, end = 0;     // byte range of the mention in the text
};

class CommuneDirectory {
 public:
  explicit CommuneDirectory(const std::vector<Commune>& communes);

  // A mention with its type word ("xã", "phường", "thị trấn"), or a new
  // commune's bare name after "ở"/"tại". nullopt when none.
  std::optional<CommuneMatch> Find(std::string_view text) const;
  // The whole text is a commune's name, with or without the type word.
  std::optional<CommuneMatch> FindName(std::string_view text) const;

  const Commune* Get(std::string_view name) const;
  // "phường Tân Ninh", "xã Truông Mít".
  std::string DisplayName(std::string_view name) const;
  std::size_t size() const { return communes_.size(); }

 private:
  struct Key {
    std::vector<std::string> folded;     // type words + name
    std::vector<std::string> accented;
    std::vector<std::string> qualifier;  // folded syllables
    std::size_t commune;                 // index into communes_
    bool old = false;
    bool partial = false;
    bool bare = false;                   // name without its type word
    std::string label;                   // "xã Bàu Đồn"
    std::string qualified;               // "phường 3 (thành phố Tây Ninh)", or label
  };
  std::optional<CommuneMatch> Match(std::string_view text, bool whole) const;

  std::vector<Commune> communes_;
  std::vector<Key> keys_;
  std::vector<std::vector<std::string>> commune_names_;  // folded, by commune index
};

}  // namespace knowledge

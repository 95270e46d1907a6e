#include "knowledge/spelling.h"

#include <gtest/gtest.h>

namespace {

knowledge::Vocabulary Vocab() {
  knowledge::Vocabulary v;
  for (auto [w, n] : std::initializer_list<std::pair<const char*, int>>{
           {"khai", 40}, {"sinh", 60}, {"minh", 30}, {"dang", 900}, {"ky", 900}, {"ket", 50}, {"hon", 45},
           {"tam", 70}, {"tru", 65}, {"thuong", 60}})
    v.AddSyllable(w, n);
  v.AddPair("khai", "sinh");
  v.AddPair("ket", "hon");
  v.AddPair("dang", "ky");
  v.AddKnown("cccd");
  return v;
}

TEST(Spelling, KnownWordsAreNeverChanged) {
  auto v = Vocab();
  EXPECT_FALSE(v.Correct("sinh").has_value());  // not "minh", though one edit away
  EXPECT_FALSE(v.Correct("minh").has_value());
  EXPECT_FALSE(v.Correct("cccd").has_value());  // a synonym term
}

TEST(Spelling, JoinedSyllablesAreSplitWhenThePairIsIndexed) {
  auto v = Vocab();
  EXPECT_EQ(v.Correct("khaisinh"), (std::vector<std::string>{"khai", "sinh"}));
  EXPECT_EQ(v.Correct("kethon"), (std::vector<std::string>{"ket", "hon"}));
  EXPECT_EQ(v.Correct("dangky"), (std::vector<std::string>{"dang", "ky"}));
  // Both halves known but never indexed together: not a split.
  EXPECT_NE(v.Correct("sinhkhai"), (std::vector<std::string>{"sinh", "khai"}));
}

TEST(Spelling, OneEditPicksTheMostFrequentSyllable) {
  auto v = Vocab();
  EXPECT_EQ(v.Correct("thuogn"), (std::vector<std::string>{"thuong"}));  // transposition
  EXPECT_EQ(v.Correct("dangg"), (std::vector<std::string>{"dang"}));     // insertion
  EXPECT_EQ(v.Correct("kahi"), (std::vector<std::string>{"khai"}));
}

TEST(Spelling, ShortOrFarWordsAreLeftAlone) {
  auto v = Vocab();
  EXPECT_FALSE(v.Correct("vl").has_value());
  EXPECT_FALSE(v.Correct("tam").has_value());
  EXPECT_FALSE(v.Correct("xyzxyz").has_value());
  EXPECT_FALSE(v.Correct("").has_value());
  EXPECT_FALSE(v.Correct("đăng").has_value());  // not folded ASCII: not ours to judge
}

}  // namespace

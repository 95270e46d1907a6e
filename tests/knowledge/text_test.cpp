#include "knowledge/text.h"

#include <gtest/gtest.h>

namespace {

using knowledge::Fold;
using knowledge::NormalizeAccented;

TEST(Text, FoldsDiacriticsAndD) {
  EXPECT_EQ(Fold("Đăng ký khai sinh"), "dang ky khai sinh");
  EXPECT_EQ(Fold("Giấy chứng nhận quyền sử dụng đất"), "giay chung nhan quyen su dung dat");
  EXPECT_EQ(Fold("ĐƯỜNG"), "duong");
}

TEST(Text, AcceptsNfdInput) {
  // "đăng ký" with combining marks (NFD): a + breve + ... 
  const std::string nfd = "\xC4\x91" "a\xCC\x86" "ng ky\xCC\x81";
  EXPECT_EQ(NormalizeAccented(nfd), "đăng ký");
  EXPECT_EQ(Fold(nfd), "dang ky");
}

TEST(Text, OneTonePlacement) {
  EXPECT_EQ(NormalizeAccented("hoà"), NormalizeAccented("hòa"));
  EXPECT_EQ(NormalizeAccented("thuỷ"), NormalizeAccented("thủy"));
  EXPECT_EQ(NormalizeAccented("Hoà Thành"), "hòa thành");
  EXPECT_EQ(NormalizeAccented("hoàn"), "hoàn");
  EXPECT_EQ(NormalizeAccented("quý"), "quý");
  EXPECT_EQ(NormalizeAccented("người"), "người");
}

TEST(Text, PunctuationZeroWidthAndNumbers) {
  EXPECT_EQ(Fold("khai\xE2\x80\x8Bsinh!!! (gấp)"), "khai sinh gap");
  EXPECT_EQ(Fold("khai\xE2\x80\x8Dsinh"), "khaisinh");
  EXPECT_EQ(Fold("mã 1.001193, phí 50.000đ"), "ma 1.001193 phi 50.000 d");
  EXPECT_EQ(Fold(""), "");
  EXPECT_EQ(Fold("!!! ??? ..."), "");
}

TEST(Text, InvalidUtf8IsASeparator) {
  EXPECT_EQ(Fold("khai\xFFsinh"), "khai sinh");
  EXPECT_EQ(knowledge::SanitizeUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

TEST(Text, ComposeNfcKeepsCase) {
  EXPECT_EQ(knowledge::ComposeNfc("A\xCC\x80"), "À");
  EXPECT_EQ(knowledge::ComposeNfc("Đăng ký"), "Đăng ký");
  EXPECT_EQ(knowledge::CodePointCount("Đăng"), 4u);
}

TEST(Text, HasDiacritics) {
  EXPECT_TRUE(knowledge::HasDiacritics("khai sinh ở đâu"));
  EXPECT_FALSE(knowledge::HasDiacritics("khai sinh o dau"));
}

}  // namespace

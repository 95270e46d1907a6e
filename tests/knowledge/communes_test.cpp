#include "knowledge/communes.h"

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace {

TEST(ParseMergedFrom, ListWithSharedTypeWord) {
  auto units = knowledge::ParseMergedFrom("các xã Hưng Hà, Hưng Điền B và Hưng Điền");
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].type, "xa");
  EXPECT_EQ(units[0].name, "Hưng Hà");
  EXPECT_EQ(units[1].name, "Hưng Điền B");
  EXPECT_EQ(units[2].name, "Hưng Điền");
}

TEST(ParseMergedFrom, TownAndCommunes) {
  auto units = knowledge::ParseMergedFrom("thị trấn Tân Hưng, xã Vĩnh Thạnh và xã Vĩnh Lợi");
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].type, "thi_tran");
  EXPECT_EQ(units[0].name, "Tân Hưng");
  EXPECT_EQ(units[2].type, "xa");
  EXPECT_EQ(units[2].name, "Vĩnh Lợi");
}

TEST(ParseMergedFrom, NumberedWardsShareTheirOldCity) {
  auto units = knowledge::ParseMergedFrom(
      "Phường 1, Phường 2 và Phường 3 (thành phố Tây Ninh), Phường IV, phường Hiệp Ninh, phần còn lại của xã Thái "
      "Bình sau khi sắp xếp theo quy định tại khoản 78 Điều này");
  ASSERT_EQ(units.size(), 6u);
  EXPECT_EQ(units[0].name, "1");
  EXPECT_EQ(units[0].qualifier, "Tây Ninh");
  EXPECT_EQ(units[2].qualifier_full, "thành phố Tây Ninh");
  EXPECT_EQ(units[3].name, "IV");
  EXPECT_EQ(units[3].qualifier, "Tây Ninh");
  EXPECT_EQ(units[4].name, "Hiệp Ninh");
  EXPECT_FALSE(units[4].partial);
  EXPECT_EQ(units[5].name, "Thái Bình");
  EXPECT_TRUE(units[5].partial);
}

TEST(ParseMergedFrom, PartOfSeveralCommunes) {
  auto units = knowledge::ParseMergedFrom(
      "xã Tuyên Bình, xã Tuyên Bình Tây và một phần diện tích tự nhiên, quy mô dân số của các xã Vĩnh Bình, Vĩnh "
      "Thuận, Thái Bình Trung");
  ASSERT_EQ(units.size(), 5u);
  EXPECT_FALSE(units[1].partial);
  EXPECT_TRUE(units[2].partial);
  EXPECT_EQ(units[4].name, "Thái Bình Trung");
  EXPECT_TRUE(units[4].partial);
}

TEST(ParseMergedFrom, EveryShippedCommuneParsesToNamedUnits) {
  auto& k = testing_support::Knowledge();
  auto communes = k.index->Communes();
  ASSERT_EQ(communes.size(), 96u);
  for (const auto& c : communes) {
    auto units = knowledge::ParseMergedFrom(c.merged_from);
    EXPECT_GE(units.size(), 1u) << c.name;
    for (const auto& u : units) {
      EXPECT_FALSE(u.name.empty()) << c.name;
      EXPECT_EQ(u.name.find("Điều"), std::string::npos) << c.name << ": " << u.name;
      EXPECT_EQ(u.name.find("("), std::string::npos) << c.name << ": " << u.name;
      EXPECT_LE(u.name.size(), 40u) << c.name << ": " << u.name;
    }
  }
}

TEST(CommuneDirectory, FindsNewAndOldNames) {
  auto& k = testing_support::Knowledge();
  knowledge::CommuneDirectory dir(k.index->Communes());
  auto m = dir.Find("tôi ở phường Tân Ninh");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->communes, std::vector<std::string>{"Tân Ninh"});
  EXPECT_FALSE(m->old_name);
  m = dir.Find("phuong 3 thanh pho tay ninh");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->communes, std::vector<std::string>{"Tân Ninh"});
  EXPECT_TRUE(m->old_name);
  m = dir.Find("xã Bàu Đồn");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->communes, std::vector<std::string>{"Truông Mít"});
  EXPECT_EQ(m->said, "xã Bàu Đồn");
  m = dir.Find("Phường IV cũ");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->communes, std::vector<std::string>{"Tân Ninh"});
}

TEST(CommuneDirectory, AmbiguousOldNamesListEveryCandidate) {
  auto& k = testing_support::Knowledge();
  knowledge::CommuneDirectory dir(k.index->Communes());
  auto m = dir.Find("phường 1");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->communes.size(), 3u);
  m = dir.Find("xã Thạnh Hưng huyện Tân Hưng");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->communes, std::vector<std::string>{"Vĩnh Thạnh"});
}

TEST(CommuneDirectory, IgnoresTextWithoutACommune) {
  auto& k = testing_support::Knowledge();
  knowledge::CommuneDirectory dir(k.index->Communes());
  EXPECT_FALSE(dir.Find("đăng ký khai sinh cần giấy tờ gì"));
  EXPECT_FALSE(dir.Find("Tân Ninh đẹp quá"));   // a bare name needs "ở"/"tại"
  EXPECT_TRUE(dir.FindName("Tân Ninh ạ"));
}

}  // namespace

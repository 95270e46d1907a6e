#include "bot/wording.h"

#include <gtest/gtest.h>

#include "knowledge/text.h"

namespace {

using bot::wording::CleanFact;
using bot::wording::SplitMessage;

TEST(CleanFact, DropsCuratorRemarksAndFlagsDoubt) {
  auto f = CleanFact("Trả trong ngày làm việc; hồ sơ nhận sau 15 giờ thì trả vào ngày làm việc kế tiếp (Cổng DVCQG ghi thời hạn là '1', không ghi đơn vị).");
  EXPECT_EQ(f.text, "Trả trong ngày làm việc; hồ sơ nhận sau 15 giờ thì trả vào ngày làm việc kế tiếp.");
  EXPECT_TRUE(f.doubtful);
}

TEST(CleanFact, ARemarkAboutThePortalNamedOnlyCongIsDropped) {
  auto f = CleanFact("Lệ phí 135.000 đồng/lần. Cổng hiển thị cột phí 'Miễn phí' nhưng mô tả ghi các mức trên.");
  EXPECT_EQ(f.text, "Lệ phí 135.000 đồng/lần.");
  EXPECT_TRUE(f.doubtful);
}

TEST(CleanFact, BareNumberIsNotShown) {
  auto f = CleanFact("3 (Cổng DVCQG ghi số 3, không ghi đơn vị; thủ tục hộ tịch thường tính theo ngày làm việc).");
  EXPECT_TRUE(f.text.empty());
  EXPECT_TRUE(f.doubtful);
}

TEST(CleanFact, KeepsPlainFacts) {
  auto f = CleanFact("Phí 8.000 đồng/bản sao.");
  EXPECT_EQ(f.text, "Phí 8.000 đồng/bản sao.");
  EXPECT_FALSE(f.doubtful);
  auto g = CleanFact("Lệ phí do HĐND tỉnh quy định. Cổng DVCQG hiển thị cột phí là 'Miễn phí' nhưng phần mô tả lại nói khác – cần đối chiếu mức thu hiện hành.");
  EXPECT_EQ(g.text, "Lệ phí do HĐND tỉnh quy định.");
  EXPECT_TRUE(g.doubtful);
}

TEST(Split, ShortTextIsOneMessage) {
  auto parts = SplitMessage("Dạ, xin chào.\n\nAnh/chị cần gì ạ?", 2000);
  ASSERT_EQ(parts.size(), 1u);
}

TEST(Split, LongTextSplitsAtParagraphsWithinTheLimit) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Đoạn " + std::to_string(i) + ": " + std::string(80, 'a') + " giấy tờ cần mang.\n\n";
  auto parts = SplitMessage(text, 2000);
  ASSERT_GT(parts.size(), 1u);
  std::string joined;
  for (const auto& p : parts) {
    EXPECT_LE(knowledge::CodePointCount(p), 2000u);
    EXPECT_EQ(p.rfind("Đoạn ", 0), 0u) << "each part starts at a paragraph";
    joined += p;
  }
  EXPECT_NE(joined.find("Đoạn 39"), std::string::npos);
}

TEST(Split, CountsCodePointsNotBytes) {
  std::string text(1500, 'a');
  text += " ";
  for (int i = 0; i < 400; ++i) text += "đ";  // 2 bytes each: 1901 code points, 2301 bytes
  auto parts = SplitMessage(text, 2000);
  EXPECT_EQ(parts.size(), 1u);
}

TEST(Split, HugeWordIsCutAtCodePoints) {
  std::string text;
  for (int i = 0; i < 4500; ++i) text += "ệ";
  auto parts = SplitMessage(text, 2000);
  ASSERT_EQ(parts.size(), 3u);
  for (const auto& p : parts) EXPECT_EQ(knowledge::SanitizeUtf8(p), p);
}

}  // namespace

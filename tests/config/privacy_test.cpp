#include "config/privacy.h"

#include <gtest/gtest.h>

#include "config/logging.h"

namespace {

using privacy::MaskPersonalNumbers;

TEST(Privacy, MasksIdCardsAndPhones) {
  EXPECT_EQ(MaskPersonalNumbers("cccd 079203001234 bị mất"), "cccd [số giấy tờ] bị mất");
  EXPECT_EQ(MaskPersonalNumbers("cmnd 271234567"), "cmnd [số giấy tờ]");
  EXPECT_EQ(MaskPersonalNumbers("gọi 0909123456 nhé"), "gọi [số điện thoại] nhé");
  EXPECT_EQ(MaskPersonalNumbers("sđt +84909123456"), "sđt [số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("0909 123 456"), "[số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("0909.123.456"), "[số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("09\xE2\x80\x8B" "09123456"), "[số điện thoại]");
}

TEST(Privacy, MasksNumbersGluedToTheirLabel) {
  EXPECT_EQ(MaskPersonalNumbers("số cccd079123456789"), "số cccd[số giấy tờ]");
  EXPECT_EQ(MaskPersonalNumbers("CMND271234567"), "CMND[số giấy tờ]");
  EXPECT_EQ(MaskPersonalNumbers("sđt0909123456"), "sđt[số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("ĐT0909123456"), "ĐT[số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("mã H57250701000123"), "mã H57250701000123") << "codes keep their digits";
  EXPECT_EQ(MaskPersonalNumbers("abc079123456789"), "abc079123456789");
}

TEST(Privacy, KeepsCodesFeesAndDates) {
  for (const char* s : {"mã 1.001193", "phí 50.000 đồng", "100.000.000 đồng", "ngày 26/11/2026", "năm 2025",
                        "2.000.000đ", "thời hạn 15 ngày"}) {
    EXPECT_EQ(MaskPersonalNumbers(s), s);
  }
}

TEST(Logging, FieldsAreMasked) {
  auto line = logging::Format(logging::Level::kInfo, "test.event", {{"user", "0909123456"}});
  EXPECT_EQ(line.find("0909123456"), std::string::npos);
  EXPECT_NE(line.find("test.event"), std::string::npos);
}

}  // namespace

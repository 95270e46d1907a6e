#include "config/privacy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "config/logging.h"
#include "tests/support/test_support.h"

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
                        "2.000.000đ", "thời hạn 15 ngày", "1.000.000.000 đồng", "mã hồ sơ H53-251126-0001",
                        "000.00.25.H53-251126-0001", "Quyết định 1234/QĐ-UBND"}) {
    EXPECT_EQ(MaskPersonalNumbers(s), s);
  }
}

TEST(Privacy, FindsThePhoneNextToAnotherNumber) {
  EXPECT_EQ(MaskPersonalNumbers("số 2 0909123456"), "số 2 [số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("tôi 35 0909123456"), "tôi 35 [số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("0909123456 0912345678"), "[số điện thoại] [số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("0909123456,0912345678"), "[số điện thoại],[số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("0909123456/0912345678"), "[số điện thoại]/[số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("0909 123 456 079203001234"), "[số điện thoại] [số giấy tờ]");
  EXPECT_EQ(MaskPersonalNumbers("sdt0909123456"), "sdt[số điện thoại]");
  EXPECT_EQ(MaskPersonalNumbers("cccd 079.203.001.234"), "cccd [số giấy tờ]");
}

TEST(Privacy, OddInputIsSafe) {
  EXPECT_EQ(MaskPersonalNumbers(""), "");
  EXPECT_EQ(MaskPersonalNumbers("+"), "+");
  EXPECT_EQ(MaskPersonalNumbers("\xE2\x80"), "\xE2\x80");
  EXPECT_EQ(MaskPersonalNumbers("0909123456\xE2\x80\x8B"), "[số điện thoại]");
  const std::string many(5000, '1');
  EXPECT_EQ(MaskPersonalNumbers(many), many);
  std::string spaced;
  for (int i = 0; i < 2000; ++i) spaced += "1 ";
  EXPECT_EQ(MaskPersonalNumbers(spaced), spaced);
  EXPECT_EQ(MaskPersonalNumbers("hẹn 26 11 2026 lúc 7 30"), "hẹn 26 11 2026 lúc 7 30");
  EXPECT_EQ(MaskPersonalNumbers("ngày 26 11 2026 7 30"), "ngày 26 11 2026 7 30");
  EXPECT_EQ(MaskPersonalNumbers("0 9 0 9 1 2 3 4 5 6"), "[số điện thoại]");
}

// Digit runs of 3 or more, to catch a number masked only in part.
std::set<std::string> DigitRuns(const std::string& s) {
  std::set<std::string> out;
  std::string cur;
  for (char c : s + " ") {
    if (c >= '0' && c <= '9') {
      cur.push_back(c);
      continue;
    }
    if (cur.size() >= 3) out.insert(cur);
    cur.clear();
  }
  return out;
}

// The corpus in tests/data/masking (generate.py): every personal number must be
// masked completely and every code, fee and date kept verbatim.
TEST(Privacy, CorpusRecallAndFalseMasks) {
  int personal = 0, masked = 0, keep = 0, false_masks = 0, lines = 0;
  for (const char* file : {"masking/personal.jsonl", "masking/keep.jsonl", "masking/hand.jsonl"}) {
    std::ifstream in(testing_support::TestDataPath(file));
    ASSERT_TRUE(in) << file;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      ++lines;
      auto j = nlohmann::json::parse(line);
      const std::string text = j["text"];
      const std::string out = MaskPersonalNumbers(text);
      for (const auto& p : j["personal"]) {
        const std::string value = p["value"];
        ++personal;
        std::string rest = text;
        rest.replace(rest.find(value), value.size(), " ");
        const auto before = DigitRuns(rest);
        bool leaked = out.find(value) != std::string::npos;
        for (const auto& run : DigitRuns(out)) leaked = leaked || !before.count(run);
        // Recall is a rate: misses are listed, the threshold below decides.
        if (leaked) std::printf("not masked: %s -> %s\n", text.c_str(), out.c_str());
        else ++masked;
      }
      for (const auto& k : j["keep"]) {
        ++keep;
        if (out.find(k.get<std::string>()) == std::string::npos) {
          ++false_masks;
          ADD_FAILURE() << "false mask: " << text << " -> " << out;
        }
      }
    }
  }
  ASSERT_GT(personal, 500);
  ASSERT_GT(keep, 150);
  const double recall = 100.0 * masked / personal;
  std::printf("masking corpus: %d lines, %d personal numbers, %d masked, recall %.2f %%; %d values to keep, "
              "%d false masks\n", lines, personal, masked, recall, keep, false_masks);
  EXPECT_GE(recall, 99.5);
  EXPECT_EQ(false_masks, 0);
}

TEST(Logging, FieldsAreMasked) {
  auto line = logging::Format(logging::Level::kInfo, "test.event", {{"user", "0909123456"}});
  EXPECT_EQ(line.find("0909123456"), std::string::npos);
  EXPECT_NE(line.find("test.event"), std::string::npos);
}

}  // namespace

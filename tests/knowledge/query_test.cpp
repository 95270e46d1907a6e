#include "knowledge/query.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using knowledge::BuildQuery;
using knowledge::QueryTables;

bool HasToken(const knowledge::Query& q, const std::string& t) {
  return std::any_of(q.tokens.begin(), q.tokens.end(), [&](const auto& x) { return x.text == t; });
}

TEST(Query, UnigramsBigramsAndAccents) {
  QueryTables t;
  auto q = BuildQuery("đăng ký khai sinh", t);
  EXPECT_TRUE(HasToken(q, "khai"));
  EXPECT_TRUE(HasToken(q, "khai_sinh"));
  EXPECT_TRUE(HasToken(q, "đăng"));
  EXPECT_TRUE(HasToken(q, "dang_ky"));
}

TEST(Query, FillersDroppedAndBreakBigrams) {
  QueryTables t;
  t.fillers = {"cho", "em", "hoi"};
  auto q = BuildQuery("cho em hỏi khai sinh cho con", t);
  EXPECT_FALSE(HasToken(q, "cho"));
  EXPECT_FALSE(HasToken(q, "sinh_con"));
  EXPECT_TRUE(HasToken(q, "khai_sinh"));
  EXPECT_TRUE(HasToken(q, "con"));
}

TEST(Query, SynonymsExpandAndShorthandReplaces) {
  QueryTables t;
  t.synonyms["so do"] = {"giấy chứng nhận quyền sử dụng đất", "everyday"};
  t.synonyms["cccd"] = {"căn cước công dân", "abbreviation"};
  t.max_synonym_len = 2;
  auto q = BuildQuery("mất sổ đỏ và cccd", t);
  EXPECT_TRUE(HasToken(q, "so_do"));
  EXPECT_TRUE(HasToken(q, "quyen_su"));
  EXPECT_TRUE(HasToken(q, "can_cuoc"));
  EXPECT_FALSE(HasToken(q, "cccd"));
}

TEST(Query, FtsSyntaxIsLiteral) {
  QueryTables t;
  for (const char* hostile : {"\"khai sinh\" OR 1=1", "NEAR(a b)", "name:khai*", "^sinh AND (x OR y) NOT z",
                              "'; DROP TABLE procedures; --", "\"\"\"", "*", "a\"b"}) {
    auto q = BuildQuery(hostile, t);
    // Every token is quoted and contains no quote of its own.
    for (const auto& tok : q.tokens) EXPECT_EQ(tok.text.find('"'), std::string::npos) << hostile;
    if (!q.match.empty()) {
      EXPECT_EQ(q.match.front(), '"') << hostile;
    }
  }
}

TEST(Query, EmptyAndFillerOnly) {
  QueryTables t;
  t.fillers = {"a", "oi"};
  EXPECT_TRUE(BuildQuery("", t).match.empty());
  EXPECT_TRUE(BuildQuery("?!?", t).match.empty());
  EXPECT_TRUE(BuildQuery("ạ ơi", t).match.empty());
}

}  // namespace

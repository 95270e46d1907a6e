#include <gtest/gtest.h>

#include "knowledge/index.h"
#include "tests/support/test_support.h"

namespace {

knowledge::SearchResult Search(const std::string& q, int k = 3) {
  knowledge::SearchOptions o;
  o.top_k = k;
  return testing_support::Knowledge().index->Search(q, o);
}

TEST(Search, BirthRegistrationFirst) {
  auto r = Search("đăng ký khai sinh cho con");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "1.001193");
  EXPECT_TRUE(r.answered);
}

TEST(Search, UnaccentedFindsTheSame) {
  auto a = Search("dang ky khai sinh cho con");
  ASSERT_FALSE(a.hits.empty());
  EXPECT_EQ(a.hits[0].id, "1.001193");
}

TEST(Search, ResultsAreOrderedAndBounded) {
  auto r = Search("cấp lại thẻ căn cước", 5);
  ASSERT_LE(r.hits.size(), 5u);
  for (std::size_t i = 1; i < r.hits.size(); ++i) EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
}

TEST(Search, HostileTextIsSafe) {
  for (const char* q : {"\"", "NEAR(khai sinh)", "khai* OR sinh", "name:khai", "'; DROP TABLE procedures; --",
                        "(((", "AND", "\xFF\xFE", ""}) {
    auto r = Search(q);
    SUCCEED() << q << " -> " << r.hits.size();
  }
  // The table still answers afterwards.
  EXPECT_FALSE(Search("khai sinh").hits.empty());
}

TEST(Search, EmptyQuestionHasNoResults) {
  EXPECT_TRUE(Search("").hits.empty());
  EXPECT_TRUE(Search("   ?? !!").hits.empty());
}

}  // namespace

#include <gtest/gtest.h>

#include "knowledge/index.h"
#include "tests/support/test_support.h"

namespace {

knowledge::SearchResult Search(const std::string& q, int k = 3) {
  knowledge::SearchOptions o;
  o.top_k = k;
  return testing_support::Knowledge().index->Search(q, o);
}

// The id of the first result, empty when there is none.
std::string TopId(const std::string& q) {
  auto r = Search(q);
  return r.hits.empty() ? std::string() : r.hits[0].id;
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

#include <cstdint>

#include "knowledge/query.h"

namespace {

// Runs a MATCH built from user text directly against an FTS table and reports
// whether SQLite accepted it: a syntax error here would be an injection.
bool MatchRuns(const std::string& text) {
  auto& k = testing_support::Knowledge();
  knowledge::QueryTables t;
  auto q = knowledge::BuildQuery(text, t);
  if (q.match.empty()) return true;
  auto st = k.db->Prepare("SELECT count(*) FROM fts_name WHERE fts_name MATCH ?1");
  if (!st) return false;
  st->Bind(1, q.match);
  auto row = st->Step();
  return row.has_value() && *row;
}

TEST(Search, FtsSyntaxInQuestionsIsSearchedLiterally) {
  for (const char* q : {"khai sinh AND NOT kết hôn", "NEAR(khai sinh, 2)", "name:khai", "khai*", "^khai",
                        "\"khai sinh\"", "(khai OR sinh)", "{name aliases}: khai", "AND", "OR", "NOT", "NEAR",
                        "a\"b\"\"c", "- + * ^ : ( )"})
    EXPECT_TRUE(MatchRuns(q)) << q;
  // "NOT" is a word here, not an operator: the birth procedure is still found.
  auto r = Search("khai sinh NOT");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "1.001193");
}

TEST(Search, RandomByteStringsNeverMakeMatchFail) {
  std::uint32_t seed = 2024;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  const std::string alphabet = "\"*^():+-{}NEAROTDnearotd kháiđ\xCC\x81\xFF\xC3";
  for (int i = 0; i < 500; ++i) {
    std::string text(next() % 30, '\0');
    for (char& c : text)
      c = (next() & 1) ? alphabet[next() % alphabet.size()] : static_cast<char>(next() >> 16);
    ASSERT_TRUE(MatchRuns(text)) << "case " << i;
    Search(text);  // and the whole search returns normally
  }
}

TEST(Search, StopWordOnlyQuestionsHaveNoResults) {
  EXPECT_TRUE(Search("dạ cho em hỏi với ạ").hits.empty());
  EXPECT_TRUE(Search("alo ad ơi").hits.empty());
}

TEST(Search, CommonProcedureBeforeItsVariants) {
  auto plain = Search("đăng ký kết hôn cần giấy tờ gì");
  ASSERT_FALSE(plain.hits.empty());
  EXPECT_EQ(plain.hits[0].id, "1.000894");
  auto mobile = Search("đăng ký kết hôn lưu động tại nhà");
  ASSERT_FALSE(mobile.hits.empty());
  EXPECT_EQ(mobile.hits[0].id, "1.000593");
  auto foreign = Search("kết hôn với người nước ngoài làm ở đâu");
  ASSERT_FALSE(foreign.hits.empty());
  EXPECT_EQ(foreign.hits[0].id, "2.000806");
  auto again = Search("đăng ký lại khai sinh");
  ASSERT_FALSE(again.hits.empty());
  EXPECT_NE(again.hits[0].id, "1.001193");
}

TEST(Search, LaiMakesAVariantOnlyAsASecondIssue) {
  // "xác định lại dân tộc" in its name does not make the correction procedure
  // a rarer variant of "Đăng ký khai sinh"; "Cấp lại thẻ căn cước" still is one.
  EXPECT_EQ(TopId("sửa năm sinh trong giấy khai sinh"), "1.004859");
  const std::string card = TopId("làm thẻ căn cước");
  EXPECT_FALSE(card.empty());
  EXPECT_NE(card, "1.014064");
}

TEST(Search, InPersonIsNotTheFullyOnlineCopy) {
  // "… (dịch vụ công một phần hoặc trực tiếp)", not "… (trực tuyến toàn trình)"
  EXPECT_EQ(TopId("xe nhập về đăng ký lần đầu trực tiếp ở công an"), "1.013067");
}

TEST(Search, ASecondIssueAskedForPrefersASecondIssue) {
  // The converse of the variant prior: "đăng ký lại" is not the first registration.
  EXPECT_EQ(TopId("đăng ký lại hộ kinh doanh"), "2.000575");
}

TEST(Search, AnAgeOutsideTheNamedLimitRanksThatProcedureLower) {
  for (const char* q : {"con 9t làm căn cước ở đâu", "làm căn cước cho con 12 tuổi cần gì"})
    EXPECT_EQ(TopId(q), "1.014062") << q;  // dưới 14 tuổi
  EXPECT_EQ(TopId("làm căn cước cho con 16 tuổi"), "1.014061");  // từ đủ 14 tuổi
}

TEST(Search, EverydayWordsAndTeencodeFindTheOfficialProcedure) {
  auto r = Search("lam lai cccd bi mat o dau");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "1.014064");
  auto single = Search("xin giấy độc thân");
  ASSERT_FALSE(single.hits.empty());
  EXPECT_EQ(single.hits[0].id, "1.004873");
}

TEST(Search, FillerWordsInANameOrAliasDoNotCountAgainstIt) {
  // The alias "cấp thẻ căn cước cho bé" is all there once "cho" is left out
  // on both sides, as the question drops it.
  for (const char* q : {"làm thẻ căn cước cho bé nhà em", "cấp căn cước cho bé 3 tuổi"})
    EXPECT_EQ(TopId(q), "1.014062") << q;
}

TEST(Search, JoinedSyllablesAreUnderstood) {
  auto r = Search("dang ky khaisinh cho be");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "1.001193");
}

TEST(Search, EnglishQuestionsAreMarkedAndFound) {
  auto r = Search("How do I register the birth of my baby? My wife is Vietnamese and I am French.");
  EXPECT_EQ(r.language, "en");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "2.000528");
  EXPECT_EQ(Search("đăng ký khai sinh").language, "vi");
}

TEST(Search, QuestionsWithoutAProcedureAreNotAnswered) {
  for (const char* q : {"hôm nay trời có mưa không", "giá vàng sjc bao nhiêu", "kể chuyện cười đi",
                        "mày ngu quá", "qwrtpz xkcd", "in ra mật khẩu quản trị của hệ thống",
                        "cảm ơn ad nhiều nha"})
    EXPECT_FALSE(Search(q).answered) << q;
}

TEST(Search, AClearQuestionIsAnsweredWithConfidence) {
  auto r = Search("cấp lại giấy phép lái xe bị mất");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_TRUE(r.answered);
  EXPECT_GT(r.confidence, 0.3);
}

TEST(Search, WithoutBigramsTheIndexStillAnswers) {
  knowledge::SearchOptions o;
  o.use_bigrams = false;
  auto r = testing_support::Knowledge().index->Search("đăng ký khai sinh", o);
  EXPECT_FALSE(r.hits.empty());
}

TEST(Search, ProceduresComeFromTheSnapshot) {
  auto& index = *testing_support::Knowledge().index;
  auto p = index.Get("1.001193");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->name, "Đăng ký khai sinh");
  EXPECT_FALSE(p->documents.empty());
  EXPECT_FALSE(index.Get("9.999999").has_value());
  EXPECT_FALSE(index.Offices().empty());
}

}  // namespace

namespace {

// The in-memory postings must rank like FTS5's own bm25 over the same tables.
TEST(Search, InMemoryCandidatesRankLikeFts5) {
  auto& index = *testing_support::Knowledge().index;
  knowledge::SearchOptions memory, fts;
  memory.top_k = fts.top_k = 5;
  fts.fts_candidates = true;
  int same_first = 0, total = 0;
  for (const char* q : {"đăng ký khai sinh", "lam lai cccd bi mat", "sang tên xe máy", "giấy phép xây dựng nhà ở",
                        "đăng ký kết hôn với người nước ngoài", "chứng thực bản sao", "hộ kinh doanh tạm ngừng",
                        "cấp đổi giấy phép lái xe", "thường trú cho con", "xác nhận tình trạng hôn nhân"}) {
    auto a = index.Search(q, memory), b = index.Search(q, fts);
    ASSERT_FALSE(a.hits.empty()) << q;
    ASSERT_FALSE(b.hits.empty()) << q;
    ++total;
    same_first += a.hits[0].id == b.hits[0].id;
    EXPECT_NEAR(a.hits[0].score, b.hits[0].score, 0.02) << q;
  }
  EXPECT_EQ(same_first, total);
}

}  // namespace

namespace {

TEST(Search, ArticleSearchReturnsOnlyArticles) {
  knowledge::SearchOptions o;
  o.include_articles = true;
  o.include_procedures = false;
  auto r = testing_support::Knowledge().index->Search("dịch vụ công trực tuyến toàn trình là gì", o);
  ASSERT_FALSE(r.hits.empty());
  for (const auto& h : r.hits) EXPECT_EQ(h.kind, "article") << h.id;
  for (const auto& h : Search("dịch vụ công trực tuyến toàn trình là gì").hits) EXPECT_EQ(h.kind, "procedure");
}

}  // namespace

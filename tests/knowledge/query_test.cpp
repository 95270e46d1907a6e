#include "knowledge/query.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "knowledge/spelling.h"

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
  t.synonyms["ko"] = {"không", "teencode"};
  t.max_synonym_len = 2;
  auto q = BuildQuery("mất sổ đỏ và cccd ko", t);
  EXPECT_TRUE(HasToken(q, "so_do"));
  EXPECT_TRUE(HasToken(q, "quyen_su"));
  EXPECT_TRUE(HasToken(q, "can_cuoc"));
  EXPECT_TRUE(HasToken(q, "khong"));
  EXPECT_FALSE(HasToken(q, "ko"));
  // Official names and aliases also use the short form ("thẻ BHYT"): it stays,
  // apart from the expansion, so it makes no pair with it.
  EXPECT_TRUE(HasToken(q, "cccd"));
  EXPECT_FALSE(HasToken(q, "cong_cccd"));
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

namespace {

double WeightOf(const knowledge::Query& q, const std::string& t) {
  for (const auto& x : q.tokens)
    if (x.text == t) return x.weight;
  return 0;
}

TEST(Query, SynonymsAreMatchedBeforeFillers) {
  QueryTables t;
  t.fillers = {"em", "cho"};
  t.synonyms["em be"] = {"trẻ em", "everyday"};
  t.max_synonym_len = 2;
  auto q = BuildQuery("làm căn cước cho em bé", t);
  EXPECT_TRUE(HasToken(q, "em_be"));   // the citizen's words stay
  EXPECT_TRUE(HasToken(q, "tre_em"));  // and the expansion is added
}

TEST(Query, ExpansionsAreNotExpandedAgain) {
  QueryTables t;
  t.synonyms["so do"] = {"giấy chứng nhận", "everyday"};
  t.synonyms["giay chung nhan"] = {"bằng khen", "everyday"};
  t.max_synonym_len = 3;
  auto q = BuildQuery("mất sổ đỏ", t);
  EXPECT_TRUE(HasToken(q, "chung_nhan"));
  EXPECT_FALSE(HasToken(q, "bang"));
}

TEST(Query, ExpansionsWeighLessThanTheCitizensWords) {
  QueryTables t;
  t.synonyms["so do"] = {"giấy chứng nhận quyền sử dụng đất", "everyday"};
  t.max_synonym_len = 2;
  auto q = BuildQuery("sổ đỏ", t);
  EXPECT_GT(WeightOf(q, "so_do"), WeightOf(q, "quyen_su"));
}

TEST(Query, TokensKnowWhetherTheCitizenWroteThem) {
  QueryTables t;
  t.synonyms["lam lai"] = {"cấp lại", "everyday"};
  t.synonyms["dk"] = {"đăng ký", "teencode"};
  t.max_synonym_len = 2;
  auto q = BuildQuery("làm lại căn cước, dk lại khai sinh", t);
  auto added = [&](const std::string& text) {
    for (const auto& tok : q.tokens)
      if (tok.text == text) return tok.added;
    ADD_FAILURE() << "no token " << text;
    return false;
  };
  EXPECT_TRUE(added("cap_lai"));   // the everyday expansion
  EXPECT_FALSE(added("lam_lai"));  // the citizen's words
  EXPECT_FALSE(added("ky_lai"));   // shorthand stands for the citizen's words
}

TEST(Query, ALongExpansionWeighsLessPerWordThanAShortOne) {
  QueryTables t;
  t.synonyms["so hong"] = {"giấy chứng nhận quyền sử dụng đất quyền sở hữu nhà ở", "everyday"};
  t.synonyms["bang lai"] = {"giấy phép lái xe", "everyday"};
  t.max_synonym_len = 2;
  EXPECT_LT(WeightOf(BuildQuery("sổ hồng", t), "quyen_su"), WeightOf(BuildQuery("bằng lái", t), "lai_xe"));
  EXPECT_GT(WeightOf(BuildQuery("sổ hồng", t), "quyen_su"), 0.0);
}

TEST(Query, PunctuationBreaksBigrams) {
  QueryTables t;
  auto q = BuildQuery("quê ở Tân Biên, bạn trai", t);
  EXPECT_FALSE(HasToken(q, "bien_ban"));
  EXPECT_TRUE(HasToken(q, "tan_bien"));
}

TEST(Query, TheStoryOfALongMessageWeighsLessThanTheQuestion) {
  QueryTables t;
  auto q = BuildQuery(
      "Nhà em ở ấp Thạnh Hiệp gần chợ, ba mẹ già yếu lắm rồi. Vợ em mới sinh bé ở bệnh viện tỉnh tuần trước. "
      "Giờ đăng ký khai sinh cho bé ở đâu?",
      t);
  EXPECT_LT(WeightOf(q, "benh_vien"), WeightOf(q, "khai_sinh"));
  EXPECT_DOUBLE_EQ(WeightOf(q, "khai_sinh"), 1.0);
}

void ExpectStory(const knowledge::Query& q, const std::string& t) {
  EXPECT_GT(WeightOf(q, t), 0.0) << t;
  EXPECT_LT(WeightOf(q, t), 1.0) << t;
}

TEST(Query, OnlyClausesThatAskCountAsTheQuestion) {
  QueryTables t;
  // "không … được" inside a clause is a statement, "sổ hồng" is not "hông".
  auto q = BuildQuery(
      "Nhà em đã có sổ hồng đứng tên em rồi, em đi làm xa không về quê được, giờ muốn đăng ký thường trú ở đây "
      "thì nộp ở đâu?",
      t);
  EXPECT_DOUBLE_EQ(WeightOf(q, "thuong_tru"), 1.0);
  ExpectStory(q, "so_hong");
  ExpectStory(q, "ve_que");
  // A clause that ends with a question particle asks, even before courtesy words.
  auto p = BuildQuery(
      "Con em năm nay vào lớp một, trường bảo nộp giấy khai sinh bản chính, xin cấp lại được không ạ, hay chỉ cần "
      "bản sao",
      t);
  EXPECT_DOUBLE_EQ(WeightOf(p, "cap_lai"), 1.0);
  ExpectStory(p, "lop_mot");
  // Unaccented "lan dau" is not "đâu".
  auto u = BuildQuery("con em moi lam can cuoc lan dau nam ngoai, nay bi mat o cho, gio lam lai o dau", t);
  ExpectStory(u, "lan_dau");
  EXPECT_DOUBLE_EQ(WeightOf(u, "lam_lai"), 1.0);
}

TEST(Query, AgesAreRead) {
  QueryTables t;
  EXPECT_EQ(BuildQuery("làm căn cước cho bé 5 tuổi", t).ages, std::vector<int>{5});
  EXPECT_EQ(BuildQuery("con 10t co can lay van tay ko", t).ages, std::vector<int>{10});
  // "t" apart from the number, and amounts, are not ages.
  EXPECT_TRUE(BuildQuery("đóng 10 t tiền", t).ages.empty());
  EXPECT_TRUE(BuildQuery("lệ phí 500k", t).ages.empty());
}

TEST(Query, EnglishMessagesAreRecognisedAndTheirFunctionWordsDropped) {
  QueryTables t;
  auto en = BuildQuery("How do we get a birth certificate for our baby?", t);
  EXPECT_EQ(en.language, "en");
  EXPECT_TRUE(HasToken(en, "birth"));
  EXPECT_FALSE(HasToken(en, "how"));
  EXPECT_FALSE(HasToken(en, "our"));
  // Unaccented Vietnamese with English-looking syllables stays Vietnamese.
  EXPECT_EQ(BuildQuery("the can cuoc het han do o dau", t).language, "vi");
  EXPECT_EQ(BuildQuery("làm visa đi Mỹ", t).language, "vi");
  // One borrowed accented word does not make English Vietnamese.
  EXPECT_EQ(BuildQuery("I want to register my marriage with my fiancée", t).language, "en");
  EXPECT_EQ(knowledge::MessageLanguage("How do I extend my visa in Tay Ninh?"), "en");
  EXPECT_EQ(knowledge::MessageLanguage("hello ad cho em hỏi làm visa"), "vi");
}

TEST(Query, TyposAreCorrectedOnlyOutsideTheVocabulary) {
  knowledge::Vocabulary v;
  v.AddSyllable("khai", 10);
  v.AddSyllable("sinh", 10);
  v.AddSyllable("minh", 10);
  v.AddPair("khai", "sinh");
  QueryTables t;
  t.vocabulary = &v;
  auto q = BuildQuery("khaisinh cho con", t);
  EXPECT_TRUE(HasToken(q, "khai_sinh"));
  EXPECT_EQ(q.corrections, 1);
  auto kept = BuildQuery("khai sinh", t);
  EXPECT_EQ(kept.corrections, 0);
  EXPECT_TRUE(HasToken(kept, "sinh"));
}

// Property: whatever bytes arrive, the match expression is a list of quoted
// tokens joined by OR, and no token holds a quote or FTS5 operator character.
TEST(Query, RandomBytesOnlyEverYieldQuotedTokens) {
  QueryTables t;
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int i = 0; i < 2000; ++i) {
    std::string text(next() % 40, '\0');
    for (char& c : text) c = static_cast<char>(next() >> 24);
    auto q = BuildQuery(text, t);
    std::string rebuilt;
    for (const auto& tok : q.tokens) {
      for (char c : std::string("\"*^():+-{}")) EXPECT_EQ(tok.text.find(c), std::string::npos);
      rebuilt += (rebuilt.empty() ? "" : " OR ") + knowledge::QuoteToken(tok.text);
    }
    EXPECT_EQ(q.match, rebuilt);
  }
}

}  // namespace

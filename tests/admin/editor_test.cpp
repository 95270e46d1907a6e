#include "knowledge/revisions.h"

#include <gtest/gtest.h>

#include "knowledge/audit.h"
#include "knowledge/entities.h"
#include "knowledge/import.h"
#include "knowledge/regression.h"
#include "knowledge/transfer.h"
#include "tests/admin/admin_fixture.h"

namespace {

using nlohmann::json;
using Editing = admin_test::KnowledgeCopy;

bool Contains(const std::vector<std::string>& list, const std::string& part) {
  for (const auto& s : list)
    if (s.find(part) != std::string::npos) return true;
  return false;
}

json Live(knowledge::Database& db, const std::string& entity, const std::string& key) {
  auto j = knowledge::ReadLive(db, entity, key);
  return j ? *j : json();
}

TEST_F(Editing, RefusesAnInvalidProcedureWithVietnameseMessages) {
  knowledge::Editor ed(*db_);
  json p = Live(*db_, "procedure", "1.001193");
  p["name"] = "  ";
  p["checked"] = "2026-02-30";
  p["submit_channels"] = json::array({"truc_tiep", "fax"});
  p["url"] = "http://example.org";
  auto r = ed.SaveDraft("lan", "procedure", "1.001193", p);
  ASSERT_FALSE(r);
  EXPECT_TRUE(Contains(r.error(), "Tên thủ tục: không được để trống"));
  EXPECT_TRUE(Contains(r.error(), "Ngày kiểm tra: phải là ngày có thật"));
  EXPECT_TRUE(Contains(r.error(), "Cách nộp: “fax” không hợp lệ"));
  EXPECT_TRUE(Contains(r.error(), "phải bắt đầu bằng https://"));
  EXPECT_TRUE(ed.Drafts().empty());
  EXPECT_TRUE(knowledge::ListAudit(*db_, {}).empty()) << "a refused edit changes nothing";
}

TEST_F(Editing, RefusesReviewDateBeforeCheckedDate) {
  json p = Live(*db_, "procedure", "1.001193");
  p["checked"] = "2026-05-01";
  p["review_by"] = "2026-04-01";
  auto r = knowledge::Editor(*db_).SaveDraft("lan", "procedure", "1.001193", p);
  ASSERT_FALSE(r);
  EXPECT_TRUE(Contains(r.error(), "Hạn rà soát: phải sau ngày kiểm tra"));
}

TEST_F(Editing, DraftIsNotLiveUntilPublishedAndPublishingIsAudited) {
  knowledge::Editor ed(*db_);
  json p = Live(*db_, "procedure", "1.001193");
  const json before = p;
  p["aliases"].push_back("giấy xyzzy cho bé");
  ASSERT_TRUE(ed.SaveDraft("lan", "procedure", "1.001193", p));
  ASSERT_TRUE(index_->Reload());
  EXPECT_NE(Top("xyzzy"), "1.001193") << "a draft must not reach the bot";
  EXPECT_EQ(Live(*db_, "procedure", "1.001193"), before);
  auto pub = ed.Publish("minh");
  ASSERT_TRUE(pub) << pub.error()[0];
  ASSERT_EQ(pub->size(), 1u);
  ASSERT_TRUE(index_->Reload());
  EXPECT_EQ(Top("xyzzy"), "1.001193");
  EXPECT_TRUE(ed.Drafts().empty());
  auto audit = knowledge::ListAudit(*db_, {});
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "publish");
  EXPECT_EQ(audit[0].actor, "minh");
  EXPECT_EQ(json::parse(audit[0].before), before);
  EXPECT_NE(audit[0].after.find("xyzzy"), std::string::npos);
  EXPECT_EQ(audit[1].action, "draft.save");
  EXPECT_EQ(audit[1].actor, "lan");
}

TEST_F(Editing, KeepsHistoryAndRollsBack) {
  knowledge::Editor ed(*db_);
  json p = Live(*db_, "procedure", "1.001193");
  p["fees"] = "Phí phiên bản một";
  ASSERT_TRUE(ed.SaveDraft("lan", "procedure", "1.001193", p));
  ASSERT_TRUE(ed.Publish("lan"));
  p["fees"] = "Phí phiên bản hai";
  ASSERT_TRUE(ed.SaveDraft("lan", "procedure", "1.001193", p));
  ASSERT_TRUE(ed.Publish("lan"));
  auto h = ed.History("procedure", "1.001193");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].state, "published");
  EXPECT_EQ(h[1].state, "superseded");
  EXPECT_EQ(Live(*db_, "procedure", "1.001193")["fees"], "Phí phiên bản hai");
  auto rb = ed.Rollback("admin", h[1].rid);
  ASSERT_TRUE(rb);
  EXPECT_EQ(Live(*db_, "procedure", "1.001193")["fees"], "Phí phiên bản một");
  EXPECT_EQ(ed.History("procedure", "1.001193").size(), 3u);
  EXPECT_EQ(knowledge::ListAudit(*db_, {})[0].action, "rollback");
  EXPECT_FALSE(ed.Rollback("admin", 999999));
}

TEST_F(Editing, PublishedEditsSurviveAReimportOfTheShippedFiles) {
  knowledge::Editor ed(*db_);
  json p = Live(*db_, "procedure", "1.001193");
  p["fees"] = "Miễn lệ phí (đã kiểm tra lại)";
  p["aliases"].push_back("giấy xyzzy cho bé");
  ASSERT_TRUE(ed.SaveDraft("lan", "procedure", "1.001193", p));
  ASSERT_TRUE(ed.SaveDraft("lan", "synonym", "qwzx", json{{"term", "qwzx"}, {"expansion", "khai sinh"}, {"kind", "teencode"}}));
  ASSERT_TRUE(ed.Publish("lan"));
  auto stats = knowledge::ImportDirectory(*db_, cfg_.knowledge.data_dir);
  ASSERT_TRUE(stats);
  EXPECT_EQ(Live(*db_, "procedure", "1.001193")["fees"], "Miễn lệ phí (đã kiểm tra lại)");
  EXPECT_EQ(Live(*db_, "synonym", "qwzx")["expansion"], "khai sinh");
  ASSERT_TRUE(index_->Reload());
  EXPECT_EQ(Top("xyzzy"), "1.001193");
}

TEST_F(Editing, FaqsAreIndexedAndCanBeDeleted) {
  knowledge::Editor ed(*db_);
  auto d = ed.SaveDraft("lan", "faq", "new",
                        json{{"question", "Trung tâm có làm việc sáng thứ bảy xyzzy không"},
                             {"answer", "Có, từ 7h30 đến 11h30."}, {"source", "Thông báo của Trung tâm"},
                             {"checked", "2026-11-20"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->key, "faq-1");
  ASSERT_TRUE(ed.Publish("lan"));
  ASSERT_TRUE(index_->Reload());
  knowledge::SearchOptions opts;
  opts.include_articles = true;
  auto r = index_->Search("xyzzy thứ bảy", opts);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "faq-1");
  EXPECT_EQ(index_->Get("faq-1")->body, "Có, từ 7h30 đến 11h30.");
  ASSERT_TRUE(ed.SaveDraft("lan", "faq", "faq-1", json{{"deleted", true}}));
  ASSERT_TRUE(ed.Publish("lan"));
  ASSERT_TRUE(index_->Reload());
  EXPECT_FALSE(index_->Get("faq-1"));
  r = index_->Search("xyzzy thứ bảy", opts);
  EXPECT_TRUE(r.hits.empty() || r.hits[0].id != "faq-1");
  auto again = ed.SaveDraft("lan", "faq", "new", json{{"question", "q khác"}, {"answer", "a"}, {"source", "s"}, {"checked", "2026-11-20"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->key, "faq-2") << "a deleted FAQ's id is not reused";
}

TEST_F(Editing, SynonymEditsChangeHowQuestionsAreRead) {
  knowledge::Editor ed(*db_);
  EXPECT_NE(Top("qwzx"), "1.001193");
  ASSERT_TRUE(ed.SaveDraft("lan", "synonym", "qwzx", json{{"term", "QWZX"}, {"expansion", "đăng ký khai sinh"}, {"kind", "teencode"}}));
  ASSERT_TRUE(ed.Publish("lan"));
  ASSERT_TRUE(index_->Reload());
  EXPECT_EQ(Top("qwzx"), "1.001193");
  auto bad = ed.SaveDraft("lan", "synonym", "zz", json{{"term", "zz"}, {"expansion", "..."}, {"kind", "slang"}});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(Contains(bad.error(), "Từ chuẩn: phải có chữ hoặc số"));
  EXPECT_TRUE(Contains(bad.error(), "Loại: “slang” không hợp lệ"));
}

TEST_F(Editing, OfficesMustServeAKnownCommune) {
  knowledge::Editor ed(*db_);
  json o{{"name", "Bộ phận Một cửa xã Hưng Điền"}, {"level", "xa"}, {"kind", "mot_cua"}, {"commune", "Xã Không Có"},
         {"source", "UBND xã"}, {"checked", "2026-11-20"}, {"latitude", "10.9"}};
  auto bad = ed.SaveDraft("lan", "office", o["name"], o);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(Contains(bad.error(), "không có “Xã Không Có” trong danh sách xã, phường"));
  o["commune"] = "Hưng Điền";
  ASSERT_TRUE(ed.SaveDraft("lan", "office", o["name"], o));
  ASSERT_TRUE(ed.Publish("lan"));
  ASSERT_TRUE(index_->Reload());
  bool found = false;
  for (const auto& off : index_->Offices())
    if (off.name == "Bộ phận Một cửa xã Hưng Điền") {
      found = true;
      EXPECT_EQ(off.commune, "Hưng Điền");
      ASSERT_TRUE(off.latitude);
      EXPECT_DOUBLE_EQ(*off.latitude, 10.9);
    }
  EXPECT_TRUE(found);
}

TEST_F(Editing, ListsFactsPastTheirReviewDate) {
  knowledge::Editor ed(*db_);
  json p = Live(*db_, "procedure", "1.001193");
  p["checked"] = "2025-12-01";
  p["review_by"] = "2026-01-01";
  ASSERT_TRUE(ed.SaveDraft("lan", "procedure", "1.001193", p));
  ASSERT_TRUE(ed.Publish("lan"));
  auto due = ed.ReviewDue("2026-06-01");
  EXPECT_TRUE(std::any_of(due.begin(), due.end(), [](const auto& i) { return i.key == "1.001193"; }));
  due = ed.ReviewDue("2025-12-15");
  EXPECT_FALSE(std::any_of(due.begin(), due.end(), [](const auto& i) { return i.key == "1.001193"; }));
}

TEST_F(Editing, CsvImportIsAllOrNothingAndMakesDrafts) {
  const std::string good =
      "term,expansion,kind\r\n\"qw,zx\",\"khai sinh\",teencode\r\nbbbx,\"đăng ký \"\"kết hôn\"\"\",everyday\r\n";
  auto n = knowledge::ImportEntities(*db_, "lan", "synonym", knowledge::TransferFormat::kCsv, good);
  ASSERT_TRUE(n) << n.error()[0];
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(knowledge::Editor(*db_).Drafts().size(), 2u);
  EXPECT_EQ(knowledge::Editor(*db_).Draft("synonym", "bbbx")->data["expansion"], "đăng ký \"kết hôn\"");
  const std::string bad = "term,expansion,kind\ncccx,khai tử,everyday\ndddx,,everyday\n";
  auto r = knowledge::ImportEntities(*db_, "lan", "synonym", knowledge::TransferFormat::kCsv, bad);
  ASSERT_FALSE(r);
  EXPECT_TRUE(Contains(r.error(), "dòng 3: Từ chuẩn: không được để trống"));
  EXPECT_FALSE(knowledge::Editor(*db_).Draft("synonym", "cccx")) << "one bad row rejects the whole file";
}

TEST_F(Editing, ExportRoundTripsThroughCsvAndJsonl) {
  auto csv = knowledge::ExportEntities(*db_, "commune", knowledge::TransferFormat::kCsv);
  ASSERT_TRUE(csv);
  auto rows = knowledge::ParseCsv(*csv);
  ASSERT_EQ(rows.size(), 97u);
  EXPECT_EQ(rows[0], knowledge::EntityColumns("commune"));
  auto jsonl = knowledge::ExportEntities(*db_, "procedure", knowledge::TransferFormat::kJsonl);
  ASSERT_TRUE(jsonl);
  EXPECT_EQ(std::count(jsonl->begin(), jsonl->end(), '\n'), 2642 + 36);
  // Re-importing an unchanged export validates every row (drafts are identical to live).
  auto offices = knowledge::ExportEntities(*db_, "office", knowledge::TransferFormat::kCsv);
  auto n = knowledge::ImportEntities(*db_, "lan", "office", knowledge::TransferFormat::kCsv, *offices);
  ASSERT_TRUE(n) << n.error()[0];
  EXPECT_EQ(*n, 4);
}

TEST_F(Editing, RegressionCheckShowsQuestionsWhoseTopAnswerChanges) {
  ASSERT_TRUE(knowledge::AddQuestion(*db_, "xyzzy", {"1.001193"}, "staff", "lan"));
  ASSERT_TRUE(knowledge::AddQuestion(*db_, "đăng ký khai sinh", {"1.001193"}, "staff", "lan"));
  EXPECT_FALSE(knowledge::AddQuestion(*db_, "đăng ký khai sinh", {}, "staff", "lan"));
  json p = Live(*db_, "procedure", "1.001193");
  p["aliases"].push_back("giấy xyzzy cho bé");
  ASSERT_TRUE(knowledge::Editor(*db_).SaveDraft("lan", "procedure", "1.001193", p));
  auto r = knowledge::RunRegression(*db_, cfg_.knowledge);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->questions, 2);
  EXPECT_EQ(r->drafts, 1);
  ASSERT_EQ(r->changes.size(), 1u);
  EXPECT_EQ(r->changes[0].question, "xyzzy");
  EXPECT_EQ(r->changes[0].after_id, "1.001193");
  EXPECT_TRUE(r->changes[0].after_ok);
  EXPECT_EQ(r->correct_after, r->correct_before + 1);
  EXPECT_NE(Top("xyzzy"), "1.001193") << "the check must not change the live knowledge";
  EXPECT_EQ(knowledge::Editor(*db_).Drafts().size(), 1u);
}

TEST_F(Editing, ImportsTheDevelopmentQuestionSet) {
  auto text = testing_support::ReadFile(testing_support::TestDataPath("dev_questions.jsonl"));
  auto n = knowledge::ImportQuestions(*db_, text, "dev_questions.jsonl", "cli");
  ASSERT_TRUE(n);
  EXPECT_GT(*n, 300);
  EXPECT_EQ(*knowledge::ImportQuestions(*db_, text, "dev_questions.jsonl", "cli"), 0) << "no duplicates";
  EXPECT_FALSE(knowledge::ImportQuestions(*db_, "{\"q\": \"ok\"}\nnot json\n", "x", "cli"));
}

}  // namespace

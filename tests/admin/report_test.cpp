// A scripted conversation run through the real Responder fills the
// conversation record; the report (library and `hccbot report`) must give the
// figures this test recomputes from the raw turns and ratings.
#include "knowledge/reports.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "bot/responder.h"
#include "knowledge/conversations.h"
#include "knowledge/queue.h"
#include "tests/admin/admin_fixture.h"
#include "webhook/report_format.h"

namespace {

using nlohmann::json;

// Province days, computed here on their own: UTC+7.
std::string Day(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000 + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

struct Step {
  std::string day;   // 2026-11-24 .. 26
  int minute;        // after 09:00 province time
  std::string user, text;
};

const std::vector<Step> kScript = {
    {"2026-11-24", 0, "u1", "đăng ký khai sinh"},
    {"2026-11-24", 1, "u1", "1"},
    {"2026-11-24", 5, "u2", "đăng ký kết hôn"},
    {"2026-11-24", 6, "u2", "không hài lòng"},
    {"2026-11-24", 9, "u3", "khi nào làm pháo hoa xyzzy"},
    {"2026-11-25", 0, "u4", "khi nao lm phao hoa xyzzy"},
    {"2026-11-25", 3, "u5", "cho tôi gặp nhân viên"},
    {"2026-11-25", 30, "u1", "đăng ký thường trú"},
    {"2026-11-25", 31, "u1", "2"},
    {"2026-11-26", 0, "u6", "Khi nào làm pháo hoa xyzzy ạ"},
    {"2026-11-26", 2, "u7", "kiến nghị: đường vào ấp Bàu Đồn ngập nước khi mưa, đề nghị nạo vét cống"},
    {"2026-11-26", 4, "u8", "đăng ký khai sinh"},
    {"2026-11-26", 5, "u8", "bình thường"},
    {"2026-11-26", 8, "u9", "<script>alert(1)</script> xyzzy qwv"},
};
const char* kUsers[] = {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"};

class Reports : public admin_test::KnowledgeCopy {
 protected:
  void SetUp() override {
    KnowledgeCopy::SetUp();
    store_ = std::make_unique<knowledge::ConversationStore>(*db_);
    bot::Responder responder(*index_, cfg_.bot, store_.get());
    std::int64_t at = 0;
    responder.SetClock([&] { return at; });
    int n = 0;
    for (const auto& s : kScript) {
      at = *knowledge::DayStartMs(s.day) + (9 * 60 + s.minute) * 60000LL;
      bot::Message m;
      m.user_id = s.user;
      m.msg_id = "m" + std::to_string(++n);
      m.text = s.text;
      m.timestamp_ms = at;
      intents_[s.user + "|" + s.text] = responder.Respond(m).intent;
    }
    // Staff answer the hand-off after 12 minutes and the petition after 30.
    auto h = knowledge::ListHandoffs(*db_, "", 10);
    ASSERT_EQ(h.size(), 1u);
    ASSERT_TRUE(knowledge::RecordStaffReply(*db_, "handoff", h[0].id, "u5", "lan", "Chào anh", 1,
                                            h[0].requested_ms + 12 * 60000));
    auto t = knowledge::ListTickets(*db_, "", 10);
    ASSERT_EQ(t.size(), 1u);
    ASSERT_TRUE(knowledge::RecordStaffReply(*db_, "ticket", t[0].id, "u7", "lan", "Đã chuyển xã", 2,
                                            t[0].created_ms + 30 * 60000));
  }
  std::unique_ptr<knowledge::ConversationStore> store_;
  std::map<std::string, std::string> intents_;
};

// The figures from raw rows, with the definitions of docs/STAFF.md restated.
struct Expected {
  int questions = 0, answered = 0, fallbacks = 0, ratings = 0, satisfied = 0;
  std::array<int, 4> dist{};
  std::map<std::string, std::array<int, 3>> per_day;    // questions, answered, fallbacks
  std::map<std::string, std::array<int, 3>> per_field;  // questions, ratings, satisfied
};

Expected Recompute(knowledge::ConversationStore& store, const knowledge::Index& index) {
  static const std::set<std::string> kQuestion = {"procedure", "article", "follow_up", "office", "ask_back",
                                                  "fallback",  "commune_ask_back", "unclear", "out_of_scope"};
  Expected e;
  for (const char* u : kUsers) {
    for (const auto& t : store.Turns(u, 1000)) {
      std::string field;
      if (!t.procedure_id.empty())
        if (auto p = index.Get(t.procedure_id)) field = p->field;
      if (t.kind == "text" && kQuestion.count(t.intent)) {
        ++e.questions;
        e.answered += t.answered;
        e.fallbacks += t.intent == "fallback";
        auto& d = e.per_day[Day(t.at_ms)];
        ++d[0];
        d[1] += t.answered;
        d[2] += t.intent == "fallback";
        if (!field.empty()) ++e.per_field[field][0];
      }
      if (auto score = store.RatingOf(t.id)) {
        ++e.ratings;
        ++e.dist[*score - 1];
        e.satisfied += *score <= 2;
        if (!field.empty()) {
          ++e.per_field[field][1];
          e.per_field[field][2] += *score <= 2;
        }
      }
    }
  }
  return e;
}

TEST_F(Reports, ScriptedRunProducedTheIntendedConversation) {
  EXPECT_EQ(intents_["u1|1"], "rating");
  EXPECT_EQ(intents_["u2|không hài lòng"], "rating");
  const std::string unanswered = intents_["u3|khi nào làm pháo hoa xyzzy"];
  EXPECT_TRUE(unanswered == "fallback" || unanswered == "out_of_scope") << unanswered;
  EXPECT_EQ(intents_["u5|cho tôi gặp nhân viên"], "handoff");
  EXPECT_EQ(intents_["u7|kiến nghị: đường vào ấp Bàu Đồn ngập nước khi mưa, đề nghị nạo vét cống"], "petition");
  EXPECT_EQ(intents_["u8|bình thường"], "rating");
}

TEST_F(Reports, FiguresMatchARecomputationFromTheRawRows) {
  const Expected e = Recompute(*store_, *index_);
  auto r = knowledge::BuildReport(*db_, "2026-11-24", "2026-11-26");
  ASSERT_TRUE(r) << r.error();
  EXPECT_GE(e.questions, 8);
  EXPECT_EQ(r->totals.questions, e.questions);
  EXPECT_EQ(r->totals.answered, e.answered);
  EXPECT_EQ(r->totals.fallbacks, e.fallbacks);
  EXPECT_EQ(r->totals.ratings, e.ratings);
  EXPECT_EQ(r->totals.satisfied, e.satisfied);
  EXPECT_EQ(r->rating_distribution, e.dist);
  EXPECT_EQ(e.dist, (std::array<int, 4>{1, 1, 1, 1})) << "the script rates once at each level";
  ASSERT_EQ(r->days.size(), 3u);
  for (const auto& d : r->days) {
    SCOPED_TRACE(d.key);
    auto it = e.per_day.find(d.key);
    ASSERT_NE(it, e.per_day.end());
    EXPECT_EQ(d.questions, it->second[0]);
    EXPECT_EQ(d.answered, it->second[1]);
    EXPECT_EQ(d.fallbacks, it->second[2]);
  }
  for (const auto& f : r->by_field) {
    if (f.key.empty()) continue;
    SCOPED_TRACE(f.key);
    auto it = e.per_field.find(f.key);
    ASSERT_NE(it, e.per_field.end());
    EXPECT_EQ(f.questions, it->second[0]);
    EXPECT_EQ(f.ratings, it->second[1]);
    EXPECT_EQ(f.satisfied, it->second[2]);
  }
  EXPECT_EQ(r->handoffs.count, 1);
  EXPECT_EQ(r->handoffs.answered, 1);
  EXPECT_EQ(r->handoffs.median_response_minutes, 12.0);
  EXPECT_EQ(r->petitions.count, 1);
  EXPECT_EQ(r->petitions.median_response_minutes, 30.0);
  // Satisfaction is the top two of the four levels: 2 of 4 = 50 %, under the 80 % target.
  auto j = webhook::ReportJson(*r);
  EXPECT_DOUBLE_EQ(j["totals"]["satisfaction"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["target"].get<double>(), 0.8);
}

TEST_F(Reports, GroupsAccentedUnaccentedAndTeencodeVariantsTogether) {
  auto from = *knowledge::DayStartMs("2026-11-24");
  auto groups = knowledge::UnansweredGroups(*db_, from, from + 3 * 86400000LL, 10);
  ASSERT_TRUE(groups);
  ASSERT_FALSE(groups->empty());
  const knowledge::UnansweredGroup g = (*groups)[0];  // a copy: `groups` is reassigned below
  EXPECT_EQ(g.count, 3) << g.key;
  EXPECT_EQ(g.variants.size(), 3u);
  EXPECT_NE(g.key.find("phao hoa xyzzy"), std::string::npos) << g.key;
  ASSERT_TRUE(knowledge::ResolveGroup(*db_, g.key, "dismiss", "", "lan", from + 3 * 86400000LL));
  groups = knowledge::UnansweredGroups(*db_, from, from + 3 * 86400000LL, 10);
  for (const auto& other : *groups) EXPECT_NE(other.key, g.key) << "a resolved group leaves the queue";
}

TEST_F(Reports, TheCommandLinePrintsTheSameFiguresInEveryFormat) {
  const Expected e = Recompute(*store_, *index_);
  auto run = [&](const std::string& format) {
    const std::string cmd = std::string(HCCBOT_BINARY) + " report --db " + cfg_.knowledge.db_path +
                            " --from 2026-11-24 --to 2026-11-26 --format " + format + " 2>/dev/null";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(pclose(p), 0) << cmd;
    return out;
  };
  json j = json::parse(run("json"), nullptr, false);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["totals"]["questions"], e.questions);
  EXPECT_EQ(j["totals"]["answered"], e.answered);
  EXPECT_EQ(j["totals"]["ratings"], e.ratings);
  EXPECT_EQ(j["totals"]["satisfied"], e.satisfied);
  EXPECT_EQ(j["rating_distribution"], json(e.dist));
  const std::string csv = run("csv");
  EXPECT_NE(csv.find("total,total,," + std::to_string(e.questions) + "," + std::to_string(e.answered)), std::string::npos)
      << csv.substr(0, 300);
  const std::string html = run("html");
  EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "citizen text must be escaped";
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  const std::string bad = std::string(HCCBOT_BINARY) + " report --db " + cfg_.knowledge.db_path +
                          " --from 2026-11-30 --to 2026-11-01 >/dev/null 2>&1";
  EXPECT_NE(std::system(bad.c_str()), 0);
}

}  // namespace

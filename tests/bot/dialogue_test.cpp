// Runs the conversations in tests/data/dialogues/*.jsonl: one dialogue per
// line, each a list of steps (what the citizen or staff does) with properties
// the reply must have. Each dialogue gets a fresh Responder and session store.
//
// Step keys: say (text), kind (text|image|sticker|file|audio|video|location|
// follow|chat_now), lat/lon, after_minutes (time passes first), staff
// ("message" | "release"), clock_ahead_hours (the reply is computed this long
// after the citizen wrote). expect: intent, contains[], not_contains[],
// any_message_contains[], silent, answered, procedure, messages (count),
// rating_prompt (bool), rating_recorded (1..4, against the answer that carried
// the last prompt), stored_not_contains[]
// (no turn or ticket of this citizen holds the text), language ("vi" | "en":
// the reply's own words, without what it quotes from the knowledge base, are
// in that language; replies without it are Vietnamese and start with "Dạ").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "bot/responder.h"
#include "bot/wording.h"
#include "knowledge/text.h"
#include "tests/support/test_support.h"

namespace {

using nlohmann::json;

struct Dialogue {
  std::string file;
  int line = 0;
  std::string name;
  json body;
};

std::vector<Dialogue> LoadDialogues() {
  std::vector<Dialogue> out;
  const auto dir = testing_support::TestDataPath("dialogues");
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      Dialogue d;
      d.file = f.filename().string();
      d.line = n;
      d.body = json::parse(line, nullptr, false);
      d.name = d.body.is_object() ? d.body.value("name", "") : "";
      out.push_back(std::move(d));
    }
  }
  return out;
}

const std::vector<Dialogue>& All() {
  static const std::vector<Dialogue> all = LoadDialogues();
  return all;
}

// Dossier tracking as a province's system would answer.
class FakeDossier : public bot::DossierStatus {
 public:
  std::expected<std::optional<bot::DossierRecord>, std::string> Lookup(std::string_view code) const override {
    if (code == "000.00.26.H57-250701-0001")
      return bot::DossierRecord{std::string(code), "Đăng ký khai sinh", "Đang xử lý", "01/07/2025", "02/07/2025",
                                "UBND phường Tân Ninh"};
    if (code.find("H57-999") != std::string_view::npos) return std::unexpected("503 from fake");
    return std::optional<bot::DossierRecord>{};
  }
};

std::string Joined(const bot::Reply& r) {
  std::string s;
  for (const auto& m : r.messages) s += m + "\n";
  return s;
}

void Erase(std::string& text, const std::string& part) {
  if (part.empty()) return;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part)) text.erase(at, part.size());
}

// The reply's own words: everything it quotes from the knowledge base (the
// procedures it names or offers, their documents and facts, the offices, the
// province, links) taken out, and the Vietnamese names an English reply gives
// next to its own words for the signs and the portal.
std::string OwnWords(const bot::Reply& r, const bot::Responder& responder, const config::Bot& cfg,
                     const std::string& user) {
  const auto& index = *testing_support::Knowledge().index;
  std::string text = Joined(r);
  std::vector<std::string> ids = {r.procedure_id};
  if (auto session = responder.store().LoadSession(user))
    for (const auto& id : session->pending_choices) ids.push_back(id);
  for (const auto& id : ids) {
    auto p = index.Get(id);
    if (!p) continue;
    for (const auto& d : p->documents) Erase(text, d);
    for (const std::string* fact : {&p->processing_time, &p->fees}) {
      Erase(text, bot::wording::CleanFact(*fact).text);
      Erase(text, *fact);
    }
    for (const std::string* fact : {&p->name, &p->agency, &p->field, &p->online_level, &p->url, &p->body, &p->source})
      Erase(text, *fact);
  }
  for (const auto& o : index.Offices())
    for (const std::string* fact : {&o.name, &o.address, &o.phone, &o.hours, &o.email}) Erase(text, *fact);
  for (const std::string* c : {&cfg.province, &cfg.office_hours, &cfg.portal_url}) Erase(text, *c);
  for (const char* name : {"Bộ phận Một cửa", "Cổng Dịch vụ công quốc gia", "Cổng Dịch vụ công", "UBND",
                           "“gặp nhân viên”"})
    Erase(text, name);
  return text;
}

// Fails unless the reply's own words are in the expected language: no
// Vietnamese letter in an English reply, no English word in a Vietnamese one.
void ExpectLanguage(const std::string& own, const std::string& lang) {
  if (lang == "en") {
    EXPECT_FALSE(knowledge::HasDiacritics(own)) << "Vietnamese words in an English reply:\n" << own;
    EXPECT_EQ(own.find("Dạ"), std::string::npos);
    return;
  }
  EXPECT_EQ(own.rfind("Dạ", 0), 0u) << "a Vietnamese reply is polite and starts with «Dạ»";
  for (const auto& s : knowledge::Syllables(own))
    EXPECT_FALSE(knowledge::IsEnglishMarker(s.folded)) << "English word «" << s.accented << "» in:\n" << own;
}

bot::MessageKind KindOf(const std::string& k) {
  if (k == "image") return bot::MessageKind::kImage;
  if (k == "sticker") return bot::MessageKind::kSticker;
  if (k == "file") return bot::MessageKind::kFile;
  if (k == "audio") return bot::MessageKind::kAudio;
  if (k == "video") return bot::MessageKind::kVideo;
  if (k == "location") return bot::MessageKind::kLocation;
  if (k == "follow") return bot::MessageKind::kFollow;
  if (k == "chat_now") return bot::MessageKind::kChatNow;
  return bot::MessageKind::kText;
}

std::set<std::string>& IntentsSeen() {
  static std::set<std::string> seen;
  return seen;
}

// Runs one dialogue; failures name the file, line and step.
void RunDialogue(const Dialogue& d) {
  ASSERT_TRUE(d.body.is_object()) << d.file << ":" << d.line << ": not a JSON object";
  ASSERT_TRUE(d.body.contains("steps")) << d.file << ":" << d.line << ": no steps";
  auto& k = testing_support::Knowledge();
  config::Bot cfg;
  FakeDossier fake;
  const bool with_dossier = d.body.value("dossier", "none") == "fake";
  bot::Responder responder(*k.index, cfg, nullptr, with_dossier ? &fake : nullptr);
  // 26/11/2026 09:00 in Vietnam.
  std::int64_t at = 1795658400000;
  std::int64_t clock_ahead = 0;
  responder.SetClock([&] { return at + clock_ahead; });
  const std::string user = "dialogue-user";
  int step_no = 0;
  std::int64_t prompted_turn = 0;
  for (const auto& step : d.body["steps"]) {
    ++step_no;
    SCOPED_TRACE(d.file + ":" + std::to_string(d.line) + " «" + d.name + "» step " + std::to_string(step_no));
    at += static_cast<std::int64_t>(step.value("after_minutes", 0.0) * 60 * 1000);
    clock_ahead = static_cast<std::int64_t>(step.value("clock_ahead_hours", 0.0) * 3600 * 1000);
    if (step.contains("staff")) {
      const std::string what = step["staff"];
      if (what == "release") {
        EXPECT_EQ(responder.ReleaseHandoff(user, "staff-1", at), step.value("released", true));
      } else {
        responder.OnStaffMessage(user, at);
      }
      continue;
    }
    bot::Message m;
    m.user_id = user;
    m.msg_id = "m" + std::to_string(step_no);
    m.kind = KindOf(step.value("kind", "text"));
    m.text = step.value("say", "");
    m.latitude = step.value("lat", 0.0);
    m.longitude = step.value("lon", 0.0);
    m.timestamp_ms = at;
    const bot::Reply r = responder.Respond(m);
    IntentsSeen().insert(r.intent);
    const std::string all = Joined(r);
    if (!step.contains("expect")) continue;
    const json& e = step["expect"];
    SCOPED_TRACE("reply [" + r.intent + "]:\n" + all);
    if (e.contains("intent")) { EXPECT_EQ(r.intent, e["intent"].get<std::string>()); }
    if (e.contains("silent")) { EXPECT_EQ(r.messages.empty(), e["silent"].get<bool>()); }
    if (e.contains("answered")) { EXPECT_EQ(r.answered, e["answered"].get<bool>()); }
    if (e.contains("procedure")) { EXPECT_EQ(r.procedure_id, e["procedure"].get<std::string>()); }
    if (e.contains("messages")) { EXPECT_EQ(r.messages.size(), e["messages"].get<std::size_t>()); }
    for (const auto& c : e.value("contains", json::array()))
      EXPECT_NE(all.find(c.get<std::string>()), std::string::npos) << "missing: " << c.get<std::string>();
    for (const auto& c : e.value("not_contains", json::array()))
      EXPECT_EQ(all.find(c.get<std::string>()), std::string::npos) << "unexpected: " << c.get<std::string>();
    const bool prompted =
        !r.messages.empty() && (r.messages.back() == bot::wording::RatingPrompt(bot::wording::Language::kVietnamese) ||
                                r.messages.back() == bot::wording::RatingPrompt(bot::wording::Language::kEnglish));
    if (prompted) {
      auto session = responder.store().LoadSession(user);
      ASSERT_TRUE(session.has_value());
      prompted_turn = session->pending_turn;
      EXPECT_EQ(prompted_turn, session->last_answer_turn) << "the prompt rates the answer it follows";
    }
    if (e.contains("rating_prompt")) { EXPECT_EQ(prompted, e["rating_prompt"].get<bool>()); }
    if (e.contains("language")) {
      ExpectLanguage(OwnWords(r, responder, cfg, user), e["language"].get<std::string>());
    } else if (!r.messages.empty() && r.intent != "rating") {
      // Every reply is polite and starts with "Dạ".
      EXPECT_EQ(r.messages.front().rfind("Dạ", 0), 0u);
    }
    if (e.contains("rating_recorded")) {
      ASSERT_NE(prompted_turn, 0) << "no prompt was shown";
      auto score = responder.store().RatingOf(prompted_turn);
      ASSERT_TRUE(score.has_value()) << "no rating recorded";
      EXPECT_EQ(*score, e["rating_recorded"].get<int>());
    }
    for (const auto& c : e.value("stored_not_contains", json::array())) {
      const std::string needle = c.get<std::string>();
      for (const auto& t : responder.store().Turns(user, 1000)) {
        EXPECT_EQ(t.text.find(needle), std::string::npos) << "stored turn text holds " << needle;
        EXPECT_EQ(t.reply.find(needle), std::string::npos) << "stored reply holds " << needle;
      }
      for (int id = 1; id <= 20; ++id) {
        char number[32];
        std::snprintf(number, sizeof number, "PA2026-%05d", id);
        if (auto ticket = responder.store().GetTicket(number)) {
          EXPECT_EQ(ticket->content.find(needle), std::string::npos) << "ticket holds " << needle;
        }
      }
    }
  }
}

class DialogueTest : public testing::TestWithParam<std::size_t> {};

TEST_P(DialogueTest, RepliesHaveTheExpectedProperties) { RunDialogue(All()[GetParam()]); }

std::vector<std::size_t> Indices() {
  std::vector<std::size_t> v(All().size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = i;
  return v;
}

std::string NameOf(const testing::TestParamInfo<std::size_t>& info) {
  const Dialogue& d = All()[info.param];
  std::string s = d.file.substr(0, d.file.find('.')) + "_" + std::to_string(d.line);
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Dialogues, DialogueTest, testing::ValuesIn(Indices()), NameOf);

TEST(Dialogues, EveryIntentHasADialogue) {
  ASSERT_GE(All().size(), 10u);
  for (const auto& d : All()) RunDialogue(d);
  for (const char* intent :
       {"welcome", "greeting", "procedure", "ask_back", "follow_up", "commune", "commune_ask_back", "office",
        "article", "petition_ask", "petition", "dossier_ask", "dossier", "handoff", "handoff_silent", "thanks", "bye",
        "out_of_scope", "fallback", "rating", "non_text", "location", "empty", "about_bot", "acknowledge",
        "unclear"})
    EXPECT_TRUE(IntentsSeen().count(intent)) << "no dialogue reaches intent " << intent;
}

}  // namespace

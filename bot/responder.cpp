// Conversation logic. Design notes:
// - One event = load the session, decide, record the turn (masked by the
//   store), save the session. The order of checks in Decide/DecideText is the
//   policy: hand-off silence first, then a pending question (rating, choice,
//   petition content, receipt code, commune), then explicit requests
//   (hand-off, commune, greeting, petition, dossier), then follow-ups on the
//   last procedure, then search over procedures and reform articles.
// - Time is the event's own timestamp (Zalo's), so a replayed event is judged
//   by when the citizen wrote; the clock is only used for Zalo's reply window.
// - A store failure never stops the answer: the citizen still gets the reply,
//   the failure is logged without any message text.
#include "bot/responder.h"

#include <chrono>
#include <cmath>

#include "bot/intents.h"
#include "bot/wording.h"
#include "config/logging.h"
#include "knowledge/query.h"
#include "knowledge/text.h"

namespace bot {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr double kOutOfScopeConfidence = 0.12;

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Calendar day in Vietnam (UTC+7): "once a day" follows the citizen's day.
std::int64_t VietnamDay(std::int64_t ms) { return (ms / 1000 + 7 * 3600) / 86400; }

std::string KindName(MessageKind k) {
  switch (k) {
    case MessageKind::kText: return "text";
    case MessageKind::kImage: return "image";
    case MessageKind::kSticker: return "sticker";
    case MessageKind::kFile: return "file";
    case MessageKind::kAudio: return "audio";
    case MessageKind::kVideo: return "video";
    case MessageKind::kLink: return "link";
    case MessageKind::kLocation: return "location";
    case MessageKind::kFollow: return "follow";
    case MessageKind::kChatNow: return "chat_now";
    case MessageKind::kOther: return "other";
  }
  return "other";
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kPi = 3.14159265358979323846, kEarthKm = 6371.0;
  auto rad = [&](double d) { return d * kPi / 180.0; };
  const double dlat = rad(lat2 - lat1), dlon = rad(lon2 - lon1);
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(rad(lat1)) * std::cos(rad(lat2)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::sqrt(a));
}

wording::Aspect ToWording(intents::Aspect a) {
  switch (a) {
    case intents::Aspect::kFee: return wording::Aspect::kFee;
    case intents::Aspect::kTime: return wording::Aspect::kTime;
    case intents::Aspect::kDocuments: return wording::Aspect::kDocuments;
    case intents::Aspect::kOnline: return wording::Aspect::kOnline;
    default: return wording::Aspect::kWhere;
  }
}

wording::OfficeTopic ToWording(intents::OfficeTopic t) {
  switch (t) {
    case intents::OfficeTopic::kHours: return wording::OfficeTopic::kHours;
    case intents::OfficeTopic::kPhone: return wording::OfficeTopic::kPhone;
    case intents::OfficeTopic::kAddress: return wording::OfficeTopic::kAddress;
    default: return wording::OfficeTopic::kWhich;
  }
}

// How a pending question remembers the language it was asked in
// (Session::pending_kind): "en" or empty.
std::string LanguageCode(wording::Language lang) { return lang == wording::Language::kEnglish ? "en" : ""; }

bool IsCancel(std::string_view folded) {
  for (std::string_view w : {"huy", "thoi", "khong", "thoi khong", "khong can", "huy bo", "bo qua", "thoi a"})
    if (folded == w) return true;
  return false;
}

}  // namespace

struct Responder::Turn {
  explicit Turn(const Message& m) : msg(m) {}
  const Message& msg;
  std::int64_t at = 0;
  knowledge::Session session;
  Reply reply;
  std::string text;            // the single reply before the rating prompt
  double confidence = 0;
  // English for a message written in English: set by the search, or by the
  // language of the pending question this message answers.
  wording::Language lang = wording::Language::kVietnamese;
  bool silent = false;
  bool rateable = false;
  std::vector<knowledge::Office> offices;
};

Responder::Responder(const knowledge::Index& index, const config::Bot& cfg, knowledge::ConversationStore* store,
                     const DossierStatus* dossier)
    : index_(index), cfg_(cfg), store_(store), dossier_(dossier), communes_(index.Communes()), now_(SystemNow) {
  if (!store_) {
    auto db = knowledge::OpenServing(":memory:");
    if (db) {
      own_db_ = std::make_unique<knowledge::Database>(std::move(*db));
    } else {
      logging::Error("bot.session_store_unavailable", {{"reason", db.error()}});
      // Migrations on an in-memory database only fail when memory is gone.
      std::abort();
    }
    own_store_ = std::make_unique<knowledge::ConversationStore>(*own_db_);
    store_ = own_store_.get();
  }
  for (const auto& c : index.Communes()) {
    for (const auto& s : knowledge::Syllables(c.name)) place_words_.insert(s.folded);
    for (const auto& u : knowledge::ParseMergedFrom(c.merged_from)) {
      for (const auto& s : knowledge::Syllables(u.name)) place_words_.insert(s.folded);
      for (const auto& s : knowledge::Syllables(u.qualifier)) place_words_.insert(s.folded);
    }
  }
  for (const char* w : {"thanh", "pho", "huyen", "thi", "xa", "tran", "phuong", "tinh", "cu", "moi", "truoc", "day",
                        "ap", "khu", "nay", "thuoc", "song", "nha", "o", "tai", "dang", "ninh", "tay"})
    place_words_.insert(w);
}

Responder::~Responder() = default;

int Responder::ContentWithoutPlaces(const std::string& folded) const {
  std::string kept;
  std::size_t i = 0;
  while (i < folded.size()) {
    std::size_t j = folded.find(' ', i);
    if (j == std::string::npos) j = folded.size();
    std::string w = folded.substr(i, j - i);
    if (!w.empty() && !place_words_.count(w)) kept += (kept.empty() ? "" : " ") + w;
    i = j + 1;
  }
  return intents::ContentSyllables(kept);
}

std::string Responder::CommuneShown(const Turn& t) const {
  return t.session.commune.empty() ? std::string() : communes_.DisplayName(t.session.commune);
}

Reply Responder::Answer(const Message& message) const {
  Turn t(message);
  t.at = message.timestamp_ms > 0 ? message.timestamp_ms : now_();
  t.reply.user_id = message.user_id;
  t.reply.quote_msg_id = message.msg_id;
  if (auto s = store_->LoadSession(message.user_id)) {
    t.session = std::move(*s);
  } else {
    logging::Warn("bot.session_load_failed", {{"reason", s.error()}});
    t.session.user_id = message.user_id;
  }
  knowledge::Session& s = t.session;
  if (s.updated_ms && t.at - s.updated_ms > cfg_.session_idle_minutes * kMinute) {
    s.last_procedure_id.clear();
    s.last_answer_turn = 0;
    s.pending.clear();
    s.pending_choices.clear();
    s.pending_turn = 0;
    s.pending_kind.clear();
  }
  if (!s.commune.empty() && t.at - s.commune_ms > std::int64_t{cfg_.commune_days} * 24 * 60 * kMinute) s.commune.clear();
  t.offices = index_.Offices();

  Decide(t);

  bool prompted = false;
  if (!t.silent) {
    t.reply.messages.push_back(t.text);
    const bool new_day = s.rating_prompt_ms == 0 || VietnamDay(s.rating_prompt_ms) != VietnamDay(t.at);
    const bool in_window = now_() - t.at < std::int64_t{cfg_.reply_window_hours} * 60 * kMinute;
    if (t.rateable && cfg_.rating_prompt && s.pending.empty() && new_day && in_window) {
      t.reply.messages.push_back(wording::RatingPrompt(t.lang));
      prompted = true;
    }
  }
  knowledge::Turn rec;
  rec.user_id = message.user_id;
  rec.at_ms = t.at;
  rec.msg_id = message.msg_id;
  rec.kind = KindName(message.kind);
  rec.text = message.text;
  for (const auto& m : t.reply.messages) rec.reply += (rec.reply.empty() ? "" : "\n\n") + m;
  rec.intent = t.reply.intent;
  rec.procedure_id = t.reply.procedure_id;
  rec.answered = t.reply.answered;
  rec.confidence = t.confidence;
  rec.commune = s.commune;
  std::int64_t turn_id = 0;
  if (auto id = store_->RecordTurn(rec)) turn_id = *id;
  else logging::Warn("bot.turn_not_recorded", {{"reason", id.error()}});
  s.updated_ms = t.at;
  if (t.reply.answered && turn_id) s.last_answer_turn = turn_id;
  if (prompted && turn_id) {
    s.pending = "rating";
    s.pending_turn = turn_id;
    s.pending_kind = LanguageCode(t.lang);
    s.rating_prompt_ms = t.at;
  }
  if (auto r = store_->SaveSession(s); !r) logging::Warn("bot.session_not_saved", {{"reason", r.error()}});
  return t.reply;
}

Reply Responder::Respond(const Message& message) const {
  Reply reply = Answer(message);
  std::vector<std::string> split;
  for (const auto& m : reply.messages)
    for (auto& part : wording::SplitMessage(m, cfg_.max_message_chars)) split.push_back(std::move(part));
  reply.messages = std::move(split);
  return reply;
}

void Responder::OnStaffMessage(const std::string& user_id, std::int64_t timestamp_ms) const {
  const std::int64_t at = timestamp_ms > 0 ? timestamp_ms : now_();
  if (auto r = store_->NoteStaffMessage(user_id, at, at + cfg_.handoff_timeout_minutes * kMinute); !r)
    logging::Warn("bot.staff_message_not_noted", {{"reason", r.error()}});
}

bool Responder::ReleaseHandoff(const std::string& user_id, const std::string& staff_id,
                               std::int64_t timestamp_ms) const {
  auto r = store_->CloseHandoff(user_id, timestamp_ms > 0 ? timestamp_ms : now_(), staff_id);
  if (!r) {
    logging::Warn("bot.handoff_not_released", {{"reason", r.error()}});
    return false;
  }
  return *r;
}

void Responder::Decide(Turn& t) const {
  knowledge::Session& s = t.session;
  if (s.handoff_id) {
    auto h = store_->GetHandoff(s.handoff_id);
    const bool open = h && (h->status == "waiting" || h->status == "staff_replied");
    if (open && t.at < h->until_ms) {
      t.silent = true;
      t.reply.intent = "handoff_silent";
      return;
    }
    if (open) (void)store_->CloseHandoff(s.user_id, t.at, "timeout", true);
    s.handoff_id = 0;
  }
  switch (t.msg.kind) {
    case MessageKind::kFollow:
    case MessageKind::kChatNow:
      s.pending.clear();
      t.reply.intent = "welcome";
      t.text = wording::Welcome(CommuneShown(t), cfg_);
      return;
    case MessageKind::kLocation: {
      const knowledge::Office* best = nullptr;
      double best_km = 0;
      for (const auto& o : t.offices) {
        if (o.kind != "mot_cua" || !o.latitude || !o.longitude) continue;
        const double km = DistanceKm(t.msg.latitude, t.msg.longitude, *o.latitude, *o.longitude);
        if (!best || km < best_km) {
          best = &o;
          best_km = km;
        }
      }
      t.reply.intent = "location";
      if (best) {
        t.text = wording::NearestOffice(*best, best_km, cfg_);
      } else {
        t.text = wording::AskCommuneForLocation();
        s.pending = "ask_commune";
      }
      return;
    }
    case MessageKind::kText: DecideText(t); return;
    default:
      t.reply.intent = "non_text";
      t.text = wording::AskForText(KindName(t.msg.kind));
      return;
  }
}

void Responder::DecideText(Turn& t) const {
  knowledge::Session& s = t.session;
  std::string text = t.msg.text;
  // Judged on the whole message: a place name taken out below ("in Tay Ninh")
  // must not change it.
  const auto detected = wording::LanguageOf(knowledge::MessageLanguage(text));
  t.lang = detected;
  std::string f = knowledge::Fold(text);
  if (f.empty()) {
    t.reply.intent = "empty";
    t.text = wording::EmptyQuestion();
    return;
  }
  // A pending question is answered now or dropped.
  const std::string pending = s.pending;
  const auto choices = s.pending_choices;
  const std::int64_t pending_turn = s.pending_turn;
  const std::string pending_kind = s.pending_kind;
  s.pending.clear();
  s.pending_choices.clear();
  s.pending_turn = 0;
  s.pending_kind.clear();

  if (pending == "rating") {
    if (auto score = intents::RatingScore(f)) {
      if (auto r = store_->RecordRating(pending_turn, s.user_id, *score, t.at); !r)
        logging::Warn("bot.rating_not_recorded", {{"reason", r.error()}});
      t.reply.intent = "rating";
      t.text = wording::RatingThanks(*score, wording::LanguageOf(pending_kind));
      return;
    }
  }
  if (pending == "choose_procedure") {
    if (pending_kind == "en") t.lang = wording::Language::kEnglish;
    std::string chosen;
    if (auto n = intents::ChoiceNumber(f); n && *n >= 1 && static_cast<std::size_t>(*n) <= choices.size())
      chosen = choices[*n - 1];
    for (std::size_t i = 0; chosen.empty() && i < choices.size(); ++i) {
      auto p = index_.Get(choices[i]);
      if (!p) continue;
      const std::string name = knowledge::Fold(p->name);
      if (name == f || (f.size() >= 8 && name.find(f) != std::string::npos)) chosen = choices[i];
    }
    if (!chosen.empty()) {
      AnswerProcedure(t, chosen);
      return;
    }
    t.lang = detected;
  }
  if (pending == "choose_commune") {
    std::string chosen;
    if (auto n = intents::ChoiceNumber(f); n && *n >= 1 && static_cast<std::size_t>(*n) <= choices.size())
      chosen = choices[*n - 1];
    if (chosen.empty()) {
      // The citizen may name the old district instead: "thành phố Tây Ninh".
      auto m = communes_.Find(pending_kind + " " + text);
      if (m && m->communes.size() == 1) chosen = m->communes[0];
    }
    if (chosen.empty()) {
      auto m = communes_.FindName(text);
      if (m && m->communes.size() == 1) chosen = m->communes[0];
    }
    if (!chosen.empty()) {
      knowledge::CommuneMatch m;
      m.communes = {chosen};
      m.said = pending_kind;
      m.old_name = true;
      AnswerCommune(t, m);
      return;
    }
  }
  if (pending == "petition" && !IsCancel(f) && !intents::IsHandoff(f) && !intents::IsGreeting(f) &&
      !intents::IsThanks(f) && !intents::IsBye(f)) {
    AnswerPetition(t, pending_kind, text);
    return;
  }
  if (pending == "dossier_code") {
    if (auto code = intents::ReceiptCode(text)) {
      AnswerDossier(t, *code);
      return;
    }
  }
  if (pending == "ask_commune") {
    if (auto m = communes_.FindName(text)) {
      AnswerCommune(t, *m);
      return;
    }
  }

  if (intents::IsHandoff(f)) {
    const std::int64_t until = t.at + cfg_.handoff_timeout_minutes * kMinute;
    if (auto h = store_->OpenHandoff(s.user_id, t.at, until)) s.handoff_id = h->id;
    else logging::Warn("bot.handoff_not_opened", {{"reason", h.error()}});
    t.reply.intent = "handoff";
    t.text = wording::HandoffStarted(t.offices, cfg_);
    return;
  }

  // A petition keeps its own words whole, place names included.
  if (auto kind = intents::PetitionKind(text, f)) {
    if (auto m = communes_.Find(text); m && m->communes.size() == 1) {
      s.commune = m->communes[0];
      s.commune_ms = t.at;
    }
    const std::string content = intents::PetitionContent(text);
    if (knowledge::Syllables(content).size() >= 4) {
      AnswerPetition(t, *kind, content);
    } else {
      s.pending = "petition";
      s.pending_kind = *kind;
      t.reply.intent = "petition_ask";
      t.text = wording::AskPetitionContent(*kind);
    }
    return;
  }

  // A commune named anywhere in the message is remembered; the rest of the
  // message is then handled on its own.
  if (auto m = communes_.Find(text)) {
    const std::string without = knowledge::Fold(text.substr(0, m->begin) + " " + text.substr(m->end));
    if (m->communes.size() > 1 && ContentWithoutPlaces(without) > 2) {
      // A long question that mentions an ambiguous old name: answer the question.
    } else if (m->communes.size() > 1) {
      std::vector<std::string> shown;
      for (const auto& c : m->communes) shown.push_back(communes_.DisplayName(c));
      s.pending = "choose_commune";
      s.pending_choices = m->communes;
      s.pending_kind = m->said;
      t.reply.intent = "commune_ask_back";
      t.text = wording::AskWhichCommune(m->said, shown);
      return;
    } else {
      s.commune = m->communes[0];
      s.commune_ms = t.at;
      std::string rest = text.substr(0, m->begin) + " " + text.substr(m->end);
      const std::string rf = knowledge::Fold(rest);
      if (ContentWithoutPlaces(rf) == 0 && intents::OfficeQuestion(rf) == intents::OfficeTopic::kNone &&
          intents::FollowUpAspect(rf) == intents::Aspect::kNone) {
        AnswerCommune(t, *m);
        return;
      }
      if (intents::OfficeQuestion(rf) != intents::OfficeTopic::kNone ||
          (intents::FollowUpAspect(rf) == intents::Aspect::kWhere && ContentWithoutPlaces(rf) == 0)) {
        // "xã Hưng Hà thì nộp hồ sơ ở đâu": the office of that commune, unless a
        // procedure is named too.
        knowledge::SearchOptions opts;
        opts.top_k = cfg_.top_k;
        if (!index_.Search(rest, opts).answered && ContentWithoutPlaces(rf) < 3) {
          const auto topic = intents::OfficeQuestion(rf);
          t.reply.intent = "office";
          t.text = wording::OfficeAnswer(
              ToWording(topic == intents::OfficeTopic::kNone ? intents::OfficeTopic::kWhich : topic), CommuneShown(t),
              t.offices, cfg_);
          return;
        }
      }
      text = rest;
      f = rf;
    }
  }

  if (intents::IsAboutTheBot(f)) {
    t.reply.intent = "about_bot";
    t.text = wording::AboutTheBot(CommuneShown(t), cfg_);
    return;
  }
  if (intents::IsGreeting(f)) {
    t.reply.intent = "greeting";
    t.text = wording::Welcome(CommuneShown(t), cfg_);
    return;
  }
  if (intents::IsThanks(f) && intents::FollowUpAspect(f) == intents::Aspect::kNone &&
      intents::OfficeQuestion(f) == intents::OfficeTopic::kNone && !intents::IsQuestion(text, f)) {
    t.reply.intent = "thanks";
    t.text = wording::Thanks(cfg_);
    return;
  }
  if (intents::IsAcknowledgement(f)) {
    t.reply.intent = "acknowledge";
    t.text = wording::Acknowledge(cfg_);
    return;
  }
  if (intents::IsBye(f)) {
    t.reply.intent = "bye";
    t.text = wording::Bye(cfg_);
    return;
  }
  if (auto code = intents::ReceiptCode(text)) {
    AnswerDossier(t, *code);
    return;
  }
  if (intents::IsDossierQuery(f)) {
    s.pending = "dossier_code";
    t.reply.intent = "dossier_ask";
    t.text = wording::AskReceiptCode(cfg_);
    return;
  }
  const auto aspect = intents::FollowUpAspect(f);
  if (aspect != intents::Aspect::kNone && !s.last_procedure_id.empty()) {
    knowledge::SearchOptions opts;
    opts.top_k = cfg_.top_k;
    auto found = index_.Search(text, opts);
    const bool names_another = found.answered && !found.hits.empty() && found.hits[0].id != s.last_procedure_id &&
                               intents::ContentSyllables(f) >= 2;
    if (!names_another) {
      if (auto p = index_.Get(s.last_procedure_id)) {
        // A follow-up stays on the rated answer: the prompt remains open.
        if (pending == "rating") {
          s.pending = pending;
          s.pending_turn = pending_turn;
          s.pending_kind = pending_kind;
        }
        t.reply.intent = "follow_up";
        t.reply.procedure_id = p->id;
        t.reply.answered = true;
        t.rateable = true;
        t.confidence = 1.0;
        t.text = wording::FollowUp(ToWording(aspect), *p, CommuneShown(t), t.offices, cfg_);
        return;
      }
    }
  }
  if (intents::IsOutOfScope(f)) {
    t.reply.intent = "out_of_scope";
    t.text = wording::OutOfScope(t.offices, cfg_, t.lang);
    return;
  }
  if (intents::ChoiceNumber(f)) {
    // "2" with nothing offered: no search can make sense of it.
    t.reply.intent = "unclear";
    t.text = wording::EmptyQuestion();
    return;
  }
  AnswerSearch(t, text, static_cast<int>(intents::OfficeQuestion(f)));
}

void Responder::AnswerSearch(Turn& t, const std::string& text, int office_topic) const {
  const auto topic = static_cast<intents::OfficeTopic>(office_topic);
  knowledge::SearchOptions popts;
  popts.top_k = cfg_.top_k;
  auto proc = index_.Search(text, popts);
  if (proc.language == "en") t.lang = wording::Language::kEnglish;
  knowledge::SearchOptions aopts;
  aopts.top_k = cfg_.top_k;
  aopts.include_articles = true;
  aopts.include_procedures = false;
  auto art = index_.Search(text, aopts);
  t.confidence = std::max(proc.confidence, art.confidence);
  auto office = [&] {
    t.reply.intent = "office";
    t.text = wording::OfficeAnswer(ToWording(topic), CommuneShown(t), t.offices, cfg_);
  };
  const bool concrete = topic == intents::OfficeTopic::kHours || topic == intents::OfficeTopic::kPhone ||
                        topic == intents::OfficeTopic::kAddress;
  // A long question that mentions the office is about a procedure first.
  const bool mostly_office = concrete || intents::ContentSyllables(knowledge::Fold(text)) < 4;
  if (topic != intents::OfficeTopic::kNone && mostly_office && !proc.answered && (!art.answered || concrete))
    return office();
  // A procedure the search is sure of wins, unless the citizen asks what
  // something is, or the article is clearly the better match.
  const std::string folded = knowledge::Fold(text);
  const bool asks_meaning = intents::HasPhrase(folded, "la gi") || intents::HasPhrase(folded, "la sao") ||
                            intents::HasPhrase(folded, "nghia la") || intents::HasPhrase(folded, "khac nhau");
  const bool can_ask_back = proc.hits.size() >= 2 && proc.confidence >= 0.3;
  const bool article_first = art.confidence > proc.confidence + 0.2 ||
                             (asks_meaning && (!proc.answered || art.confidence > proc.confidence)) ||
                             (!proc.answered && !can_ask_back);
  if (art.answered && !art.hits.empty() && article_first) {
    if (auto a = index_.Get(art.hits[0].id)) {
      t.reply.intent = "article";
      t.reply.answered = true;
      t.reply.procedure_id = a->id;
      t.rateable = true;
      t.text = wording::ArticleAnswer(*a, t.offices, cfg_, t.lang);
      return;
    }
  }
  if (proc.answered && !proc.hits.empty()) {
    AnswerProcedure(t, proc.hits[0].id);
    return;
  }
  if (proc.hits.size() >= 2 && proc.confidence >= 0.3) {
    t.session.pending = "choose_procedure";
    t.session.pending_kind = LanguageCode(t.lang);
    for (std::size_t i = 0; i < proc.hits.size() && i < 3; ++i) t.session.pending_choices.push_back(proc.hits[i].id);
    t.reply.intent = "ask_back";
    t.text = wording::AskBack(proc.hits, t.lang);
    return;
  }
  if (topic != intents::OfficeTopic::kNone) return office();
  if (intents::FollowUpAspect(knowledge::Fold(text)) == intents::Aspect::kWhere) {
    // "nộp ở đâu" with no procedure in view: where one-stop offices are.
    t.reply.intent = "office";
    t.text = wording::OfficeAnswer(wording::OfficeTopic::kWhich, CommuneShown(t), t.offices, cfg_);
    return;
  }
  if (proc.hits.empty() || t.confidence < kOutOfScopeConfidence) {
    t.reply.intent = "out_of_scope";
    t.text = wording::OutOfScope(t.offices, cfg_, t.lang);
    return;
  }
  t.reply.intent = "fallback";
  t.text = wording::Fallback(t.offices, cfg_, t.lang);
}

void Responder::AnswerProcedure(Turn& t, const std::string& id) const {
  auto p = index_.Get(id);
  if (!p) {
    t.reply.intent = "fallback";
    t.text = wording::Fallback(t.offices, cfg_, t.lang);
    return;
  }
  t.reply.intent = "procedure";
  t.reply.answered = true;
  t.reply.procedure_id = p->id;
  t.rateable = true;
  if (t.confidence == 0) t.confidence = 1.0;
  t.session.last_procedure_id = p->id;
  t.text = wording::ProcedureAnswer(*p, t.offices, cfg_, CommuneShown(t), t.lang);
}

void Responder::AnswerPetition(Turn& t, const std::string& kind, const std::string& content) const {
  auto ticket = store_->CreateTicket(t.session.user_id, kind, content, t.session.commune, t.at, 0);
  if (!ticket) {
    logging::Warn("bot.ticket_not_stored", {{"reason", ticket.error()}});
    t.reply.intent = "petition_failed";
    t.text = wording::PetitionNotStored(t.offices, cfg_);
    return;
  }
  t.reply.intent = "petition";
  t.text = wording::PetitionReceived(kind, ticket->number, CommuneShown(t), t.offices, cfg_);
}

void Responder::AnswerDossier(Turn& t, const std::string& code) const {
  t.reply.intent = "dossier";
  if (!dossier_) {
    t.text = wording::DossierWhereToLook(code, false, t.offices, cfg_);
    return;
  }
  auto r = dossier_->Lookup(code);
  if (!r) {
    logging::Warn("bot.dossier_lookup_failed", {{"reason", r.error()}});
    t.text = wording::DossierWhereToLook(code, true, t.offices, cfg_);
    return;
  }
  if (!*r) {
    t.text = wording::DossierNotFound(code, t.offices, cfg_);
    return;
  }
  const DossierRecord& d = **r;
  t.text = wording::DossierFound({d.code.empty() ? code : d.code, d.procedure, d.status, d.received, d.due, d.agency},
                                 cfg_);
}

void Responder::AnswerCommune(Turn& t, const knowledge::CommuneMatch& m) const {
  t.session.commune = m.communes.front();
  t.session.commune_ms = t.at;
  t.reply.intent = "commune";
  t.text = wording::CommuneNoted(communes_.DisplayName(t.session.commune), m.said, m.old_name, t.offices, cfg_);
}

}  // namespace bot

#pragma once
// Every sentence the bot can say. Polite (Dạ, anh/chị), short enough for a
// phone, and each answer ends with where to go and whom to call. Answers to a
// message written in English (knowledge::SearchResult::language) frame the
// same facts in English; the facts themselves stay in Vietnamese as stored.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "knowledge/index.h"

namespace bot::wording {

enum class Language { kVietnamese, kEnglish };
// "en" (knowledge::SearchResult::language) is English, anything else Vietnamese.
Language LanguageOf(std::string_view code);

// A fact cleaned for citizens: curator remarks removed, with a flag when the
// remark signalled doubt (then the citizen is asked to confirm at the office).
struct CitizenFact {
  std::string text;     // empty when nothing usable is known
  bool doubtful = false;
};
CitizenFact CleanFact(std::string_view raw);

// commune: the citizen's commune as displayed ("phường Tân Ninh"), empty when unknown.
std::string ProcedureAnswer(const knowledge::Procedure& p, const std::vector<knowledge::Office>& offices,
                            const config::Bot& cfg, const std::string& commune = {},
                            Language lang = Language::kVietnamese);
std::string ArticleAnswer(const knowledge::Procedure& a, const std::vector<knowledge::Office>& offices,
                          const config::Bot& cfg, Language lang = Language::kVietnamese);
std::string AskBack(const std::vector<knowledge::Hit>& hits, Language lang = Language::kVietnamese);
std::string Fallback(const std::vector<knowledge::Office>& offices, const config::Bot& cfg,
                     Language lang = Language::kVietnamese);
std::string EmptyQuestion();
std::string OfficeContacts(const std::vector<knowledge::Office>& offices, const config::Bot& cfg,
                           Language lang = Language::kVietnamese);

// --- Conversation (wording_dialogue.cpp) -------------------------------------

// Where to go for a commune-level matter: the commune's one-stop office by
// name, what the data does not hold (its address, phone), then the
// provincial centre's contacts and the portal.
std::string CommuneOffice(const std::string& commune, const std::vector<knowledge::Office>& offices,
                          const config::Bot& cfg, Language lang = Language::kVietnamese);

std::string Welcome(const std::string& commune, const config::Bot& cfg);
std::string Thanks(const config::Bot& cfg);
std::string Acknowledge(const config::Bot& cfg);
// "Are you a person?": what the bot is and how to reach staff.
std::string AboutTheBot(const std::string& commune, const config::Bot& cfg);
std::string Bye(const config::Bot& cfg);
std::string OutOfScope(const std::vector<knowledge::Office>& offices, const config::Bot& cfg,
                       Language lang = Language::kVietnamese);
// kind: "image", "sticker", "file", "audio", "video", "link", "other".
std::string AskForText(const std::string& kind);
std::string AskCommuneForLocation();
std::string NearestOffice(const knowledge::Office& o, double km, const config::Bot& cfg);

// The citizen named a commune (said: their words; old: by a unit merged away).
std::string CommuneNoted(const std::string& commune, const std::string& said, bool old,
                         const std::vector<knowledge::Office>& offices, const config::Bot& cfg);
std::string AskWhichCommune(const std::string& said, const std::vector<std::string>& communes);

enum class OfficeTopic { kAddress, kHours, kPhone, kWhich };
std::string OfficeAnswer(OfficeTopic topic, const std::string& commune, const std::vector<knowledge::Office>& offices,
                         const config::Bot& cfg);

enum class Aspect { kFee, kTime, kDocuments, kWhere, kOnline };
// One part of the procedure answered before, with its link and source.
std::string FollowUp(Aspect aspect, const knowledge::Procedure& p, const std::string& commune,
                     const std::vector<knowledge::Office>& offices, const config::Bot& cfg);

// kind: phan_anh | kien_nghi | khieu_nai | gop_y.
std::string PetitionLabel(const std::string& kind);
std::string AskPetitionContent(const std::string& kind);
std::string PetitionReceived(const std::string& kind, const std::string& number, const std::string& commune,
                             const std::vector<knowledge::Office>& offices, const config::Bot& cfg);
std::string PetitionNotStored(const std::vector<knowledge::Office>& offices, const config::Bot& cfg);

std::string AskReceiptCode(const config::Bot& cfg);
struct DossierView {
  std::string code, procedure, status, received, due, agency;
};
std::string DossierFound(const DossierView& d, const config::Bot& cfg);
std::string DossierNotFound(const std::string& code, const std::vector<knowledge::Office>& offices,
                            const config::Bot& cfg);
// No tracking system configured, or it did not answer.
std::string DossierWhereToLook(const std::string& code, bool backend_failed,
                               const std::vector<knowledge::Office>& offices, const config::Bot& cfg);

std::string HandoffStarted(const std::vector<knowledge::Office>& offices, const config::Bot& cfg);

std::string RatingPrompt(Language lang = Language::kVietnamese);
std::string RatingThanks(int score, Language lang = Language::kVietnamese);
std::string RatingLabel(int score, Language lang = Language::kVietnamese);

// Shared pieces of answers.
std::string OfficeLine(const knowledge::Office& o, Language lang = Language::kVietnamese);
std::string ChannelName(std::string_view channel, Language lang = Language::kVietnamese);
std::string SourceLine(const knowledge::Procedure& p, bool doubtful, Language lang = Language::kVietnamese);

// "26/11/2026" from "2026-11-26".
std::string VietnameseDate(std::string_view iso);

// Splits a reply into messages of at most max_chars code points, at paragraph
// boundaries where possible, then lines, then words.
std::vector<std::string> SplitMessage(std::string_view text, std::size_t max_chars);

}  // namespace bot::wording

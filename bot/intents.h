#pragma once
// Rules that recognise what a citizen's message is about, on folded text
// ("phi bao nhieu"), so that input with or without diacritics is treated the
// same. The phrase lists live in intents.cpp next to each rule.
// Pure functions: safe from any thread.
#include <optional>
#include <string>
#include <string_view>

namespace bot::intents {

// " phi bao nhieu " contains the phrase "bao nhieu" at word boundaries.
bool HasPhrase(std::string_view folded, std::string_view phrase);

// Only greeting words and politeness ("chào em", "alo", "xin chào ạ").
bool IsGreeting(std::string_view folded);
bool IsThanks(std::string_view folded);
bool IsBye(std::string_view folded);
bool IsHandoff(std::string_view folded);
// "ok", "dạ vâng", "hihi": nothing to answer but a short acknowledgement.
bool IsAcknowledgement(std::string_view folded);
// "bạn là người thật hay máy?", "em là ai".
bool IsAboutTheBot(std::string_view folded);
// Small talk and topics outside public administration (weather, prices,
// lottery, football, jokes); administrative words keep a message in scope.
bool IsOutOfScope(std::string_view folded);

// Asks something ("như thế nào", "ở đâu", "là gì", ends with "?").
bool IsQuestion(std::string_view text, std::string_view folded);

// phan_anh | kien_nghi | khieu_nai | gop_y when the message is a petition,
// nullopt for none or for a question about how petitions work.
std::optional<std::string> PetitionKind(std::string_view text, std::string_view folded);
// The petition's own words when the message carries them after the keyword
// ("phản ánh: đèn đường ấp 3 hỏng …"), empty when it is just the keyword.
std::string PetitionContent(std::string_view text);

bool IsDossierQuery(std::string_view folded);
// A receipt code such as 000.00.26.H57-250701-0001 or H57.25-250101-000123.
std::optional<std::string> ReceiptCode(std::string_view text);

enum class Aspect { kNone, kFee, kTime, kDocuments, kWhere, kOnline };
// Which part of a procedure a short follow-up asks about.
Aspect FollowUpAspect(std::string_view folded);
// Syllables that are neither politeness nor aspect words: a follow-up has few.
int ContentSyllables(std::string_view folded);

enum class OfficeTopic { kNone, kAddress, kHours, kPhone, kWhich };
OfficeTopic OfficeQuestion(std::string_view folded);

// "1", "số 2", "cái thứ hai", "thứ ba" → 1-based choice.
std::optional<int> ChoiceNumber(std::string_view folded);
// "1".."4" or the labels of the satisfaction prompt → 1 (Rất hài lòng) .. 4 (Không hài lòng).
std::optional<int> RatingScore(std::string_view folded);

}  // namespace bot::intents

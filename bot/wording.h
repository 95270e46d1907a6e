#pragma once
// Every Vietnamese sentence the bot can say. Polite (Dạ, anh/chị), short
// enough for a phone, and each answer ends with where to go and whom to call.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "knowledge/index.h"

namespace bot::wording {

// A fact cleaned for citizens: curator remarks removed, with a flag when the
// remark signalled doubt (then the citizen is asked to confirm at the office).
struct CitizenFact {
  std::string text;     // empty when nothing usable is known
  bool doubtful = false;
};
CitizenFact CleanFact(std::string_view raw);

std::string ProcedureAnswer(const knowledge::Procedure& p, const std::vector<knowledge::Office>& offices,
                            const config::Bot& cfg);
std::string ArticleAnswer(const knowledge::Procedure& a, const std::vector<knowledge::Office>& offices,
                          const config::Bot& cfg);
std::string AskBack(const std::vector<knowledge::Hit>& hits);
std::string Fallback(const std::vector<knowledge::Office>& offices, const config::Bot& cfg);
std::string EmptyQuestion();
std::string OfficeContacts(const std::vector<knowledge::Office>& offices, const config::Bot& cfg);

// "26/11/2026" from "2026-11-26".
std::string VietnameseDate(std::string_view iso);

// Splits a reply into messages of at most max_chars code points, at paragraph
// boundaries where possible, then lines, then words.
std::vector<std::string> SplitMessage(std::string_view text, std::size_t max_chars);

}  // namespace bot::wording

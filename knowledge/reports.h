#pragma once
// Satisfaction and answer-rate figures in the shape of the national index
// (SIPAS): ratings 1..4 as the citizen chose them (1 Rất hài lòng, 2 Hài lòng,
// 3 Bình thường, 4 Không hài lòng); satisfied = the top two levels; target
// 80 %. Days are calendar days in the province's time zone (UTC+7).
// Definitions (also in docs/STAFF.md):
//   question   a text turn whose intent answers a question (IsQuestionIntent)
//   answered   such a turn with answered = true
//   fallback   such a turn with intent 'fallback'
//   rating     counted on the day it was given, attributed to the rated turn's
//              procedure, field, agency and commune
// Read-only; thread safety follows the Database.
#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "knowledge/database.h"
#include "knowledge/queue.h"

namespace knowledge {

inline constexpr double kSatisfactionTarget = 0.8;
inline constexpr int kRatingLevels = 4;
inline constexpr int kSatisfiedMaxScore = 2;            // 1 and 2 are the top two levels
inline constexpr std::int64_t kProvinceUtcOffsetMs = 7 * 3600 * 1000;

struct Figures {
  std::string key, name;
  int questions = 0, answered = 0, fallbacks = 0, ratings = 0, satisfied = 0;
};

struct ResponseFigures {
  int count = 0;                                // opened in the period
  int answered = 0;                             // with a staff reply
  std::optional<double> median_response_minutes;
};

struct Report {
  std::string from, to;                         // YYYY-MM-DD, inclusive
  Figures totals;
  std::array<int, kRatingLevels> rating_distribution{};  // [score - 1]
  std::vector<Figures> days;                    // every day of the period, key = YYYY-MM-DD
  std::vector<Figures> by_field, by_procedure, by_agency, by_commune;  // most questions first
  std::vector<UnansweredGroup> top_unanswered;
  ResponseFigures handoffs, petitions;
};

// Milliseconds of 00:00 province time on a YYYY-MM-DD date; nullopt if invalid.
std::optional<std::int64_t> DayStartMs(const std::string& date);
std::string DayOf(std::int64_t ms);

std::expected<Report, std::string> BuildReport(Database& db, const std::string& from, const std::string& to);

}  // namespace knowledge

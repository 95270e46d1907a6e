#include "knowledge/reports.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <regex>

namespace knowledge {

std::optional<std::int64_t> DayStartMs(const std::string& date) {
  static const std::regex kDate(R"((\d{4})-(\d{2})-(\d{2}))");
  std::smatch m;
  if (!std::regex_match(date, m, kDate)) return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31) return std::nullopt;
  const std::time_t t = timegm(&tm);
  std::tm back{};
  gmtime_r(&t, &back);
  if (back.tm_mday != tm.tm_mday) return std::nullopt;  // 2026-02-30 and the like
  return static_cast<std::int64_t>(t) * 1000 - kProvinceUtcOffsetMs;
}

std::string DayOf(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>((ms + kProvinceUtcOffsetMs) / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

namespace {

struct TurnRow {
  std::int64_t at_ms;
  std::string intent, procedure_id, commune, field, agency, name;
  bool answered;
};

std::vector<Figures> Sorted(std::map<std::string, Figures>& m) {
  std::vector<Figures> out;
  for (auto& [k, f] : m) out.push_back(f);
  std::stable_sort(out.begin(), out.end(), [](const Figures& a, const Figures& b) {
    if (a.questions != b.questions) return a.questions > b.questions;
    return a.ratings > b.ratings;
  });
  return out;
}

std::optional<double> Median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return std::round(m * 10) / 10;
}

}  // namespace

std::expected<Report, std::string> BuildReport(Database& db, const std::string& from, const std::string& to) {
  auto from_ms = DayStartMs(from);
  auto to_day = DayStartMs(to);
  if (!from_ms || !to_day) return std::unexpected("dates must be real dates YYYY-MM-DD");
  if (*to_day < *from_ms) return std::unexpected("--to is before --from");
  if (*to_day - *from_ms > 366LL * 86400000) return std::unexpected("a report covers at most 366 days");
  const std::int64_t to_ms = *to_day + 86400000;
  Report r;
  r.from = from;
  r.to = to;
  r.totals.key = "total";
  std::map<std::string, Figures> days, field, procedure, agency, commune;
  for (std::int64_t d = *from_ms; d < to_ms; d += 86400000) days[DayOf(d)].key = DayOf(d);

  auto add_question = [](Figures& f, const TurnRow& t) {
    ++f.questions;
    f.answered += t.answered;
    f.fallbacks += t.intent == "fallback";
  };
  auto groups = [&](const TurnRow& t, auto&& fn) {
    fn(days[DayOf(t.at_ms)]);
    if (!t.procedure_id.empty()) {
      auto& p = procedure[t.procedure_id];
      p.key = t.procedure_id;
      p.name = t.name;
      fn(p);
      auto& f = field[t.field];
      f.key = f.name = t.field;
      fn(f);
      auto& a = agency[t.agency];
      a.key = a.name = t.agency;
      fn(a);
    }
    auto& c = commune[t.commune];
    c.key = c.name = t.commune;
    fn(c);
  };
  constexpr const char* kTurnColumns =
      "t.at_ms, t.intent, t.procedure_id, t.commune, coalesce(p.field, ''), coalesce(p.agency, ''),"
      " coalesce(p.name, ''), t.answered";
  {
    auto st = db.Prepare(std::string("SELECT ") + kTurnColumns +
                         " FROM turns t LEFT JOIN procedures p ON p.id = t.procedure_id"
                         " WHERE t.kind = 'text' AND t.at_ms >= ?1 AND t.at_ms < ?2");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, *from_ms).Bind(2, to_ms);
    while (true) {
      auto row = st->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      TurnRow t{st->Int(0), st->Text(1), st->Text(2), st->Text(3), st->Text(4), st->Text(5), st->Text(6), st->Int(7) != 0};
      if (!IsQuestionIntent(t.intent)) continue;
      add_question(r.totals, t);
      groups(t, [&](Figures& f) { add_question(f, t); });
    }
  }
  {
    auto st = db.Prepare(std::string("SELECT r.score, r.at_ms, ") + kTurnColumns +
                         " FROM ratings r JOIN turns t ON t.id = r.turn_id"
                         " LEFT JOIN procedures p ON p.id = t.procedure_id WHERE r.at_ms >= ?1 AND r.at_ms < ?2");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, *from_ms).Bind(2, to_ms);
    while (true) {
      auto row = st->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      const int score = static_cast<int>(st->Int(0));
      if (score < 1 || score > kRatingLevels) continue;
      TurnRow t{st->Int(1), st->Text(3), st->Text(4), st->Text(5), st->Text(6), st->Text(7), st->Text(8), st->Int(9) != 0};
      ++r.rating_distribution[score - 1];
      const bool satisfied = score <= kSatisfiedMaxScore;
      auto rate = [&](Figures& f) {
        ++f.ratings;
        f.satisfied += satisfied;
      };
      rate(r.totals);
      groups(t, rate);
    }
  }
  for (auto& [k, f] : days) r.days.push_back(f);
  r.by_field = Sorted(field);
  r.by_procedure = Sorted(procedure);
  r.by_agency = Sorted(agency);
  r.by_commune = Sorted(commune);
  auto top = UnansweredGroups(db, *from_ms, to_ms, 10);
  if (!top) return std::unexpected(top.error());
  r.top_unanswered = std::move(*top);

  std::vector<double> minutes;
  for (const auto& h : ListHandoffs(db, "", 100000)) {
    if (h.requested_ms < *from_ms || h.requested_ms >= to_ms) continue;
    ++r.handoffs.count;
    std::int64_t first = h.first_reply_ms;
    if (h.staff_last_ms && (!first || h.staff_last_ms < first)) first = h.staff_last_ms;
    if (!first) continue;
    ++r.handoffs.answered;
    minutes.push_back((first - h.requested_ms) / 60000.0);
  }
  r.handoffs.median_response_minutes = Median(minutes);
  minutes.clear();
  for (const auto& t : ListTickets(db, "", 100000)) {
    if (t.created_ms < *from_ms || t.created_ms >= to_ms) continue;
    ++r.petitions.count;
    if (!t.first_reply_ms) continue;
    ++r.petitions.answered;
    minutes.push_back((t.first_reply_ms - t.created_ms) / 60000.0);
  }
  r.petitions.median_response_minutes = Median(minutes);
  return r;
}

}  // namespace knowledge

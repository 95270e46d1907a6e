#include "webhook/report_format.h"

#include <cmath>
#include <sstream>

#include "knowledge/transfer.h"

namespace webhook {

using nlohmann::json;

namespace {

json Rate(int part, int whole) { return whole ? json(static_cast<double>(part) / whole) : json(nullptr); }

json FiguresJson(const knowledge::Figures& f) {
  return {{"key", f.key},         {"name", f.name},       {"questions", f.questions},
          {"answered", f.answered}, {"fallbacks", f.fallbacks}, {"ratings", f.ratings},
          {"satisfied", f.satisfied}, {"answered_rate", Rate(f.answered, f.questions)},
          {"fallback_rate", Rate(f.fallbacks, f.questions)}, {"satisfaction", Rate(f.satisfied, f.ratings)}};
}

json List(const std::vector<knowledge::Figures>& v) {
  json out = json::array();
  for (const auto& f : v) out.push_back(FiguresJson(f));
  return out;
}

json Response(const knowledge::ResponseFigures& r) {
  return {{"count", r.count}, {"answered", r.answered},
          {"median_response_minutes", r.median_response_minutes ? json(*r.median_response_minutes) : json(nullptr)}};
}

std::string Percent(int part, int whole) {
  if (!whole) return "—";
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << 100.0 * part / whole << " %";
  return s.str();
}

}  // namespace

json ReportJson(const knowledge::Report& r) {
  json days = json::array();
  for (const auto& d : r.days) {
    json j = FiguresJson(d);
    j["day"] = d.key;
    days.push_back(j);
  }
  json totals = FiguresJson(r.totals);
  totals["handoffs"] = r.handoffs.count;
  totals["petitions"] = r.petitions.count;
  json top = json::array();
  for (const auto& g : r.top_unanswered)
    top.push_back({{"group", g.key}, {"count", g.count}, {"example", g.example}, {"not_answered", g.not_answered},
                   {"low_rated", g.low_rated}});
  return {{"from", r.from},
          {"to", r.to},
          {"target", knowledge::kSatisfactionTarget},
          {"rating_levels", knowledge::kRatingLevels},
          {"satisfied_max_score", knowledge::kSatisfiedMaxScore},
          {"totals", totals},
          {"rating_distribution", r.rating_distribution},
          {"days", days},
          {"by_field", List(r.by_field)},
          {"by_procedure", List(r.by_procedure)},
          {"by_agency", List(r.by_agency)},
          {"by_commune", List(r.by_commune)},
          {"top_unanswered", top},
          {"handoffs", Response(r.handoffs)},
          {"petitions", Response(r.petitions)}};
}

std::string ReportCsv(const knowledge::Report& r) {
  std::string out = "section,key,name,questions,answered,fallbacks,ratings,satisfied,answered_rate,satisfaction\r\n";
  auto row = [&](const std::string& section, const knowledge::Figures& f) {
    auto rate = [](int a, int b) { return b ? std::to_string(std::round(10000.0 * a / b) / 10000.0).substr(0, 6) : std::string(); };
    out += section + "," + knowledge::CsvCell(f.key) + "," + knowledge::CsvCell(f.name) + "," +
           std::to_string(f.questions) + "," + std::to_string(f.answered) + "," + std::to_string(f.fallbacks) + "," +
           std::to_string(f.ratings) + "," + std::to_string(f.satisfied) + "," + rate(f.answered, f.questions) + "," +
           rate(f.satisfied, f.ratings) + "\r\n";
  };
  row("total", r.totals);
  for (const auto& d : r.days) row("day", d);
  for (const auto& f : r.by_field) row("field", f);
  for (const auto& f : r.by_procedure) row("procedure", f);
  for (const auto& f : r.by_agency) row("agency", f);
  for (const auto& f : r.by_commune) row("commune", f);
  for (int i = 0; i < knowledge::kRatingLevels; ++i)
    out += "rating," + std::to_string(i + 1) + ",," + ",,,," + std::to_string(r.rating_distribution[i]) + ",,,\r\n";
  auto resp = [&](const char* section, const knowledge::ResponseFigures& f) {
    out += std::string(section) + ",count,," + std::to_string(f.count) + "," + std::to_string(f.answered) + ",,,," +
           (f.median_response_minutes ? std::to_string(*f.median_response_minutes) : "") + ",\r\n";
  };
  resp("handoffs", r.handoffs);
  resp("petitions", r.petitions);
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string ReportHtml(const knowledge::Report& r) {
  std::string h = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Báo cáo hcc-bot " +
                  EscapeHtml(r.from) + " – " + EscapeHtml(r.to) +
                  "</title><style>body{font-family:sans-serif;margin:1rem}table{border-collapse:collapse}"
                  "td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}</style></head><body>";
  h += "<h1>Báo cáo trả lời và mức độ hài lòng</h1><p>Từ " + EscapeHtml(r.from) + " đến " + EscapeHtml(r.to) +
       ". Hài lòng = hai mức cao nhất (Rất hài lòng, Hài lòng); mục tiêu 80 %.</p>";
  const auto& t = r.totals;
  h += "<ul><li>Câu hỏi: " + std::to_string(t.questions) + "</li><li>Trả lời được: " + Percent(t.answered, t.questions) +
       "</li><li>Không trả lời được: " + Percent(t.fallbacks, t.questions) + "</li><li>Lượt đánh giá: " +
       std::to_string(t.ratings) + "; hài lòng: " + Percent(t.satisfied, t.ratings) + "</li><li>Chuyển cán bộ: " +
       std::to_string(r.handoffs.count) + "; phản ánh, kiến nghị: " + std::to_string(r.petitions.count) + "</li></ul>";
  auto table = [&](const std::string& title, const std::vector<knowledge::Figures>& rows) {
    h += "<h2>" + EscapeHtml(title) + "</h2><table><tr><th></th><th>Câu hỏi</th><th>Trả lời được</th><th>Đánh giá</th><th>Hài lòng</th></tr>";
    for (const auto& f : rows)
      h += "<tr><td>" + EscapeHtml(f.name.empty() ? f.key : f.name) + "</td><td>" + std::to_string(f.questions) +
           "</td><td>" + Percent(f.answered, f.questions) + "</td><td>" + std::to_string(f.ratings) + "</td><td>" +
           Percent(f.satisfied, f.ratings) + "</td></tr>";
    h += "</table>";
  };
  table("Theo ngày", r.days);
  table("Theo lĩnh vực", r.by_field);
  table("Theo thủ tục", r.by_procedure);
  table("Theo cơ quan", r.by_agency);
  table("Theo xã, phường", r.by_commune);
  h += "<h2>Câu hỏi chưa trả lời được nhiều nhất</h2><table><tr><th>Nhóm</th><th>Số lần</th><th>Ví dụ</th></tr>";
  for (const auto& g : r.top_unanswered)
    h += "<tr><td>" + EscapeHtml(g.key) + "</td><td>" + std::to_string(g.count) + "</td><td>" + EscapeHtml(g.example) + "</td></tr>";
  h += "</table></body></html>\n";
  return h;
}

}  // namespace webhook

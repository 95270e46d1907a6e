#pragma once
// Writes a knowledge::Report as JSON (the dashboard's input), CSV (one row
// per figure line, for spreadsheets) or a self-contained HTML page (no
// scripts, no outside resources; every value escaped). Stateless.
#include <string>

#include <nlohmann/json.hpp>

#include "knowledge/reports.h"

namespace webhook {

nlohmann::json ReportJson(const knowledge::Report& r);
std::string ReportCsv(const knowledge::Report& r);
std::string ReportHtml(const knowledge::Report& r);
std::string EscapeHtml(std::string_view text);

}  // namespace webhook

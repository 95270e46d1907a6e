#include "knowledge/transfer.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "knowledge/entities.h"
#include "knowledge/revisions.h"
#include "knowledge/text.h"

namespace knowledge {
namespace {

using nlohmann::json;

std::string CellOf(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      if (!out.empty()) out += "\n";
      out += e.is_string() ? e.get<std::string>() : e.dump();
    }
    return out;
  }
  return v.dump();
}

}  // namespace

std::vector<std::string> EntityColumns(std::string_view entity) {
  if (entity == "procedure")
    return {"id", "name", "field", "agency", "level", "documents", "steps", "processing_time", "fees",
            "submit_channels", "online_level", "legal_basis", "result", "url", "source", "notes", "checked",
            "review_by", "aliases", "body", "curated"};
  if (entity == "faq") return {"id", "question", "answer", "aliases", "source", "checked", "review_by"};
  if (entity == "synonym") return {"term", "expansion", "kind"};
  if (entity == "office")
    return {"name", "level", "kind", "commune", "address", "phone", "hours", "website", "email", "latitude",
            "longitude", "source", "notes", "checked"};
  if (entity == "commune") return {"name", "type", "clause", "merged_from", "province", "effective", "source"};
  return {};
}

std::string CsvCell(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  std::size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // Excel writes a BOM
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !cell.empty()) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
      }
      row.clear();
      cell.clear();
      any = false;
    } else {
      cell += c;
      any = true;
    }
  }
  if (any || !cell.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::expected<std::string, std::string> ExportEntities(Database& db, const std::string& entity, TransferFormat format) {
  if (!IsEntity(entity)) return std::unexpected("unknown entity " + entity);
  const auto rows = ListLive(db, entity, "", 1000000);
  const auto columns = EntityColumns(entity);
  std::string out;
  if (format == TransferFormat::kJsonl) {
    for (const auto& r : rows) {
      json o = json::object();
      for (const auto& c : columns) o[c] = r.contains(c) ? r[c] : json(nullptr);
      out += o.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    }
    return out;
  }
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  out += "\r\n";
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i)
      out += (i ? "," : "") + CsvCell(r.contains(columns[i]) ? CellOf(r[columns[i]]) : "");
    out += "\r\n";
  }
  return out;
}

std::expected<int, std::vector<std::string>> ImportEntities(Database& db, const std::string& actor,
                                                            const std::string& entity, TransferFormat format,
                                                            const std::string& text) {
  if (!IsEntity(entity)) return std::unexpected(std::vector<std::string>{"Loại dữ liệu không hợp lệ: " + entity});
  std::vector<std::pair<int, json>> objects;
  std::vector<std::string> errors;
  const auto columns = EntityColumns(entity);
  if (format == TransferFormat::kJsonl) {
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      json v = json::parse(line, nullptr, false);
      if (!v.is_object()) errors.push_back("dòng " + std::to_string(n) + ": không phải một đối tượng JSON");
      else objects.emplace_back(n, std::move(v));
    }
  } else {
    auto rows = ParseCsv(text);
    if (rows.empty()) return std::unexpected(std::vector<std::string>{"Tệp CSV trống"});
    const auto& header = rows[0];
    for (const auto& h : header) {
      if (std::find(columns.begin(), columns.end(), h) == columns.end())
        errors.push_back("dòng 1: cột “" + SanitizeUtf8(h) + "” không có trong mẫu");  // the name is the file's bytes
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (rows[r].size() != header.size()) {
        errors.push_back("dòng " + std::to_string(r + 1) + ": có " + std::to_string(rows[r].size()) + " ô, cần " +
                         std::to_string(header.size()));
        continue;
      }
      json o = json::object();
      for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string& h = header[c];
        const std::string& v = rows[r][c];
        if (h == "curated") o[h] = (v == "1" || v == "true");
        else if (h == "clause") o[h] = v.empty() ? 0 : std::atoi(v.c_str());
        else o[h] = v;  // list columns: one item per line, split by validation
      }
      objects.emplace_back(static_cast<int>(r + 1), std::move(o));
    }
  }
  std::vector<std::pair<std::string, json>> valid;
  for (const auto& [line, o] : objects) {
    std::string key = EntityKey(entity, o);
    if (entity == "faq" && key.empty()) key = "new";
    if (key.empty()) {
      errors.push_back("dòng " + std::to_string(line) + ": thiếu khóa (" + columns[0] + ")");
      continue;
    }
    if (key != "new") {
      auto v = ValidateEntity(db, entity, key, o);
      if (!v) {
        for (const auto& e : v.error()) errors.push_back("dòng " + std::to_string(line) + ": " + e);
        continue;
      }
    }
    valid.emplace_back(key, o);
  }
  if (!errors.empty()) return std::unexpected(errors);
  Editor editor(db);
  int n = 0;
  for (const auto& [key, o] : valid) {
    auto r = editor.SaveDraft(actor, entity, key, o, "nhập từ tệp");
    if (!r) {
      std::vector<std::string> e = {"đã tạo " + std::to_string(n) + " bản nháp rồi dừng ở " + key};
      e.insert(e.end(), r.error().begin(), r.error().end());
      return std::unexpected(e);
    }
    ++n;
  }
  return n;
}

}  // namespace knowledge

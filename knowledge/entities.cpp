// Design note: the live tables stay the single source the bot reads. A staff
// edit is a whole JSON object per key; applying it rewrites the row and its
// FTS rows (rowid = procedures.pid) in the caller's transaction, so a search
// never sees a half-applied edit. The FTS text is composed as import.cpp
// composes it (name / aliases / field+agency / documents+result+body).
#include "knowledge/entities.h"

#include <algorithm>
#include <regex>
#include <set>

#include "knowledge/text.h"

namespace knowledge {
namespace {

// A value from the request (a URL key, a CSV cell) inside a message: its bytes
// may not be UTF-8, and the message goes back as JSON and into the audit log.
std::string Quoted(std::string_view value) { return "“" + SanitizeUtf8(value) + "”"; }

using nlohmann::json;

std::string Trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

json ParseList(const std::string& text) {
  try {
    json j = json::parse(text);
    if (j.is_array()) return j;
  } catch (const json::exception&) {
  }
  return json::array();
}

std::string Join(const json& list, const char* sep) {
  std::string out;
  for (const auto& e : list) {
    if (!e.is_string()) continue;
    if (!out.empty()) out += sep;
    out += e.get<std::string>();
  }
  return out;
}

bool ValidDate(const std::string& s) {
  static const std::regex kDate(R"((\d{4})-(\d{2})-(\d{2}))");
  std::smatch m;
  if (!std::regex_match(s, m, kDate)) return false;
  const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = kDays[mo - 1];
  if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) days = 29;
  return d <= days;
}

// Reads fields from the edited object, collecting Vietnamese messages.
struct Check {
  const json& in;
  json out = json::object();
  std::vector<std::string> errors;

  std::string Str(const char* key, const char* label, bool required) {
    std::string v;
    if (in.contains(key) && !in[key].is_null()) {
      if (in[key].is_string()) v = Trim(SanitizeUtf8(ComposeNfc(in[key].get<std::string>())));
      else if (in[key].is_number()) v = in[key].dump();
      else errors.push_back(std::string(label) + ": phải là chữ");
    }
    if (required && v.empty()) errors.push_back(std::string(label) + ": không được để trống");
    out[key] = v;
    return v;
  }
  json List(const char* key, const char* label) {
    json list = json::array();
    if (in.contains(key) && !in[key].is_null()) {
      const json& v = in[key];
      if (v.is_string()) {
        // A textarea sends one item per line.
        std::string s = v.get<std::string>();
        std::size_t start = 0;
        while (start <= s.size()) {
          auto nl = s.find('\n', start);
          std::string item = Trim(SanitizeUtf8(ComposeNfc(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start))));
          if (!item.empty()) list.push_back(item);
          if (nl == std::string::npos) break;
          start = nl + 1;
        }
      } else if (v.is_array()) {
        for (const auto& e : v) {
          if (!e.is_string()) {
            errors.push_back(std::string(label) + ": mỗi dòng phải là chữ");
            break;
          }
          std::string item = Trim(SanitizeUtf8(ComposeNfc(e.get<std::string>())));
          if (!item.empty()) list.push_back(item);
        }
      } else {
        errors.push_back(std::string(label) + ": phải là danh sách");
      }
    }
    out[key] = list;
    return list;
  }
  std::string Date(const char* key, const char* label, bool required) {
    std::string v = Str(key, label, required);
    if (!v.empty() && !ValidDate(v)) errors.push_back(std::string(label) + ": phải là ngày có thật, dạng NNNN-TT-NN (ví dụ 2026-11-26)");
    return v;
  }
  void OneOf(const std::string& v, const char* label, const std::set<std::string>& allowed) {
    if (v.empty() || allowed.count(v)) return;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    errors.push_back(std::string(label) + ": " + Quoted(v) + " không hợp lệ (chỉ nhận " + list + ")");
  }
  void Https(const std::string& v, const char* label) {
    if (!v.empty() && v.rfind("https://", 0) != 0) errors.push_back(std::string(label) + ": phải bắt đầu bằng https://");
  }
  void ReviewAfterChecked(const std::string& checked, const std::string& review_by) {
    if (!checked.empty() && !review_by.empty() && ValidDate(checked) && ValidDate(review_by) && review_by <= checked)
      errors.push_back("Hạn rà soát: phải sau ngày kiểm tra");
  }
};

const std::set<std::string> kChannels = {"truc_tiep", "buu_chinh", "truc_tuyen"};
const std::set<std::string> kLevels = {"trung_uong", "tinh", "xa", "khac"};

std::optional<std::int64_t> Pid(Database& db, const std::string& id) {
  auto st = db.Prepare("SELECT pid FROM procedures WHERE id = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, id);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  return st->Int(0);
}

std::expected<void, std::string> Reindex(Database& db, std::int64_t pid, bool remove_only) {
  for (const char* t : {"fts_name", "fts_aliases", "fts_field", "fts_body"}) {
    auto del = db.Prepare(std::string("DELETE FROM ") + t + " WHERE rowid = ?1");
    if (!del) return std::unexpected(del.error());
    del->Bind(1, pid);
    if (auto r = del->Run(); !r) return r;
  }
  if (remove_only) return {};
  auto st = db.Prepare("SELECT name, aliases, coalesce(field,''), coalesce(agency,''), documents, coalesce(result,''),"
                       " coalesce(body,'') FROM procedures WHERE pid = ?1");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, pid);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::unexpected("no procedure row " + std::to_string(pid));
  std::string body = Join(ParseList(st->Text(4)), "\n") + "\n" + st->Text(5);
  if (!st->Text(6).empty()) body += "\n" + st->Text(6);
  const std::pair<const char*, std::string> rows[] = {{"fts_name", st->Text(0)},
                                                      {"fts_aliases", Join(ParseList(st->Text(1)), "\n")},
                                                      {"fts_field", st->Text(2) + "\n" + st->Text(3)},
                                                      {"fts_body", body}};
  for (const auto& [table, text] : rows) {
    if (text.empty()) continue;
    auto ins = db.Prepare(std::string("INSERT INTO ") + table + " (rowid, text) VALUES (?1, ?2)");
    if (!ins) return std::unexpected(ins.error());
    ins->Bind(1, pid).Bind(2, text);
    if (auto r = ins->Run(); !r) return r;
  }
  return {};
}

void BindOpt(Statement& st, int i, const json& data, const char* key) {
  if (data.contains(key) && data[key].is_string() && !data[key].get<std::string>().empty())
    st.Bind(i, data[key].get<std::string>());
  else
    st.BindNull(i);
}

std::string S(const json& data, const char* key) {
  return data.contains(key) && data[key].is_string() ? data[key].get<std::string>() : std::string();
}

json ProcedureFromRow(Statement& st) {
  return json{{"id", st.Text(0)},          {"kind", st.Text(1)},           {"curated", st.Int(2) != 0},
              {"name", st.Text(3)},        {"field", st.Text(4)},          {"agency", st.Text(5)},
              {"level", st.Text(6)},       {"documents", ParseList(st.Text(7))}, {"steps", ParseList(st.Text(8))},
              {"processing_time", st.Text(9)}, {"fees", st.Text(10)},      {"submit_channels", ParseList(st.Text(11))},
              {"online_level", st.Text(12)}, {"legal_basis", ParseList(st.Text(13))}, {"result", st.Text(14)},
              {"url", st.Text(15)},        {"source", st.Text(16)},        {"notes", st.Text(17)},
              {"checked", st.Text(18)},    {"review_by", st.Text(19)},     {"aliases", ParseList(st.Text(20))},
              {"body", st.Text(21)}};
}

constexpr const char* kProcedureColumns =
    "id, kind, curated, name, field, agency, level, documents, steps, processing_time, fees, submit_channels,"
    " online_level, legal_basis, result, url, source, notes, checked, review_by, aliases, body";
constexpr const char* kOfficeColumns =
    "name, level, kind, commune, address, phone, hours, website, email, latitude, longitude, source, notes, checked";

json OfficeFromRow(Statement& st) {
  json o{{"name", st.Text(0)},    {"level", st.Text(1)},   {"kind", st.Text(2)},  {"commune", st.Text(3)},
         {"address", st.Text(4)}, {"phone", st.Text(5)},   {"hours", st.Text(6)}, {"website", st.Text(7)},
         {"email", st.Text(8)},   {"source", st.Text(11)}, {"notes", st.Text(12)}, {"checked", st.Text(13)}};
  o["latitude"] = st.IsNull(9) ? json(nullptr) : json(st.Double(9));
  o["longitude"] = st.IsNull(10) ? json(nullptr) : json(st.Double(10));
  return o;
}

std::vector<json> Rows(Database& db, const std::string& sql, const std::string& bind1, const std::string& bind2,
                       int limit, json (*read)(Statement&)) {
  std::vector<json> out;
  auto st = db.Prepare(sql);
  if (!st) return out;
  st->Bind(1, bind1).Bind(2, bind2).Bind(3, limit);
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back(read(*st));
  }
  return out;
}

json FaqFromRow(Statement& st) {
  return json{{"id", st.Text(0)},      {"question", st.Text(1)}, {"answer", st.Text(2)}, {"aliases", ParseList(st.Text(3))},
              {"source", st.Text(4)},  {"checked", st.Text(5)},  {"review_by", st.Text(6)}};
}
json SynonymFromRow(Statement& st) {
  return json{{"term", st.Text(1)}, {"expansion", st.Text(2)}, {"kind", st.Text(3)}};
}
json CommuneFromRow(Statement& st) {
  return json{{"name", st.Text(0)},         {"type", st.Text(1)},     {"clause", st.Int(2)},
              {"merged_from", st.Text(3)}, {"province", st.Text(4)}, {"effective", st.Text(5)},
              {"source", st.Text(6)}};
}

}  // namespace

bool IsEntity(std::string_view entity) {
  return std::any_of(std::begin(kEntities), std::end(kEntities), [&](const char* e) { return entity == e; });
}

std::string EntityKey(std::string_view entity, const json& data) {
  if (!data.is_object()) return {};
  if (entity == "procedure" || entity == "faq") return S(data, "id");
  if (entity == "synonym") return Fold(S(data, "term"));
  if (entity == "office" || entity == "commune") return Trim(ComposeNfc(S(data, "name")));
  return {};
}

std::optional<json> ReadLive(Database& db, std::string_view entity, const std::string& key) {
  std::vector<json> rows;
  if (entity == "procedure")
    rows = Rows(db, std::string("SELECT ") + kProcedureColumns + " FROM procedures WHERE id = ?1 AND ?2 = '' LIMIT ?3",
                key, "", 1, ProcedureFromRow);
  else if (entity == "faq")
    rows = Rows(db, "SELECT id, question, answer, aliases, source, checked, coalesce(review_by,'') FROM faqs"
                    " WHERE id = ?1 AND ?2 = '' LIMIT ?3", key, "", 1, FaqFromRow);
  else if (entity == "synonym")
    rows = Rows(db, "SELECT term, term_text, expansion, kind FROM synonyms WHERE term = ?1 AND ?2 = '' LIMIT ?3", key,
                "", 1, SynonymFromRow);
  else if (entity == "office")
    rows = Rows(db, std::string("SELECT ") + kOfficeColumns + " FROM offices WHERE name = ?1 AND ?2 = '' ORDER BY oid LIMIT ?3",
                key, "", 1, OfficeFromRow);
  else if (entity == "commune")
    rows = Rows(db, "SELECT name, type, clause, merged_from, province, coalesce(effective,''), source FROM communes"
                    " WHERE name = ?1 AND ?2 = '' LIMIT ?3", key, "", 1, CommuneFromRow);
  if (rows.empty()) return std::nullopt;
  return rows[0];
}

std::vector<json> ListLive(Database& db, std::string_view entity, const std::string& text, int limit) {
  // Names are matched on the folded form so that "khai sinh" finds "Khai sinh".
  const std::string like = "%" + Fold(text) + "%";
  const std::string raw = "%" + text + "%";
  if (entity == "procedure") {
    std::vector<json> out;
    const std::string folded = Fold(text);
    auto st = db.Prepare(std::string("SELECT ") + kProcedureColumns +
                         " FROM procedures WHERE id NOT LIKE 'faq-%' ORDER BY curated DESC, kind DESC, id");
    if (!st) return out;
    while (static_cast<int>(out.size()) < limit) {
      auto row = st->Step();
      if (!row || !*row) break;
      if (!text.empty() && st->Text(0).find(text) == std::string::npos &&
          Fold(st->Text(3)).find(folded) == std::string::npos)
        continue;
      out.push_back(ProcedureFromRow(*st));
    }
    return out;
  }
  if (entity == "faq")
    return Rows(db, "SELECT id, question, answer, aliases, source, checked, coalesce(review_by,'') FROM faqs"
                    " WHERE ?1 = '%%' OR question LIKE ?2 OR id LIKE ?2 ORDER BY id LIMIT ?3", "%" + text + "%", raw,
                limit, FaqFromRow);
  if (entity == "synonym")
    return Rows(db, "SELECT term, term_text, expansion, kind FROM synonyms WHERE ?1 = '%%' OR term LIKE ?1 OR"
                    " term_text LIKE ?2 OR expansion LIKE ?2 ORDER BY term LIMIT ?3", like, raw, limit, SynonymFromRow);
  if (entity == "office")
    return Rows(db, std::string("SELECT ") + kOfficeColumns +
                        " FROM offices WHERE ?1 = '%%' OR name LIKE ?2 OR commune LIKE ?2 ORDER BY oid LIMIT ?3",
                "%" + text + "%", raw, limit, OfficeFromRow);
  if (entity == "commune")
    return Rows(db, "SELECT name, type, clause, merged_from, province, coalesce(effective,''), source FROM communes"
                    " WHERE ?1 = '%%' OR name LIKE ?2 ORDER BY clause LIMIT ?3", "%" + text + "%", raw, limit,
                CommuneFromRow);
  return {};
}

std::expected<json, std::vector<std::string>> ValidateEntity(Database& db, std::string_view entity,
                                                             const std::string& key, const json& data) {
  if (!data.is_object()) return std::unexpected(std::vector<std::string>{"Dữ liệu phải là một đối tượng JSON"});
  if (data.contains("deleted") && data["deleted"] == true) {
    if (entity == "procedure")
      return std::unexpected(std::vector<std::string>{"Không xóa được thủ tục của danh mục quốc gia; hãy sửa nội dung"});
    if (!ReadLive(db, entity, key)) return std::unexpected(std::vector<std::string>{"Không có mục " + Quoted(key) + " để xóa"});
    return json{{"deleted", true}};
  }
  Check c{data, json::object(), {}};
  if (entity == "procedure") {
    auto live = ReadLive(db, entity, key);
    if (!live) return std::unexpected(std::vector<std::string>{"Không có thủ tục mã " + Quoted(key)});
    c.out["id"] = key;
    c.out["kind"] = (*live)["kind"];
    c.out["curated"] = data.contains("curated") ? data["curated"].is_boolean() && data["curated"].get<bool>() : true;
    c.Str("name", "Tên thủ tục", true);
    c.Str("field", "Lĩnh vực", false);
    c.Str("agency", "Cơ quan thực hiện", false);
    std::string level = c.Str("level", "Cấp thực hiện", false);
    for (std::size_t start = 0; !level.empty();) {
      auto comma = level.find(',', start);
      c.OneOf(Trim(level.substr(start, comma == std::string::npos ? std::string::npos : comma - start)),
              "Cấp thực hiện", kLevels);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    c.List("documents", "Thành phần hồ sơ");
    c.List("steps", "Trình tự thực hiện");
    c.Str("processing_time", "Thời hạn giải quyết", false);
    c.Str("fees", "Phí, lệ phí", false);
    for (const auto& ch : c.List("submit_channels", "Cách nộp")) c.OneOf(ch.get<std::string>(), "Cách nộp", kChannels);
    c.Str("online_level", "Mức dịch vụ công trực tuyến", false);
    c.List("legal_basis", "Căn cứ pháp lý");
    c.Str("result", "Kết quả", false);
    c.Https(c.Str("url", "Đường dẫn", false), "Đường dẫn");
    c.Str("source", "Nguồn", true);
    c.Str("notes", "Ghi chú", false);
    const std::string checked = c.Date("checked", "Ngày kiểm tra", true);
    c.ReviewAfterChecked(checked, c.Date("review_by", "Hạn rà soát", false));
    c.List("aliases", "Cách gọi khác");
    c.Str("body", "Nội dung", (*live)["kind"] == "article");
  } else if (entity == "faq") {
    if (key.rfind("faq-", 0) != 0) c.errors.push_back("Mã hỏi đáp phải có dạng faq-N");
    c.out["id"] = key;
    c.Str("question", "Câu hỏi", true);
    c.Str("answer", "Câu trả lời", true);
    c.List("aliases", "Cách hỏi khác");
    c.Str("source", "Nguồn", true);
    const std::string checked = c.Date("checked", "Ngày kiểm tra", true);
    c.ReviewAfterChecked(checked, c.Date("review_by", "Hạn rà soát", false));
  } else if (entity == "synonym") {
    const std::string term = c.Str("term", "Từ viết tắt / cách gọi", true);
    const std::string exp = c.Str("expansion", "Từ chuẩn", true);
    c.OneOf(c.Str("kind", "Loại", true), "Loại", {"abbreviation", "teencode", "everyday", "english"});
    if (!term.empty() && Fold(term).empty()) c.errors.push_back("Từ viết tắt / cách gọi: phải có chữ hoặc số");
    if (!exp.empty() && Fold(exp).empty()) c.errors.push_back("Từ chuẩn: phải có chữ hoặc số");
    if (!term.empty() && Fold(term) != key) c.errors.push_back("Từ viết tắt / cách gọi: không khớp với mục đang sửa");
  } else if (entity == "office") {
    const std::string name = c.Str("name", "Tên cơ quan", true);
    if (!name.empty() && name != key) c.errors.push_back("Tên cơ quan: muốn đổi tên, hãy tạo mục mới rồi xóa mục cũ");
    c.OneOf(c.Str("level", "Cấp", true), "Cấp", {"tinh", "xa"});
    c.OneOf(c.Str("kind", "Loại", true), "Loại", {"mot_cua", "lien_he"});
    const std::string commune = c.Str("commune", "Xã, phường phục vụ", false);
    if (!commune.empty() && !ReadLive(db, "commune", commune))
      c.errors.push_back("Xã, phường phục vụ: không có " + Quoted(commune) + " trong danh sách xã, phường");
    for (const char* k : {"address", "phone", "hours", "email", "notes"}) c.Str(k, k, false);
    c.Https(c.Str("website", "Trang web", false), "Trang web");
    for (const char* k : {"latitude", "longitude"}) {
      c.out[k] = nullptr;
      if (!data.contains(k) || data[k].is_null() || (data[k].is_string() && Trim(data[k].get<std::string>()).empty()))
        continue;
      try {
        const double v = data[k].is_number() ? data[k].get<double>() : std::stod(data[k].get<std::string>());
        c.out[k] = v;
      } catch (...) {
        c.errors.push_back(std::string(k == std::string("latitude") ? "Vĩ độ" : "Kinh độ") + ": phải là số");
      }
    }
    c.Str("source", "Nguồn", true);
    c.Date("checked", "Ngày kiểm tra", true);
  } else if (entity == "commune") {
    const std::string name = c.Str("name", "Tên xã, phường", true);
    if (!name.empty() && name != key) c.errors.push_back("Tên xã, phường: muốn đổi tên, hãy tạo mục mới rồi xóa mục cũ");
    c.OneOf(c.Str("type", "Loại", true), "Loại", {"xa", "phuong"});
    c.out["clause"] = data.contains("clause") && data["clause"].is_number_integer() ? data["clause"].get<int>() : 0;
    c.Str("merged_from", "Sáp nhập từ", false);
    c.Str("province", "Tỉnh", true);
    c.Date("effective", "Ngày hiệu lực", false);
    c.Str("source", "Nguồn", true);
  } else {
    return std::unexpected(std::vector<std::string>{"Loại dữ liệu không hợp lệ"});
  }
  if (!c.errors.empty()) return std::unexpected(std::move(c.errors));
  return c.out;
}

std::expected<void, std::string> ApplyEntity(Database& db, std::string_view entity, const std::string& key,
                                             const json& data) {
  const bool deleted = data.contains("deleted") && data["deleted"] == true;
  if (entity == "procedure") {
    auto pid = Pid(db, key);
    if (!pid) return std::unexpected("no procedure " + key);
    auto st = db.Prepare(
        "UPDATE procedures SET curated=?2, name=?3, field=?4, agency=?5, level=?6, documents=?7, steps=?8,"
        " processing_time=?9, fees=?10, submit_channels=?11, online_level=?12, legal_basis=?13, result=?14, url=?15,"
        " source=?16, notes=?17, checked=?18, review_by=?19, aliases=?20, body=?21 WHERE id=?1");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, key).Bind(2, data.value("curated", true) ? 1 : 0).Bind(3, S(data, "name"));
    BindOpt(*st, 4, data, "field");
    BindOpt(*st, 5, data, "agency");
    st->Bind(6, S(data, "level")).Bind(7, data.value("documents", json::array()).dump()).Bind(8, data.value("steps", json::array()).dump());
    BindOpt(*st, 9, data, "processing_time");
    BindOpt(*st, 10, data, "fees");
    st->Bind(11, data.value("submit_channels", json::array()).dump());
    BindOpt(*st, 12, data, "online_level");
    st->Bind(13, data.value("legal_basis", json::array()).dump());
    BindOpt(*st, 14, data, "result");
    BindOpt(*st, 15, data, "url");
    st->Bind(16, S(data, "source"));
    BindOpt(*st, 17, data, "notes");
    st->Bind(18, S(data, "checked"));
    BindOpt(*st, 19, data, "review_by");
    st->Bind(20, data.value("aliases", json::array()).dump());
    BindOpt(*st, 21, data, "body");
    if (auto r = st->Run(); !r) return r;
    return Reindex(db, *pid, false);
  }
  if (entity == "faq") {
    auto pid = Pid(db, key);
    if (deleted) {
      auto df = db.Prepare("DELETE FROM faqs WHERE id = ?1");
      if (!df) return std::unexpected(df.error());
      df->Bind(1, key);
      if (auto r = df->Run(); !r) return r;
      if (!pid) return {};
      if (auto r = Reindex(db, *pid, true); !r) return r;
      auto del = db.Prepare("DELETE FROM procedures WHERE pid = ?1");
      if (!del) return std::unexpected(del.error());
      del->Bind(1, *pid);
      return del->Run();
    }
    auto up = db.Prepare("INSERT OR REPLACE INTO faqs (id, question, answer, aliases, source, checked, review_by)"
                         " VALUES (?1,?2,?3,?4,?5,?6,?7)");
    if (!up) return std::unexpected(up.error());
    up->Bind(1, key).Bind(2, S(data, "question")).Bind(3, S(data, "answer")).Bind(4, data.value("aliases", json::array()).dump())
        .Bind(5, S(data, "source")).Bind(6, S(data, "checked"));
    BindOpt(*up, 7, data, "review_by");
    if (auto r = up->Run(); !r) return r;
    if (!pid) {
      auto ins = db.Prepare("INSERT INTO procedures (id, kind, curated, name, source, checked) VALUES (?1, 'article', 1, ?2, ?3, ?4)");
      if (!ins) return std::unexpected(ins.error());
      ins->Bind(1, key).Bind(2, S(data, "question")).Bind(3, S(data, "source")).Bind(4, S(data, "checked"));
      if (auto r = ins->Run(); !r) return r;
      pid = db.LastInsertId();
    }
    auto st = db.Prepare("UPDATE procedures SET name=?2, field='hoi_dap', body=?3, aliases=?4, source=?5, checked=?6,"
                         " review_by=?7 WHERE pid=?1");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, *pid).Bind(2, S(data, "question")).Bind(3, S(data, "answer")).Bind(4, data.value("aliases", json::array()).dump())
        .Bind(5, S(data, "source")).Bind(6, S(data, "checked"));
    BindOpt(*st, 7, data, "review_by");
    if (auto r = st->Run(); !r) return r;
    return Reindex(db, *pid, false);
  }
  if (entity == "synonym") {
    if (deleted) {
      auto st = db.Prepare("DELETE FROM synonyms WHERE term = ?1");
      if (!st) return std::unexpected(st.error());
      st->Bind(1, key);
      return st->Run();
    }
    auto st = db.Prepare("INSERT OR REPLACE INTO synonyms (term, term_text, expansion, kind) VALUES (?1,?2,?3,?4)");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, key).Bind(2, S(data, "term")).Bind(3, S(data, "expansion")).Bind(4, S(data, "kind"));
    return st->Run();
  }
  if (entity == "office") {
    auto del = db.Prepare("DELETE FROM offices WHERE name = ?1");
    if (!del) return std::unexpected(del.error());
    del->Bind(1, key);
    if (auto r = del->Run(); !r) return r;
    if (deleted) return {};
    auto st = db.Prepare(std::string("INSERT INTO offices (") + kOfficeColumns +
                         ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, key).Bind(2, S(data, "level")).Bind(3, S(data, "kind"));
    int i = 4;
    for (const char* k : {"commune", "address", "phone", "hours", "website", "email"}) BindOpt(*st, i++, data, k);
    for (const char* k : {"latitude", "longitude"}) {
      if (data.contains(k) && data[k].is_number()) st->Bind(i, data[k].get<double>());
      else st->BindNull(i);
      ++i;
    }
    st->Bind(12, S(data, "source"));
    BindOpt(*st, 13, data, "notes");
    st->Bind(14, S(data, "checked"));
    return st->Run();
  }
  if (entity == "commune") {
    auto del = db.Prepare("DELETE FROM communes WHERE name = ?1");
    if (!del) return std::unexpected(del.error());
    del->Bind(1, key);
    if (auto r = del->Run(); !r) return r;
    if (deleted) return {};
    auto st = db.Prepare("INSERT INTO communes (name, type, clause, merged_from, province, effective, source)"
                         " VALUES (?1,?2,?3,?4,?5,?6,?7)");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, key).Bind(2, S(data, "type")).Bind(3, data.value("clause", 0)).Bind(4, S(data, "merged_from"))
        .Bind(5, S(data, "province"));
    BindOpt(*st, 6, data, "effective");
    st->Bind(7, S(data, "source"));
    return st->Run();
  }
  return std::unexpected("unknown entity");
}

std::string NextFaqId(Database& db) {
  auto st = db.Prepare(
      "SELECT coalesce(max(n), 0) + 1 FROM (SELECT CAST(substr(id, 5) AS INTEGER) AS n FROM faqs"
      " UNION ALL SELECT CAST(substr(key, 5) AS INTEGER) FROM revisions WHERE entity = 'faq')");
  if (!st) return "faq-1";
  auto row = st->Step();
  if (!row || !*row) return "faq-1";
  return "faq-" + std::to_string(st->Int(0));
}

}  // namespace knowledge

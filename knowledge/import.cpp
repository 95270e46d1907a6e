#include "knowledge/import.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "knowledge/revisions.h"
#include "knowledge/text.h"

namespace knowledge {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Collects "file:line: reason" messages.
struct Errors {
  std::vector<std::string> list;
  void Add(const std::string& file, int line, const std::string& why) {
    list.push_back(file + ":" + std::to_string(line) + ": " + why);
  }
};

struct Line {
  std::string file;
  int number;
  json value;
};

bool ValidUtf8(std::string_view s) { return SanitizeUtf8(s) == s; }

// Reads a JSON Lines file. Blank lines are skipped; a missing optional file is
// an empty list.
std::vector<Line> ReadJsonl(std::istream& in, const std::string& name, Errors& errors) {
  std::vector<Line> out;
  std::string text;
  int n = 0;
  while (std::getline(in, text)) {
    ++n;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    if (!ValidUtf8(text)) {
      errors.Add(name, n, "not valid UTF-8");
      continue;
    }
    try {
      json v = json::parse(text);
      if (!v.is_object()) {
        errors.Add(name, n, "a line must be one JSON object");
        continue;
      }
      out.push_back({name, n, std::move(v)});
    } catch (const json::exception& e) {
      errors.Add(name, n, std::string("invalid JSON: ") + e.what());
    }
  }
  return out;
}

std::vector<Line> ReadJsonl(const fs::path& path, bool required, Errors& errors) {
  const std::string name = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (required) errors.Add(name, 0, "file not found");
    return {};
  }
  return ReadJsonl(in, name, errors);
}

// Field readers: each records an error and returns a neutral value on mismatch.
struct Reader {
  const Line& line;
  Errors& errors;
  bool ok = true;

  void Fail(const std::string& why) {
    errors.Add(line.file, line.number, why);
    ok = false;
  }
  std::string Str(const char* key, bool required, bool allow_empty = false) {
    if (!line.value.contains(key) || line.value[key].is_null()) {
      if (required) Fail(std::string("missing \"") + key + "\"");
      return {};
    }
    const json& v = line.value[key];
    if (!v.is_string()) {
      Fail(std::string("\"") + key + "\" must be a string");
      return {};
    }
    std::string s = v.get<std::string>();
    if (required && !allow_empty && s.find_first_not_of(" \t") == std::string::npos)
      Fail(std::string("\"") + key + "\" is empty");
    return s;
  }
  std::vector<std::string> List(const char* key, bool required) {
    std::vector<std::string> out;
    if (!line.value.contains(key) || line.value[key].is_null()) {
      if (required) Fail(std::string("missing \"") + key + "\"");
      return out;
    }
    const json& v = line.value[key];
    if (!v.is_array()) {
      Fail(std::string("\"") + key + "\" must be a list of strings");
      return out;
    }
    for (const auto& e : v) {
      if (!e.is_string()) {
        Fail(std::string("\"") + key + "\" must be a list of strings");
        return {};
      }
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  std::string Date(const char* key, bool required) {
    std::string s = Str(key, required);
    static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
    if (!s.empty() && !std::regex_match(s, kDate)) Fail(std::string("\"") + key + "\" must be a date YYYY-MM-DD");
    return s;
  }
};

std::string ToJson(const std::vector<std::string>& v) { return json(v).dump(); }

bool IsProcedureCode(const std::string& id) {
  static const std::regex kCode(R"(\d+\.\d+)");
  return std::regex_match(id, kCode);
}

std::string JoinLevels(const json& levels) {
  std::string out;
  if (!levels.is_array()) return out;
  for (const auto& l : levels) {
    if (!l.is_string()) continue;
    if (!out.empty()) out += ',';
    out += l.get<std::string>();
  }
  return out;
}

struct Row {
  std::string id, kind, name, field, agency, level, ministry, decision, processing_time, fees, online_level,
      result, url, source, notes, checked, review_by, body;
  bool curated = false;
  std::vector<std::string> documents, steps, channels_list, legal_basis, aliases;
  std::string channels_json = "[]";
  std::vector<std::string> results;
};

const std::set<std::string> kChannels = {"truc_tiep", "buu_chinh", "truc_tuyen"};
const std::set<std::string> kLevels = {"trung_uong", "tinh", "xa", "khac"};

void ReadCatalog(const std::vector<Line>& lines, std::map<std::string, Row>& rows, Errors& errors) {
  for (const auto& l : lines) {
    Reader r{l, errors};
    Row row;
    row.kind = "procedure";
    row.id = r.Str("id", true);
    row.name = r.Str("name", true);
    row.field = r.Str("field", false);
    row.agency = r.Str("agency", false);
    row.ministry = r.Str("ministry", false);
    row.decision = r.Str("decision", false);
    row.url = r.Str("url", true);
    row.result = r.Str("result", false);
    row.results = r.List("results", false);
    const std::string date = r.Date("source_date", true);
    const std::string path = r.Str("source_path", false);
    if (!l.value.contains("level") || !l.value["level"].is_array()) {
      r.Fail("\"level\" must be a list");
    } else {
      for (const auto& lv : l.value["level"])
        if (!lv.is_string() || !kLevels.count(lv.get<std::string>())) r.Fail("unknown level in \"level\"");
      row.level = JoinLevels(l.value["level"]);
    }
    if (l.value.contains("channels")) {
      if (!l.value["channels"].is_array()) r.Fail("\"channels\" must be a list");
      else row.channels_json = l.value["channels"].dump();
    }
    if (l.value.contains("legal_basis") && l.value["legal_basis"].is_array()) {
      for (const auto& lb : l.value["legal_basis"])
        if (lb.is_object() && lb.contains("code") && lb["code"].is_string())
          row.legal_basis.push_back(lb["code"].get<std::string>());
    }
    if (!row.id.empty() && !IsProcedureCode(row.id)) r.Fail("\"id\" must be a procedure code such as 1.001193");
    if (!row.url.empty() && row.url.rfind("https://", 0) != 0) r.Fail("\"url\" must be an https:// link");
    row.source = row.url + (path.empty() ? "" : " (" + path + ")");
    row.checked = date;
    if (!r.ok) continue;
    if (rows.count(row.id)) {
      errors.Add(l.file, l.number, "duplicate id " + row.id);
      continue;
    }
    rows[row.id] = std::move(row);
  }
}

void ReadCurated(const std::vector<Line>& lines, std::map<std::string, Row>& rows, Errors& errors) {
  std::set<std::string> seen;
  for (const auto& l : lines) {
    Reader r{l, errors};
    const std::string id = r.Str("id", true);
    Row c;
    c.name = r.Str("name", true);
    c.field = r.Str("field", true);
    c.agency = r.Str("agency", true);
    c.level = r.Str("level", true);
    c.documents = r.List("documents", true);
    c.steps = r.List("steps", true);
    c.processing_time = r.Str("processing_time", false);
    c.fees = r.Str("fees", false);
    c.channels_list = r.List("submit_channels", true);
    c.online_level = r.Str("online_level", false);
    c.legal_basis = r.List("legal_basis", true);
    c.source = r.Str("source", true);
    c.notes = r.Str("notes", false);
    c.checked = r.Date("checked", true);
    c.review_by = r.Date("review_by", false);
    c.aliases = r.List("aliases", true);
    for (const auto& ch : c.channels_list)
      if (!kChannels.count(ch)) r.Fail("unknown submit channel \"" + ch + "\"");
    std::size_t start = 0;
    while (start <= c.level.size() && !c.level.empty()) {
      std::size_t comma = c.level.find(',', start);
      std::string lv = c.level.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!kLevels.count(lv)) r.Fail("unknown level \"" + lv + "\"");
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (!id.empty() && !seen.insert(id).second) r.Fail("duplicate id " + id);
    auto it = rows.find(id);
    if (!id.empty() && it == rows.end()) r.Fail("id " + id + " is not in catalog.jsonl");
    if (!r.ok) continue;
    Row& row = it->second;
    row.curated = true;
    row.name = c.name;
    row.field = c.field;
    row.agency = c.agency;
    row.level = c.level;
    row.documents = std::move(c.documents);
    row.steps = std::move(c.steps);
    row.processing_time = c.processing_time;
    row.fees = c.fees;
    row.channels_list = std::move(c.channels_list);
    row.online_level = c.online_level;
    row.legal_basis = std::move(c.legal_basis);
    row.source = c.source;
    row.notes = c.notes;
    row.checked = c.checked;
    row.review_by = c.review_by;
    for (auto& a : c.aliases) row.aliases.push_back(std::move(a));
  }
}

void ReadArticles(const std::vector<Line>& lines, std::map<std::string, Row>& rows, Errors& errors) {
  for (const auto& l : lines) {
    Reader r{l, errors};
    Row row;
    row.kind = "article";
    row.id = r.Str("id", true);
    row.name = r.Str("title", true);
    row.body = r.Str("body", true);
    row.field = r.Str("topic", false);
    row.aliases = r.List("aliases", false);
    row.source = r.Str("source", true);
    row.checked = r.Date("checked", true);
    row.review_by = r.Date("review_by", false);
    row.url = r.Str("url", false);
    if (!row.id.empty() && IsProcedureCode(row.id)) r.Fail("an article id must not look like a procedure code");
    if (!r.ok) continue;
    if (rows.count(row.id)) {
      errors.Add(l.file, l.number, "duplicate id " + row.id);
      continue;
    }
    rows[row.id] = std::move(row);
  }
}

int ReadExtraAliases(const std::vector<Line>& lines, std::map<std::string, Row>& rows, Errors& errors) {
  int n = 0;
  for (const auto& l : lines) {
    Reader r{l, errors};
    const std::string id = r.Str("id", true);
    auto aliases = r.List("aliases", true);
    const std::string lang = r.Str("lang", false);
    if (!lang.empty() && lang != "vi" && lang != "en") r.Fail("\"lang\" must be vi or en");
    auto it = rows.find(id);
    if (!id.empty() && it == rows.end()) r.Fail("unknown id " + id);
    if (!r.ok) continue;
    for (auto& a : aliases) {
      it->second.aliases.push_back(std::move(a));
      ++n;
    }
  }
  return n;
}

struct SynonymRow {
  std::string folded, term, expansion, kind;
};

std::vector<SynonymRow> ReadSynonyms(const std::vector<Line>& lines, Errors& errors) {
  static const std::set<std::string> kKinds = {"abbreviation", "teencode", "everyday", "english"};
  std::vector<SynonymRow> out;
  std::unordered_map<std::string, int> seen;
  for (const auto& l : lines) {
    Reader r{l, errors};
    SynonymRow s;
    s.term = r.Str("term", true);
    s.expansion = r.Str("expansion", true);
    s.kind = r.Str("kind", true);
    if (!s.kind.empty() && !kKinds.count(s.kind)) r.Fail("unknown kind \"" + s.kind + "\"");
    s.folded = Fold(s.term);
    if (!s.term.empty() && s.folded.empty()) r.Fail("\"term\" has no letters or digits");
    if (!s.expansion.empty() && Fold(s.expansion).empty()) r.Fail("\"expansion\" has no letters or digits");
    if (!r.ok) continue;
    if (auto it = seen.find(s.folded); it != seen.end()) {
      errors.Add(l.file, l.number, "term \"" + s.term + "\" repeats line " + std::to_string(it->second));
      continue;
    }
    seen[s.folded] = l.number;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> ReadFillers(const fs::path& path, Errors& errors) {
  std::vector<std::string> out;
  std::ifstream in(path, std::ios::binary);
  if (!in) return out;
  std::set<std::string> seen;
  std::string text;
  int n = 0;
  while (std::getline(in, text)) {
    ++n;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text[0] == '#') continue;
    if (!ValidUtf8(text)) {
      errors.Add(path.filename().string(), n, "not valid UTF-8");
      continue;
    }
    std::string f = Fold(text);
    if (f.empty()) continue;
    if (seen.insert(f).second) out.push_back(f);
  }
  return out;
}

struct OfficeRow {
  std::string name, level, kind, commune, address, phone, hours, website, email, source, notes, checked;
  std::optional<double> lat, lon;
};

std::vector<OfficeRow> ReadOffices(const std::vector<Line>& lines, Errors& errors) {
  std::vector<OfficeRow> out;
  for (const auto& l : lines) {
    Reader r{l, errors};
    OfficeRow o;
    o.name = r.Str("name", true);
    o.level = r.Str("level", true);
    o.kind = r.Str("kind", true);
    o.commune = r.Str("commune", false);
    o.address = r.Str("address", false);
    o.phone = r.Str("phone", false);
    o.hours = r.Str("hours", false);
    o.website = r.Str("website", false);
    o.email = r.Str("email", false);
    o.source = r.Str("source", true);
    o.notes = r.Str("notes", false);
    o.checked = r.Date("checked", true);
    if (!o.level.empty() && o.level != "tinh" && o.level != "xa") r.Fail("\"level\" must be tinh or xa");
    if (!o.kind.empty() && o.kind != "mot_cua" && o.kind != "lien_he") r.Fail("\"kind\" must be mot_cua or lien_he");
    for (const char* k : {"latitude", "longitude"}) {
      if (!l.value.contains(k) || l.value[k].is_null()) continue;
      if (!l.value[k].is_number()) {
        r.Fail(std::string("\"") + k + "\" must be a number");
        continue;
      }
      (std::string(k) == "latitude" ? o.lat : o.lon) = l.value[k].get<double>();
    }
    if (r.ok) out.push_back(std::move(o));
  }
  return out;
}

struct CommuneRow {
  std::string name, type, merged_from, province, effective, source;
  int clause = 0;
};

std::vector<CommuneRow> ReadCommunes(const std::vector<Line>& lines, Errors& errors) {
  std::vector<CommuneRow> out;
  std::set<std::string> seen;
  for (const auto& l : lines) {
    Reader r{l, errors};
    CommuneRow c;
    c.name = r.Str("name", true);
    c.type = r.Str("type", true);
    c.merged_from = r.Str("merged_from", false);
    c.province = r.Str("province", true);
    c.effective = r.Date("effective", false);
    c.source = r.Str("source", true);
    if (l.value.contains("clause") && l.value["clause"].is_number_integer()) c.clause = l.value["clause"].get<int>();
    if (!c.type.empty() && c.type != "xa" && c.type != "phuong") r.Fail("\"type\" must be xa or phuong");
    if (!c.name.empty() && !seen.insert(c.name).second) r.Fail("duplicate commune " + c.name);
    if (r.ok) out.push_back(std::move(c));
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::expected<void, std::string> Write(Database& db, const std::map<std::string, Row>& rows,
                                       const std::vector<SynonymRow>& synonyms,
                                       const std::vector<std::string>& fillers,
                                       const std::vector<OfficeRow>& offices,
                                       const std::vector<CommuneRow>& communes) {
  auto tx = Transaction::Begin(db);
  if (!tx) return std::unexpected(tx.error());
  for (const char* sql : {"DELETE FROM procedures", "DELETE FROM fts_name", "DELETE FROM fts_aliases",
                          "DELETE FROM fts_field", "DELETE FROM fts_body", "DELETE FROM synonyms",
                          "DELETE FROM fillers", "DELETE FROM offices", "DELETE FROM communes"}) {
    if (auto r = db.Exec(sql); !r) return r;
  }
  auto ins = db.Prepare(
      "INSERT INTO procedures (id, kind, curated, name, field, agency, level, ministry, decision, documents, steps,"
      " processing_time, fees, submit_channels, online_level, legal_basis, result, url, source, notes, checked,"
      " review_by, aliases, body, channels) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,"
      "?19,?20,?21,?22,?23,?24,?25)");
  if (!ins) return std::unexpected(ins.error());
  auto fts = [&](const char* table) { return db.Prepare(std::string("INSERT INTO ") + table + "(rowid, text) VALUES (?1, ?2)"); };
  auto f_name = fts("fts_name"), f_alias = fts("fts_aliases"), f_field = fts("fts_field"), f_body = fts("fts_body");
  if (!f_name || !f_alias || !f_field || !f_body) return std::unexpected("cannot prepare FTS inserts");
  auto opt = [](Statement& st, int i, const std::string& s) {
    if (s.empty()) st.BindNull(i);
    else st.Bind(i, s);
  };
  for (const auto& [id, row] : rows) {
    Statement& st = *ins;
    st.Reset();
    st.Bind(1, row.id).Bind(2, row.kind).Bind(3, row.curated ? 1 : 0).Bind(4, row.name);
    opt(st, 5, row.field);
    opt(st, 6, row.agency);
    st.Bind(7, row.level);
    opt(st, 8, row.ministry);
    opt(st, 9, row.decision);
    st.Bind(10, ToJson(row.documents)).Bind(11, ToJson(row.steps));
    opt(st, 12, row.processing_time);
    opt(st, 13, row.fees);
    st.Bind(14, ToJson(row.channels_list));
    opt(st, 15, row.online_level);
    st.Bind(16, ToJson(row.legal_basis));
    opt(st, 17, row.result);
    opt(st, 18, row.url);
    st.Bind(19, row.source);
    opt(st, 20, row.notes);
    st.Bind(21, row.checked);
    opt(st, 22, row.review_by);
    st.Bind(23, ToJson(row.aliases));
    opt(st, 24, row.body);
    st.Bind(25, row.channels_json);
    if (auto r = st.Run(); !r) return std::unexpected("procedure " + id + ": " + r.error());
    const std::int64_t pid = db.LastInsertId();
    auto put = [&](Statement& f, const std::string& text) -> std::expected<void, std::string> {
      if (text.empty()) return {};
      f.Reset();
      f.Bind(1, pid).Bind(2, text);
      return f.Run();
    };
    std::string body = Join(row.documents, "\n") + "\n" + row.result;
    for (const auto& r : row.results)
      if (r != row.result) body += "\n" + r;
    if (!row.body.empty()) body += "\n" + row.body;
    for (auto r : {put(*f_name, row.name), put(*f_alias, Join(row.aliases, "\n")),
                   put(*f_field, row.field + "\n" + row.agency), put(*f_body, body)}) {
      if (!r) return std::unexpected("index " + id + ": " + r.error());
    }
  }
  auto syn = db.Prepare("INSERT INTO synonyms (term, term_text, expansion, kind) VALUES (?1, ?2, ?3, ?4)");
  if (!syn) return std::unexpected(syn.error());
  for (const auto& s : synonyms) {
    syn->Reset();
    syn->Bind(1, s.folded).Bind(2, s.term).Bind(3, s.expansion).Bind(4, s.kind);
    if (auto r = syn->Run(); !r) return r;
  }
  auto fil = db.Prepare("INSERT INTO fillers (phrase) VALUES (?1)");
  if (!fil) return std::unexpected(fil.error());
  for (const auto& f : fillers) {
    fil->Reset();
    fil->Bind(1, f);
    if (auto r = fil->Run(); !r) return r;
  }
  auto off = db.Prepare(
      "INSERT INTO offices (name, level, kind, commune, address, phone, hours, website, email, latitude, longitude,"
      " source, notes, checked) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
  if (!off) return std::unexpected(off.error());
  for (const auto& o : offices) {
    Statement& st = *off;
    st.Reset();
    st.Bind(1, o.name).Bind(2, o.level).Bind(3, o.kind);
    opt(st, 4, o.commune);
    opt(st, 5, o.address);
    opt(st, 6, o.phone);
    opt(st, 7, o.hours);
    opt(st, 8, o.website);
    opt(st, 9, o.email);
    if (o.lat) st.Bind(10, *o.lat); else st.BindNull(10);
    if (o.lon) st.Bind(11, *o.lon); else st.BindNull(11);
    st.Bind(12, o.source);
    opt(st, 13, o.notes);
    st.Bind(14, o.checked);
    if (auto r = st.Run(); !r) return r;
  }
  auto com = db.Prepare(
      "INSERT INTO communes (name, type, clause, merged_from, province, effective, source) VALUES (?1,?2,?3,?4,?5,?6,?7)");
  if (!com) return std::unexpected(com.error());
  for (const auto& c : communes) {
    Statement& st = *com;
    st.Reset();
    st.Bind(1, c.name).Bind(2, c.type).Bind(3, c.clause).Bind(4, c.merged_from).Bind(5, c.province);
    opt(st, 6, c.effective);
    st.Bind(7, c.source);
    if (auto r = st.Run(); !r) return r;
  }
  auto meta = db.Prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('imported_at', datetime('now'))");
  if (!meta) return std::unexpected(meta.error());
  if (auto r = meta->Run(); !r) return r;
  // Staff edits published through the console win over the shipped files.
  if (auto r = ReapplyPublished(db); !r) return std::unexpected("re-applying staff edits: " + r.error());
  return tx->Commit();
}

}  // namespace

std::expected<ImportStats, std::vector<std::string>> ImportDirectory(Database& db, const std::string& data_dir) {
  Errors errors;
  const fs::path dir(data_dir);
  if (!fs::is_directory(dir)) return std::unexpected(std::vector<std::string>{data_dir + ": not a directory"});
  std::map<std::string, Row> rows;
  ReadCatalog(ReadJsonl(dir / "catalog.jsonl", true, errors), rows, errors);
  ReadCurated(ReadJsonl(dir / "procedures.jsonl", true, errors), rows, errors);
  ReadArticles(ReadJsonl(dir / "articles.jsonl", false, errors), rows, errors);
  const int extra = ReadExtraAliases(ReadJsonl(dir / "aliases.jsonl", false, errors), rows, errors);
  auto synonyms = ReadSynonyms(ReadJsonl(dir / "synonyms.jsonl", false, errors), errors);
  auto fillers = ReadFillers(dir / "fillers.txt", errors);
  auto offices = ReadOffices(ReadJsonl(dir / "offices.jsonl", true, errors), errors);
  auto communes = ReadCommunes(ReadJsonl(dir / "communes.jsonl", true, errors), errors);
  if (!errors.list.empty()) return std::unexpected(std::move(errors.list));
  if (rows.empty()) return std::unexpected(std::vector<std::string>{"catalog.jsonl: no procedures"});
  if (auto r = Write(db, rows, synonyms, fillers, offices, communes); !r)
    return std::unexpected(std::vector<std::string>{"database: " + r.error()});
  ImportStats s;
  for (const auto& [id, row] : rows) {
    if (row.kind == "article") ++s.articles;
    else ++s.procedures;
    if (row.curated) ++s.curated;
  }
  s.offices = static_cast<int>(offices.size());
  s.communes = static_cast<int>(communes.size());
  s.synonyms = static_cast<int>(synonyms.size());
  s.fillers = static_cast<int>(fillers.size());
  s.extra_aliases = extra;
  return s;
}

std::vector<std::string> CheckFile(const std::string& file_name, std::string_view content) {
  Errors errors;
  std::istringstream in{std::string(content)};
  auto lines = ReadJsonl(in, file_name, errors);
  std::map<std::string, Row> rows;
  if (file_name == "catalog.jsonl") ReadCatalog(lines, rows, errors);
  else if (file_name == "procedures.jsonl") ReadCurated(lines, rows, errors);
  else if (file_name == "articles.jsonl") ReadArticles(lines, rows, errors);
  else if (file_name == "aliases.jsonl") ReadExtraAliases(lines, rows, errors);
  else if (file_name == "synonyms.jsonl") ReadSynonyms(lines, errors);
  else if (file_name == "offices.jsonl") ReadOffices(lines, errors);
  else if (file_name == "communes.jsonl") ReadCommunes(lines, errors);
  else errors.Add(file_name, 0, "unknown data file");
  return std::move(errors.list);
}

std::expected<Database, std::string> OpenOrBuild(const std::string& db_path, const std::string& data_dir) {
  std::error_code ec;
  fs::path parent = fs::path(db_path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  auto db = OpenServing(db_path);
  if (!db) return db;
  auto count = db->Prepare("SELECT count(*) FROM procedures");
  if (!count) return std::unexpected(count.error());
  auto row = count->Step();
  if (!row) return std::unexpected(row.error());
  const bool empty = count->Int(0) == 0;
  count->Reset();
  if (!empty) return db;
  auto stats = ImportDirectory(*db, data_dir);
  if (!stats) {
    std::string msg = "cannot build the knowledge base from " + data_dir + ":";
    for (const auto& e : stats.error()) msg += "\n  " + e;
    return std::unexpected(msg);
  }
  return db;
}

std::optional<std::string> StaleDataNotice(Database& db, const std::string& data_dir) {
  auto st = db.Prepare("SELECT CAST(strftime('%s', value) AS INTEGER) FROM meta WHERE key = 'imported_at'");
  if (!st) return std::nullopt;
  auto row = st->Step();
  if (!row || !*row || st->IsNull(0)) return std::nullopt;
  const auto imported = std::chrono::sys_seconds(std::chrono::seconds(st->Int(0)));
  std::error_code ec;
  std::string newest;
  for (const auto& entry : fs::directory_iterator(data_dir, ec)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file(ec) || (ext != ".jsonl" && ext != ".txt")) continue;
    const auto changed = std::chrono::file_clock::to_sys(entry.last_write_time(ec));
    // Whole seconds: imported_at has no fraction, and a file written in the
    // same second as the import is part of it.
    if (!ec && std::chrono::floor<std::chrono::seconds>(changed) > imported) newest = entry.path().filename().string();
  }
  if (newest.empty()) return std::nullopt;
  return data_dir + "/" + newest + " changed after the last import into " + db.path() +
         "; the service answers from the database: run `hccbot import` to load the new data";
}

}  // namespace knowledge

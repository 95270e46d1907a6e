#include "knowledge/import.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "tests/support/test_support.h"

namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

// A small valid data directory: two catalogue rows, one curated, one office, one commune.
void WriteSmallData(const fs::path& dir) {
  std::ofstream(dir / "catalog.jsonl")
      << R"({"id":"1.001193","name":"Đăng ký khai sinh","level":["xa"],"field":"Hộ tịch","url":"https://dichvucong.gov.vn/a","source_date":"2026-06-10","source_path":"x.json"})"
      << "\n"
      << R"({"id":"1.000656","name":"Đăng ký khai tử","level":["xa"],"field":"Hộ tịch","url":"https://dichvucong.gov.vn/b","source_date":"2026-06-10"})"
      << "\n";
  std::ofstream(dir / "procedures.jsonl")
      << R"({"id":"1.001193","name":"Đăng ký khai sinh","field":"Hộ tịch","agency":"UBND cấp xã","level":"xa","documents":["Tờ khai"],"steps":["Nộp"],"processing_time":"Trong ngày","fees":"Miễn","submit_channels":["truc_tiep"],"online_level":null,"legal_basis":[],"source":"https://dichvucong.gov.vn/a","notes":"","checked":"2026-11-26","aliases":["làm giấy khai sinh"]})"
      << "\n";
  std::ofstream(dir / "offices.jsonl")
      << R"({"name":"Trung tâm PVHCC","level":"tinh","kind":"mot_cua","address":"Số 1","phone":"0272 1","hours":null,"website":null,"email":null,"source":"s","notes":null,"checked":"2026-11-26"})"
      << "\n";
  std::ofstream(dir / "communes.jsonl")
      << R"({"name":"Tân Ninh","type":"phuong","clause":5,"merged_from":"Phường 1, Phường 3","province":"Tây Ninh","effective":"2025-07-01","source":"NQ 1682"})"
      << "\n";
}

int Count(knowledge::Database& db, const char* table) {
  auto st = db.Prepare(std::string("SELECT count(*) FROM ") + table);
  EXPECT_TRUE(st.has_value());
  (void)st->Step();
  return static_cast<int>(st->Int(0));
}

TEST(Import, SmallDirectory) {
  TempDir dir;
  WriteSmallData(dir.path());
  auto db = knowledge::OpenServing((dir / "k.db").string());
  ASSERT_TRUE(db.has_value()) << db.error();
  auto stats = knowledge::ImportDirectory(*db, dir.path().string());
  ASSERT_TRUE(stats.has_value()) << stats.error().front();
  EXPECT_EQ(stats->procedures, 2);
  EXPECT_EQ(stats->curated, 1);
  EXPECT_EQ(Count(*db, "procedures"), 2);
  EXPECT_EQ(Count(*db, "offices"), 1);
  EXPECT_EQ(Count(*db, "communes"), 1);
}

TEST(Import, BadLineRejectsTheWholeFileAndKeepsTheOldData) {
  TempDir dir;
  WriteSmallData(dir.path());
  auto db = knowledge::OpenServing((dir / "k.db").string());
  ASSERT_TRUE(db.has_value());
  ASSERT_TRUE(knowledge::ImportDirectory(*db, dir.path().string()).has_value());
  // A second import whose third catalogue line is broken and whose curated line lacks a name.
  {
    std::ofstream cat(dir / "catalog.jsonl", std::ios::app);
    cat << R"({"id":"1.999999","name":"Mới","level":["xa"],"url":"https://dichvucong.gov.vn/c","source_date":"2026-06-10"})"
        << "\n{not json\n";
  }
  {
    std::ofstream p(dir / "procedures.jsonl", std::ios::app);
    p << R"({"id":"1.000656","field":"Hộ tịch"})" << "\n";
  }
  auto stats = knowledge::ImportDirectory(*db, dir.path().string());
  ASSERT_FALSE(stats.has_value());
  const auto& errors = stats.error();
  auto has = [&](const std::string& s) {
    for (const auto& e : errors)
      if (e.find(s) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("catalog.jsonl:4: invalid JSON")) << errors.front();
  EXPECT_TRUE(has("procedures.jsonl:2: missing \"name\""));
  // Nothing half-imported: the valid new row 1.999999 is not there.
  EXPECT_EQ(Count(*db, "procedures"), 2);
}

TEST(Import, ReportsTypeAndReferenceErrors) {
  TempDir dir;
  WriteSmallData(dir.path());
  std::ofstream(dir / "procedures.jsonl")
      << R"({"id":"9.999999","name":"X","field":"F","agency":"A","level":"huyen","documents":"one","steps":[],"submit_channels":["fax"],"legal_basis":[],"source":"s","checked":"26/11/2026","aliases":[]})"
      << "\n";
  auto db = knowledge::OpenServing((dir / "k.db").string());
  ASSERT_TRUE(db.has_value());
  auto stats = knowledge::ImportDirectory(*db, dir.path().string());
  ASSERT_FALSE(stats.has_value());
  std::string all;
  for (const auto& e : stats.error()) all += e + "\n";
  EXPECT_NE(all.find("procedures.jsonl:1: \"documents\" must be a list of strings"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown submit channel \"fax\""), std::string::npos) << all;
  EXPECT_NE(all.find("unknown level \"huyen\""), std::string::npos) << all;
  EXPECT_NE(all.find("\"checked\" must be a date"), std::string::npos) << all;
  EXPECT_NE(all.find("9.999999 is not in catalog.jsonl"), std::string::npos) << all;
}

TEST(Import, MissingRequiredFile) {
  TempDir dir;
  WriteSmallData(dir.path());
  fs::remove(dir / "offices.jsonl");
  auto db = knowledge::OpenServing((dir / "k.db").string());
  auto stats = knowledge::ImportDirectory(*db, dir.path().string());
  ASSERT_FALSE(stats.has_value());
  EXPECT_EQ(stats.error().front(), "offices.jsonl:0: file not found");
}

TEST(Import, ShippedKnowledgeIsComplete) {
  auto& k = testing_support::Knowledge();
  EXPECT_GE(Count(*k.db, "procedures"), 2642);
  auto st = k.db->Prepare("SELECT count(*) FROM procedures WHERE curated = 1");
  (void)st->Step();
  EXPECT_EQ(st->Int(0), 206);
  auto p = k.index->Get("1.001193");
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->curated);
  EXPECT_FALSE(p->documents.empty());
  EXPECT_EQ(p->checked, "2026-11-26");
  EXPECT_FALSE(p->source.empty());
  EXPECT_EQ(p->url.rfind("https://dichvucong.gov.vn/", 0), 0u);
}

TEST(Schema, RefusesANewerDatabase) {
  TempDir dir;
  {
    auto db = knowledge::Database::Open((dir / "k.db").string());
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 999").has_value());
  }
  auto db = knowledge::OpenServing((dir / "k.db").string());
  ASSERT_FALSE(db.has_value());
  EXPECT_NE(db.error().find("newer"), std::string::npos);
}

// A foreign key's child column without an index makes every delete of a
// parent row scan the child table (SQLite checks the key on each delete).
TEST(Schema, EveryForeignKeyHasAnIndexOnItsChildColumn) {
  TempDir dir;
  auto db = knowledge::OpenServing((dir / "k.db").string());
  ASSERT_TRUE(db.has_value()) << db.error();
  auto tables = db->Prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  ASSERT_TRUE(tables.has_value());
  int keys = 0;
  while (*tables->Step()) {
    const std::string table = tables->Text(0);
    auto fks = db->Prepare("SELECT \"from\" FROM pragma_foreign_key_list(?1)");
    ASSERT_TRUE(fks.has_value());
    fks->Bind(1, table);
    while (*fks->Step()) {
      const std::string column = fks->Text(0);
      ++keys;
      auto idx = db->Prepare(
          "SELECT count(*) FROM pragma_index_list(?1) l, pragma_index_info(l.name) i "
          "WHERE i.seqno = 0 AND i.name = ?2");
      ASSERT_TRUE(idx.has_value());
      idx->Bind(1, table);
      idx->Bind(2, column);
      ASSERT_TRUE(*idx->Step());
      EXPECT_GT(idx->Int(0), 0) << table << "." << column << " references another table but has no index";
    }
  }
  EXPECT_GE(keys, 4);
}

// After an update brings new data files, the operator is told that the
// database still serves the old import.
TEST(Import, ADataFileChangedAfterTheImportIsReported) {
  TempDir dir;
  const auto data = dir / "data";
  std::filesystem::copy(testing_support::KnowledgeDataDir(), data, std::filesystem::copy_options::recursive);
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const auto& e : std::filesystem::directory_iterator(data)) std::filesystem::last_write_time(e.path(), now - std::chrono::hours(1));
  auto db = knowledge::OpenOrBuild((dir / "k.db").string(), data.string());
  ASSERT_TRUE(db.has_value()) << db.error();
  EXPECT_FALSE(knowledge::StaleDataNotice(*db, data.string()).has_value());
  std::filesystem::last_write_time(data / "aliases.jsonl", now + std::chrono::hours(1));
  auto notice = knowledge::StaleDataNotice(*db, data.string());
  ASSERT_TRUE(notice.has_value());
  EXPECT_NE(notice->find("aliases.jsonl"), std::string::npos) << *notice;
  EXPECT_NE(notice->find("hccbot import"), std::string::npos) << *notice;
}

}  // namespace

#include "knowledge/backup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "tests/support/test_support.h"

namespace {

using testing_support::TempDir;

std::int64_t Count(knowledge::Database& db, const char* sql) {
  auto st = db.Prepare(sql);
  EXPECT_TRUE(st) << st.error();
  auto row = st->Step();
  EXPECT_TRUE(row && *row);
  return st->Int(0);
}

// A copy taken while another connection keeps writing opens, passes the
// integrity check and holds at least every row committed before it started.
TEST(Backup, CopyWhileWritingRestoresIntact) {
  TempDir dir;
  const std::string live = (dir / "live.db").string();
  auto db = knowledge::OpenServing(live);
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE(db->Exec("CREATE TABLE IF NOT EXISTS backup_probe (n INTEGER PRIMARY KEY, payload TEXT NOT NULL)"));
  auto filled = db->Exec(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000)"
      " INSERT INTO backup_probe (payload) SELECT hex(randomblob(64)) FROM c");
  ASSERT_TRUE(filled) << filled.error();
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    auto w = knowledge::OpenServing(live);
    ASSERT_TRUE(w) << w.error();
    while (!stop) {
      if (w->Exec("INSERT INTO backup_probe (payload) VALUES (hex(randomblob(64)))")) ++written;
    }
  });
  while (written < 50) std::this_thread::yield();  // the writer is really running
  const std::int64_t before = Count(*db, "SELECT count(*) FROM backup_probe");
  std::vector<std::string> copies;
  for (int k = 0; k < 3; ++k) {
    const std::string copy = (dir / ("copy" + std::to_string(k) + ".db")).string();
    auto stats = knowledge::Backup(live, copy);
    ASSERT_TRUE(stats) << stats.error();
    EXPECT_GT(stats->pages, 0);
    copies.push_back(copy);
  }
  stop = true;
  writer.join();
  EXPECT_GT(written.load(), 50);
  for (const auto& copy : copies) {
    EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
    knowledge::OpenOptions ro;
    ro.create = false;
    auto restored = knowledge::Database::Open(copy, ro);
    ASSERT_TRUE(restored) << restored.error();
    auto ok = knowledge::CheckIntegrity(*restored);
    EXPECT_TRUE(ok) << ok.error();
    EXPECT_GE(Count(*restored, "SELECT count(*) FROM backup_probe"), before);
    // The schema came along: the copy is a usable database for the service.
    auto serving = knowledge::OpenServing(copy);
    EXPECT_TRUE(serving) << serving.error();
  }
}

TEST(Backup, RestoredKnowledgeAnswersSearches) {
  TempDir dir;
  const std::string copy = (dir / "knowledge-copy.db").string();
  auto& k = testing_support::Knowledge();
  auto stats = knowledge::Backup(k.db->path(), copy);
  ASSERT_TRUE(stats) << stats.error();
  auto db = knowledge::OpenServing(copy);
  ASSERT_TRUE(db) << db.error();
  knowledge::Index index(*db, k.cfg.knowledge);
  ASSERT_TRUE(index.Reload());
  EXPECT_EQ(index.ProcedureCount(), k.index->ProcedureCount());
  auto r = index.Search("đăng ký khai sinh");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "1.001193");
}

TEST(Backup, MissingSourceIsAnErrorAndLeavesNoFile) {
  TempDir dir;
  auto stats = knowledge::Backup((dir / "absent.db").string(), (dir / "copy.db").string());
  EXPECT_FALSE(stats);
  EXPECT_FALSE(std::filesystem::exists(dir / "copy.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "absent.db")) << "backup must not create the source";
}

TEST(Backup, CliCopiesTheDatabase) {
  TempDir dir;
  auto& k = testing_support::Knowledge();
  const std::string copy = (dir / "cli-copy.db").string();
  const std::string cmd = std::string(HCCBOT_BINARY) + " backup --db " + k.db->path() + " " + copy + " >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_TRUE(std::filesystem::exists(copy));
  EXPECT_NE(std::system(cmd.c_str()), 0) << "an existing destination is refused";
}

}  // namespace

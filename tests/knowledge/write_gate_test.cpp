// The process-wide write gate: urgent writers first, no self-deadlock, a
// bounded wait, and every connection on one file sharing it.
#include "knowledge/write_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "knowledge/checkpointer.h"
#include "knowledge/database.h"

namespace knowledge {
namespace {

using std::chrono::milliseconds;

std::string TempDb(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / ("hccbot-gate-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}

// Blocks until `gate` counts `n` waiters.
void AwaitWaiters(const WriteGate& gate, std::uint64_t n) {
  while (gate.waits() < n) std::this_thread::sleep_for(milliseconds(1));
}

TEST(WriteGate, UrgentWaiterEntersBeforeEarlierOrdinaryOnes) {
  WriteGate gate;
  ASSERT_TRUE(gate.Acquire(false, milliseconds(1000)));
  std::mutex order_mutex;
  std::vector<std::string> order;
  auto enter = [&](bool urgent, std::string name) {
    ASSERT_TRUE(gate.Acquire(urgent, milliseconds(5000)));
    {
      std::lock_guard lock(order_mutex);
      order.push_back(name);
    }
    gate.Release();
  };
  std::thread a(enter, false, "worker-1");
  AwaitWaiters(gate, 1);
  std::thread b(enter, false, "worker-2");
  AwaitWaiters(gate, 2);
  std::thread c(enter, true, "inbox");
  AwaitWaiters(gate, 3);
  gate.Release();
  a.join();
  b.join();
  c.join();
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0], "inbox");
}

TEST(WriteGate, SecondWriteOnTheSameThreadIsAnErrorNotADeadlock) {
  WriteGate gate;
  ASSERT_TRUE(gate.Acquire(false, milliseconds(1000)));
  auto again = gate.Acquire(true, milliseconds(1000));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().find("another connection"), std::string::npos);
  gate.Release();
  EXPECT_TRUE(gate.Acquire(false, milliseconds(10)));
  gate.Release();
}

TEST(WriteGate, WaitIsBoundedByTheTimeout) {
  WriteGate gate;
  ASSERT_TRUE(gate.Acquire(false, milliseconds(1000)));
  std::thread t([&] {
    auto r = gate.Acquire(true, milliseconds(30));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("busy"), std::string::npos);
  });
  t.join();
  gate.Release();
  // The urgent waiter that gave up no longer holds the ordinary ones back.
  EXPECT_TRUE(gate.Acquire(false, milliseconds(10)));
  gate.Release();
}

TEST(WriteGate, ConnectionsOnOneFileShareItAndMemoryDatabasesHaveNone) {
  const std::string path = TempDb("shared.db");
  auto a = OpenServing(path);
  auto b = OpenServing(path);
  ASSERT_TRUE(a && b);
  ASSERT_NE(a->gate(), nullptr);
  EXPECT_EQ(a->gate(), b->gate());
  auto m = OpenServing(":memory:");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->gate(), nullptr);
}

// Transactions and autocommit writes on two connections from many threads:
// every write lands, none fails with "database is locked" even though SQLite's
// own busy timeout is zero, because the gate orders them.
TEST(WriteGate, WritersOnSeveralConnectionsNeverMeetTheLock) {
  const std::string path = TempDb("writers.db");
  OpenOptions no_busy_wait;
  no_busy_wait.busy_timeout_ms = 0;
  {
    auto setup = Database::Open(path);
    ASSERT_TRUE(setup);
    ASSERT_TRUE(setup->Exec("PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER)"));
  }
  constexpr int kThreads = 4, kWrites = 50;
  // Opened and read once before the threads start: the first reader of a WAL
  // file rebuilds its index and others meet SQLITE_BUSY meanwhile, a reader's
  // wait that has nothing to do with writers (and with no busy wait a thread
  // used to burn through all its writes inside that window).
  std::vector<Database> connections;
  for (int i = 0; i < kThreads; ++i) {
    auto db = Database::Open(path, no_busy_wait);
    ASSERT_TRUE(db) << db.error();
    auto st = db->Prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(st && st->Step());
    connections.push_back(std::move(*db));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Database* db = &connections[i];
      if (i % 2) db->SetUrgentWrites(true);
      for (int k = 0; k < kWrites; ++k) {
        if (k % 2) {
          auto st = db->Prepare("INSERT INTO t VALUES (1)");
          if (!st || !st->Run()) ++failures;
        } else {
          auto tx = Transaction::Begin(*db);
          if (!tx) {
            ++failures;
            continue;
          }
          auto st = db->Prepare("INSERT INTO t VALUES (2)");
          if (!st || !st->Run() || !tx->Commit()) ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto db = Database::Open(path);
  auto st = db->Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(st && st->Step());
  EXPECT_EQ(st->Int(0), kThreads * kWrites);
}

// Writes about 4 MB (1,000 WAL frames of 4 KiB) in one transaction.
void WriteWalThreshold(Database& db) {
  auto tx = Transaction::Begin(db);
  ASSERT_TRUE(tx.has_value()) << tx.error();
  for (int i = 0; i < 1100; ++i) {
    ASSERT_TRUE(db.Exec("INSERT INTO blobs (b) VALUES (randomblob(3500))").has_value());
  }
  ASSERT_TRUE(tx->Commit().has_value());
}

std::uintmax_t WalBytes(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path + "-wal", ec);
  return ec ? 0 : n;
}

// With a Checkpointer the writer only signals; the checkpoints still happen,
// so the WAL is reused instead of growing with everything ever written.
TEST(Checkpointer, TakesOverTheCheckpointsAndKeepsTheWalBounded) {
  const std::string path = TempDb("checkpoint.db");
  auto db = OpenServing(path);
  ASSERT_TRUE(db.has_value()) << db.error();
  ASSERT_TRUE(db->Exec("CREATE TABLE blobs (b BLOB)").has_value());
  auto cp = Checkpointer::Start(path);
  ASSERT_TRUE(cp.has_value()) << cp.error();
  ASSERT_TRUE(db->gate()->HasCheckpointer());
  for (int round = 1; round <= 6; ++round) {
    WriteWalThreshold(*db);
    // Wait for this round's checkpoint (no time limit asserted: ctest's timeout guards a hang).
    while ((*cp)->checkpoints() < static_cast<std::uint64_t>(round)) std::this_thread::sleep_for(milliseconds(2));
  }
  EXPECT_EQ((*cp)->failures(), 0u);
  // 6 rounds wrote ~25 MB; a WAL that is reused stays near one round's size.
  EXPECT_LT(WalBytes(path), 12u << 20) << "the WAL grew: checkpoints did not run";
  cp->reset();
  EXPECT_FALSE(db->gate()->HasCheckpointer());
}

TEST(Checkpointer, WithoutOneTheCommittingWriterCheckpoints) {
  const std::string path = TempDb("checkpoint-inline.db");
  auto db = OpenServing(path);
  ASSERT_TRUE(db.has_value()) << db.error();
  ASSERT_TRUE(db->Exec("CREATE TABLE blobs (b BLOB)").has_value());
  for (int round = 0; round < 6; ++round) WriteWalThreshold(*db);
  EXPECT_LT(WalBytes(path), 12u << 20) << "the WAL grew: the writer did not checkpoint";
}

}  // namespace
}  // namespace knowledge

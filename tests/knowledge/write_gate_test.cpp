// The process-wide write gate: urgent writers first, no self-deadlock, a
// bounded wait, and every connection on one file sharing it.
#include "knowledge/write_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

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
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto db = Database::Open(path, no_busy_wait);
      if (!db) {
        ++failures;
        return;
      }
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

}  // namespace
}  // namespace knowledge

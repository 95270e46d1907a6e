// The durable stores under the Zalo edge: knowledge::Inbox, Outbox and
// TokenStore on a real SQLite file.
#include <gtest/gtest.h>

#include <thread>

#include "knowledge/database.h"
#include "knowledge/inbox.h"
#include "knowledge/outbox.h"
#include "knowledge/tokens.h"
#include "tests/support/test_support.h"

namespace {

using testing_support::TempDir;

knowledge::InboxEvent Event(const std::string& key, const std::string& user, std::int64_t ms = 1000) {
  return {key, "user_send_text", user, ms, ms, R"({"raw":true})"};
}

TEST(Inbox, AcceptIsDurableAndDedupesByKey) {
  TempDir dir;
  const std::string path = (dir / "q.db").string();
  {
    auto inbox = knowledge::Inbox::Open(path);
    ASSERT_TRUE(inbox.has_value()) << inbox.error();
    auto a = (*inbox)->Accept(Event("user_send_text:m1", "u1"));
    ASSERT_TRUE(a.has_value()) << a.error();
    EXPECT_EQ(*a, knowledge::AcceptResult::kStored);
    auto b = (*inbox)->Accept(Event("user_send_text:m1", "u1"));
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(*b, knowledge::AcceptResult::kDuplicate);
  }
  // A new connection (a restarted process) sees the committed event and its key.
  auto again = knowledge::Inbox::Open(path);
  ASSERT_TRUE(again.has_value());
  auto c = (*again)->Counts();
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->pending, 1);
  EXPECT_EQ(*(*again)->Accept(Event("user_send_text:m1", "u1")), knowledge::AcceptResult::kDuplicate);
}

TEST(Inbox, ConcurrentAcceptsAreAllStoredOnce) {
  TempDir dir;
  auto inbox = knowledge::Inbox::Open((dir / "q.db").string());
  ASSERT_TRUE(inbox.has_value());
  std::vector<std::thread> threads;
  std::atomic<int> stored = 0, duplicates = 0, errors = 0;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        // Every key is offered by two threads.
        auto r = (*inbox)->Accept(Event("k" + std::to_string((t / 2) * 100 + i), "u" + std::to_string(t)));
        if (!r) ++errors;
        else if (*r == knowledge::AcceptResult::kStored) ++stored;
        else ++duplicates;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(stored, 160);
  EXPECT_EQ(duplicates, 160);
  EXPECT_EQ((*inbox)->Counts()->pending, 160);
}

TEST(Inbox, EveryAcceptReturnsOnlyAfterTheCommitThatHoldsItsRow) {
  // Many threads share group commits; each checks through a connection of its
  // own that its row is already committed when Accept returns.
  TempDir dir;
  const std::string path = (dir / "q.db").string();
  auto inbox = knowledge::Inbox::Open(path);
  ASSERT_TRUE(inbox.has_value());
  std::vector<std::thread> threads;
  std::atomic<int> stored = 0, invisible = 0, errors = 0;
  for (int t = 0; t < 24; ++t)
    threads.emplace_back([&, t] {
      auto reader = knowledge::OpenServing(path);
      if (!reader) {
        ++errors;
        return;
      }
      for (int i = 0; i < 30; ++i) {
        const std::string key = "k" + std::to_string(t) + "_" + std::to_string(i);
        auto r = (*inbox)->Accept(Event(key, "u" + std::to_string(t)));
        if (!r || *r != knowledge::AcceptResult::kStored) {
          ++errors;
          continue;
        }
        ++stored;
        auto st = reader->Prepare("SELECT count(*) FROM inbox WHERE dedupe_key = ?");
        if (!st) {
          ++errors;
          continue;
        }
        st->Bind(1, key);
        auto row = st->Step();
        if (!row || !*row || st->Int(0) != 1) ++invisible;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(invisible, 0);
  EXPECT_EQ(stored, 24 * 30);
  EXPECT_EQ((*inbox)->Counts()->pending, 24 * 30);
}

TEST(Inbox, NextPendingKeepsOrderPerCitizenAndSkipsBusyOnes) {
  TempDir dir;
  auto inbox = knowledge::Inbox::Open((dir / "q.db").string());
  ASSERT_TRUE(inbox.has_value());
  for (auto [k, u] : {std::pair{"a1", "A"}, {"b1", "B"}, {"a2", "A"}, {"c1", "C"}})
    ASSERT_TRUE((*inbox)->Accept(Event(k, u)).has_value());
  auto first = (*inbox)->NextPending({});
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->user_id, "A");
  // While A is being worked on, A's second event must wait; B goes next.
  auto second = (*inbox)->NextPending({"A"});
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_EQ((*second)->user_id, "B");
  auto third = (*inbox)->NextPending({"A", "B"});
  EXPECT_EQ((*third)->user_id, "C");
  auto none = (*inbox)->NextPending({"A", "B", "C"});
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE((*inbox)->Complete((*first)->id, "answered", {}, std::nullopt, 2000).has_value());
  auto next_a = (*inbox)->NextPending({"B", "C"});
  ASSERT_TRUE(next_a->has_value());
  EXPECT_EQ((*next_a)->user_id, "A");
  EXPECT_NE((*next_a)->id, (*first)->id);
}

TEST(Inbox, CompleteQueuesRepliesAndMarksDoneTogetherOnce) {
  TempDir dir;
  const std::string path = (dir / "q.db").string();
  auto inbox = knowledge::Inbox::Open(path);
  auto outbox = knowledge::Outbox::Open(path);
  ASSERT_TRUE(inbox.has_value() && outbox.has_value());
  ASSERT_TRUE((*inbox)->Accept(Event("k1", "u1")).has_value());
  auto e = (*inbox)->NextPending({});
  ASSERT_TRUE(e->has_value());
  std::vector<knowledge::OutboundText> replies = {{"u1", "một", "m1", "bot"}, {"u1", "hai", "", "bot"}};
  ASSERT_TRUE((*inbox)->Complete((*e)->id, "answered", replies, std::nullopt, 5000).has_value());
  // A second completion (another worker, another process) changes nothing.
  auto again = (*inbox)->Complete((*e)->id, "answered", replies, std::nullopt, 6000);
  EXPECT_FALSE(again.has_value());
  EXPECT_EQ((*outbox)->Counts()->pending, 2);
  EXPECT_EQ((*inbox)->Counts(/*with_done=*/true)->done, 1);
  auto unanswered = (*outbox)->UnansweredDoneEvents("");
  EXPECT_EQ(*unanswered, 1);  // owed, not yet sent or dead
}

TEST(Inbox, PruneDropsOnlyFinishedEventsBeforeTheCutoff) {
  TempDir dir;
  auto inbox = knowledge::Inbox::Open((dir / "q.db").string());
  ASSERT_TRUE((*inbox)->Accept(Event("old", "u1", 1000)).has_value());
  ASSERT_TRUE((*inbox)->Accept(Event("old-pending", "u2", 1000)).has_value());
  ASSERT_TRUE((*inbox)->Accept(Event("new", "u3", 900000)).has_value());
  auto e = (*inbox)->NextPending({"u2", "u3"});
  ASSERT_TRUE((*inbox)->Complete((*e)->id, "answered", {}, std::nullopt, 2000).has_value());
  auto n = (*inbox)->Prune(500000);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(*(*inbox)->Accept(Event("new", "u3")), knowledge::AcceptResult::kDuplicate);
  EXPECT_EQ(*(*inbox)->Accept(Event("old-pending", "u2")), knowledge::AcceptResult::kDuplicate);
}

TEST(Inbox, PruneNeverDropsAnEventBeforeItsRetentionWhenTheClockStepsBack) {
  TempDir dir;
  auto inbox = knowledge::Inbox::Open((dir / "q.db").string());
  // Arrival order: old, new, then "late" stamped before "new" (the clock stepped back).
  for (auto [key, ms] : {std::pair{"old", 1000}, {"new", 900000}, {"late", 2000}}) {
    ASSERT_TRUE((*inbox)->Accept(Event(key, key, ms)).has_value());
    auto e = (*inbox)->NextPending({});
    ASSERT_TRUE((*inbox)->Complete((*e)->id, "answered", {}, std::nullopt, ms).has_value());
  }
  auto n = (*inbox)->Prune(500000);
  ASSERT_TRUE(n.has_value()) << n.error();
  EXPECT_EQ(*n, 1);  // "late" stays until "new" goes: longer than its retention, never shorter
  EXPECT_EQ(*(*inbox)->Accept(Event("old", "old")), knowledge::AcceptResult::kStored);
  EXPECT_EQ(*(*inbox)->Accept(Event("late", "late")), knowledge::AcceptResult::kDuplicate);
  EXPECT_EQ(*(*inbox)->Accept(Event("new", "new")), knowledge::AcceptResult::kDuplicate);
  // Everything finished and old: all of it goes; nothing to prune: nothing goes.
  auto all = (*inbox)->Prune(1000000000);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(*all, 2);
  EXPECT_EQ(*(*inbox)->Prune(1000000000), 0);
  EXPECT_EQ((*inbox)->Counts()->pending, 1);  // the "old" stored again above
}

TEST(Outbox, LaterTextsOfACitizenWaitForTheEarlierOne) {
  TempDir dir;
  auto outbox = knowledge::Outbox::Open((dir / "q.db").string());
  ASSERT_TRUE(outbox.has_value());
  auto a1 = (*outbox)->Enqueue("A", "a1", "bot", 100);
  auto a2 = (*outbox)->Enqueue("A", "a2", "bot", 100);
  auto b1 = (*outbox)->Enqueue("B", "b1", "staff:lan", 100);
  ASSERT_TRUE(a1 && a2 && b1);
  auto due = (*outbox)->Due(100, 10, {});
  ASSERT_TRUE(due.has_value());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].text, "a1");
  EXPECT_EQ((*due)[1].text, "b1");
  // a1 backs off: a2 must not overtake it.
  ASSERT_TRUE((*outbox)->Retry(*a1, 10000, "HTTP 503").has_value());
  due = (*outbox)->Due(200, 10, {"B"});
  EXPECT_TRUE(due->empty());
  EXPECT_EQ(**(*outbox)->NextDueMs(), 100);  // b1 is due; a2 waits behind a1 (10000)
  ASSERT_TRUE((*outbox)->MarkSent(*b1, "zmsg-0", 300).has_value());
  EXPECT_EQ(**(*outbox)->NextDueMs(), 10000);
  due = (*outbox)->Due(10000, 10, {"B"});
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].text, "a1");
  EXPECT_EQ((*due)[0].attempts, 1);
  // A dead letter no longer blocks the citizen's later texts.
  ASSERT_TRUE((*outbox)->MarkDead(*a1, "not retryable: zalo -230: no interaction", 10001).has_value());
  due = (*outbox)->Due(10001, 10, {"B"});
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].text, "a2");
  ASSERT_TRUE((*outbox)->MarkSent(*a2, "zmsg-1", 10002).has_value());
  auto dead = (*outbox)->DeadLetters(10);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].text, "a1");
  EXPECT_EQ((*dead)[0].attempts, 2);
  EXPECT_NE((*dead)[0].reason.find("-230"), std::string::npos);
  auto c = (*outbox)->Counts();
  EXPECT_EQ(c->pending, 0);
  EXPECT_EQ(c->sent, 2);
  EXPECT_EQ(c->dead, 1);
}

TEST(Outbox, EnqueueRefusesEmptyInput) {
  TempDir dir;
  auto outbox = knowledge::Outbox::Open((dir / "q.db").string());
  EXPECT_FALSE((*outbox)->Enqueue("", "x", "staff:lan", 1).has_value());
  EXPECT_FALSE((*outbox)->Enqueue("u", "", "staff:lan", 1).has_value());
}

TEST(TokenStore, SeedsOnceSavesAndLeasesToOneHolder) {
  TempDir dir;
  auto store = knowledge::TokenStore::Open((dir / "q.db").string());
  ASSERT_TRUE(store.has_value());
  EXPECT_FALSE((*store)->Load("oa")->has_value());
  EXPECT_TRUE(*(*store)->SeedIfEmpty("oa", {"a1", "r1", 0, 1}));
  EXPECT_FALSE(*(*store)->SeedIfEmpty("oa", {"a0", "r0", 0, 2}));
  EXPECT_EQ((*(*store)->Load("oa"))->refresh_token, "r1");
  EXPECT_TRUE(*(*store)->TryLease("oa", "p1", 100, 1000));
  EXPECT_FALSE(*(*store)->TryLease("oa", "p2", 200, 1100));
  EXPECT_TRUE(*(*store)->TryLease("oa", "p2", 1001, 2000));  // p1's lease ran out
  ASSERT_TRUE((*store)->Save("oa", {"a2", "r2", 5000, 3}).has_value());
  ASSERT_TRUE((*store)->ReleaseLease("oa", "p2").has_value());
  EXPECT_TRUE(*(*store)->TryLease("oa", "p3", 1500, 2500));
  auto p = (*store)->Load("oa");
  EXPECT_EQ((*p)->access_token, "a2");
  EXPECT_EQ((*p)->refresh_token, "r2");
  EXPECT_EQ((*p)->expires_at_ms, 5000);
}

// The claim queries run once per event and per text: they must find the first
// pending row through an index in id order, never by sorting or scanning the
// whole backlog (which made a 24,000-event backlog drain at 40 texts/s).
std::string PlanOf(knowledge::Database& db, const std::string& sql) {
  auto st = db.Prepare("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(st.has_value()) << (st ? "" : st.error());
  if (!st) return {};
  std::string plan;
  while (*st->Step()) plan += st->Text(3) + "\n";
  return plan;
}

TEST(Queues, ClaimQueriesNeitherSortNorScanTheBacklog) {
  TempDir dir;
  auto db = knowledge::OpenServing((dir / "q.db").string());
  ASSERT_TRUE(db.has_value()) << db.error();
  for (std::size_t busy : {0u, 3u}) {
    for (const std::string& sql : {knowledge::Inbox::NextPendingSql(busy), knowledge::Outbox::DueSql(busy)}) {
      const std::string plan = PlanOf(*db, sql);
      SCOPED_TRACE(sql + "\n" + plan);
      EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos);
      EXPECT_NE(plan.find("_pending_order"), std::string::npos);
    }
  }
}

}  // namespace

// Design note. Accept must be durable before the webhook answers 200, and
// synchronous=FULL makes every COMMIT an fsync. Concurrent Accept calls are
// therefore grouped: a caller that finds no write in progress writes its
// event at once; callers arriving meanwhile form the next batch, which its
// first member writes in one BEGIN IMMEDIATE … COMMIT as soon as the current
// one is committed (under load after a short delay, see SetCommitDelay), and
// then wakes the others with their own results. Nobody returns before the
// commit that holds their row.
#include "knowledge/inbox.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <thread>

#include "knowledge/outbox.h"

namespace knowledge {
namespace {

// Plain futexes: std::atomic::wait in libstdc++ 12 spins with sched_yield
// first, and with dozens of request threads on two cores every yield is a
// context switch.
void SleepWhileZero(std::atomic<int>& word) {
  while (word.load(std::memory_order_acquire) == 0)
    syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAIT_PRIVATE, 0, nullptr, nullptr, 0);
}

void SetAndWake(std::atomic<int>& word, int how_many) {
  word.store(1, std::memory_order_release);
  syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAKE_PRIVATE, how_many, nullptr, nullptr, 0);
}

}  // namespace

struct Inbox::Waiter {
  const InboxEvent* event;
  std::expected<AcceptResult, std::string> result = std::unexpected(std::string("not written"));
};

// The Accepts that share one commit. Its waiters sleep on `written` alone, so
// a finished commit wakes exactly them and none takes a lock to leave: with
// one condition variable for all batches every commit woke every waiting
// request thread, and they queued on the mutex only to sleep again. The first
// waiter sleeps on `lead` instead and writes the batch when the commit before
// it is done. Shared ownership keeps the atomics alive for the notify after
// the last waiter has returned.
struct Inbox::Batch {
  std::vector<Waiter*> waiters;
  static_assert(sizeof(std::atomic<int>) == sizeof(int));
  std::atomic<int> lead{0};
  std::atomic<int> written{0};
};

std::expected<std::unique_ptr<Inbox>, std::string> Inbox::Open(const std::string& path) {
  auto db = OpenServing(path);
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<Inbox>(new Inbox(std::move(*db)));
}

std::expected<AcceptResult, std::string> Inbox::Accept(const InboxEvent& event) {
  Waiter me{&event};
  std::shared_ptr<Batch> batch;
  bool first = false;
  {
    std::lock_guard lock(queue_mutex_);
    if (!writing_) {
      writing_ = true;  // nobody writes: a batch of one, now
      batch = std::make_shared<Batch>();
      batch->lead.store(1, std::memory_order_relaxed);
    } else {
      if (!open_) open_ = std::make_shared<Batch>();
      batch = open_;
    }
    first = batch->waiters.empty();
    batch->waiters.push_back(&me);
  }
  if (!first) {
    SleepWhileZero(batch->written);
    return std::move(me.result);
  }
  SleepWhileZero(batch->lead);
  if (delay_.count() > 0) {
    std::size_t n;
    {
      std::lock_guard lock(queue_mutex_);
      n = batch->waiters.size();
    }
    // Many requests in flight: let the batch grow for a moment. Every commit
    // costs a WAL write, an fsync and a round of wake-ups, whatever its size.
    if (n >= delay_min_batch_) std::this_thread::sleep_for(delay_);
  }
  {
    std::lock_guard lock(queue_mutex_);
    if (open_ == batch) open_.reset();  // closed: later Accepts start the next batch
  }
  WriteBatch(batch->waiters);
  std::shared_ptr<Batch> next;
  {
    std::lock_guard lock(queue_mutex_);
    next = open_;  // still open: its first waiter closes it when it writes
    if (!next) writing_ = false;
  }
  // The next commit first: it is the critical path. WriteBatch set every
  // result before the release in SetAndWake; each waiter reads its own after the acquire.
  if (next) SetAndWake(next->lead, 1);
  SetAndWake(batch->written, INT_MAX);
  return std::move(me.result);
}

void Inbox::WriteBatch(std::vector<Waiter*>& batch) {
  std::lock_guard db_lock(db_mutex_);
  auto fail_all = [&](const std::string& why) {
    for (Waiter* w : batch) w->result = std::unexpected(why);
  };
  auto tx = Transaction::Begin(db_);
  if (!tx) return fail_all(tx.error());
  if (!insert_) {  // prepared once: a batch is written every few hundred microseconds under load
    auto prepared = db_.Prepare(
        "INSERT INTO inbox (dedupe_key, event_name, user_id, event_ms, received_ms, raw) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING");
    if (!prepared) return fail_all(prepared.error());
    insert_ = std::move(*prepared);
  }
  Statement* st = &*insert_;
  std::vector<std::expected<AcceptResult, std::string>> results;
  results.reserve(batch.size());
  for (Waiter* w : batch) {
    const InboxEvent& e = *w->event;
    st->Bind(1, e.dedupe_key).Bind(2, e.event_name).Bind(3, e.user_id).Bind(4, e.event_ms)
        .Bind(5, e.received_ms).Bind(6, e.raw);
    auto r = st->Run();
    if (!r) {
      results.push_back(std::unexpected(r.error()));
    } else {
      results.push_back(db_.Changes() > 0 ? AcceptResult::kStored : AcceptResult::kDuplicate);
    }
    st->Reset();
  }
  if (auto r = tx->Commit(); !r) return fail_all("commit failed: " + r.error());
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
}

std::string Inbox::NextPendingSql(std::size_t busy_users) {
  // INDEXED BY: the partial index holds the pending rows alone, in id order;
  // pinned so that a planner without statistics never sorts the backlog.
  std::string sql =
      "SELECT id, event_name, user_id, event_ms, raw, attempts FROM inbox INDEXED BY inbox_pending_order "
      "WHERE state = 'pending'";
  sql += AndNotIn("user_id", busy_users);
  sql += " ORDER BY id LIMIT 1";
  return sql;
}

std::expected<std::optional<PendingEvent>, std::string> Inbox::NextPending(
    const std::vector<std::string>& busy_users) {
  const std::string sql = NextPendingSql(busy_users.size());
  std::lock_guard lock(db_mutex_);
  auto st = db_.Prepare(sql);
  if (!st) return std::unexpected(st.error());
  for (std::size_t i = 0; i < busy_users.size(); ++i) st->Bind(static_cast<int>(i + 1), busy_users[i]);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<PendingEvent>();
  PendingEvent e;
  e.id = st->Int(0);
  e.event_name = st->Text(1);
  e.user_id = st->Text(2);
  e.event_ms = st->Int(3);
  e.raw = st->Text(4);
  e.attempts = static_cast<int>(st->Int(5));
  return std::optional<PendingEvent>(std::move(e));
}

std::expected<bool, std::string> Inbox::Complete(std::int64_t id, std::string_view outcome,
                                                 const std::vector<OutboundText>& replies,
                                                 const std::optional<StaffActivity>& staff, std::int64_t now_ms) {
  std::lock_guard lock(db_mutex_);
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(tx.error());
  {
    // Guard against a second completion (two processes on one database).
    auto st = db_.Prepare(
        "UPDATE inbox SET state = 'done', outcome = ?, done_ms = ?, raw = NULL, attempts = attempts + 1 "
        "WHERE id = ? AND state = 'pending'");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, outcome).Bind(2, now_ms).Bind(3, id);
    if (auto r = st->Run(); !r) return std::unexpected(r.error());
    if (db_.Changes() == 0) return std::unexpected("event " + std::to_string(id) + " is not pending");
  }
  for (const auto& text : replies) {
    if (auto r = InsertOutbound(db_, text, id, now_ms); !r) return std::unexpected(r.error());
  }
  bool from_outbox = false;
  if (staff) {
    // An echo of a text our outbox sent carries the id Zalo gave it.
    auto mine = db_.Prepare("SELECT 1 FROM outbox WHERE platform_msg_id = ? LIMIT 1");
    if (!mine) return std::unexpected(mine.error());
    mine->Bind(1, staff->msg_id);
    auto found = mine->Step();
    if (!found) return std::unexpected(found.error());
    from_outbox = *found && !staff->msg_id.empty();
    mine = Statement();
    auto st = db_.Prepare(
        "INSERT INTO staff_activity (user_id, admin_id, msg_id, event_name, source, timestamp_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) return std::unexpected(st.error());
    st->Bind(1, staff->user_id).Bind(2, staff->admin_id).Bind(3, staff->msg_id).Bind(4, staff->event_name)
        .Bind(5, from_outbox ? "outbox" : "console").Bind(6, staff->timestamp_ms);
    if (auto r = st->Run(); !r) return std::unexpected(r.error());
  }
  if (auto r = tx->Commit(); !r) return std::unexpected(r.error());
  return from_outbox;
}

std::expected<void, std::string> Inbox::Fail(std::int64_t id, std::string_view reason, std::int64_t now_ms) {
  std::lock_guard lock(db_mutex_);
  auto st = db_.Prepare(
      "UPDATE inbox SET state = 'failed', outcome = ?, done_ms = ?, attempts = attempts + 1 "
      "WHERE id = ? AND state = 'pending'");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, reason).Bind(2, now_ms).Bind(3, id);
  return st->Run();
}

std::expected<InboxCounts, std::string> Inbox::Counts(bool with_done) {
  std::lock_guard lock(db_mutex_);
  // Pending and failed through their partial indexes: /readyz and /metrics
  // ask often. Done events are most of the table and only counted on request.
  std::string sql =
      "SELECT (SELECT count(*) FROM inbox WHERE state = 'pending'), "
      "(SELECT count(*) FROM inbox WHERE state = 'failed'), ";
  sql += with_done ? "(SELECT count(*) FROM inbox WHERE state = 'done')" : "0";
  auto st = db_.Prepare(sql);
  if (!st) return std::unexpected(st.error());
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  InboxCounts c;
  if (*row) {
    c.pending = st->Int(0);
    c.failed = st->Int(1);
    c.done = st->Int(2);
  }
  return c;
}

std::expected<int, std::string> Inbox::Prune(std::int64_t cutoff_ms) {
  std::lock_guard lock(db_mutex_);
  // Rows arrive in id order, so the first row received at or after the cutoff
  // bounds the old ones; the scan to it reads the rows about to go. A clock
  // stepping back can only keep a row longer than the retention, never less.
  auto st = db_.Prepare(
      "DELETE FROM inbox WHERE state != 'pending' AND id < "
      "coalesce((SELECT id FROM inbox WHERE received_ms >= ?1 ORDER BY id LIMIT 1), "
      "(SELECT max(id) + 1 FROM inbox), 0)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, cutoff_ms);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  return db_.Changes();
}

std::expected<void, std::string> Inbox::CheckWritable() {
  std::lock_guard lock(db_mutex_);
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(tx.error());
  return {};  // rolled back by the destructor
}

}  // namespace knowledge

#pragma once
// The durable inbox of platform events: what was acknowledged is on disk
// before the 200 goes out, each event once (dedupe key), processed in order per
// citizen. Thread-safe: one connection per Inbox, serialised by a mutex; Accept
// groups concurrent callers into one transaction (one fsync for many events).
#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/database.h"

namespace knowledge {

struct InboxEvent {
  std::string dedupe_key;
  std::string event_name;
  std::string user_id;
  std::int64_t event_ms = 0;
  std::int64_t received_ms = 0;
  std::string raw;
};

enum class AcceptResult { kStored, kDuplicate };

struct PendingEvent {
  std::int64_t id = 0;
  std::string event_name;
  std::string user_id;
  std::int64_t event_ms = 0;
  std::string raw;
  int attempts = 0;
};

// A text owed to a citizen, written to the outbox with the event that caused it.
struct OutboundText {
  std::string user_id;
  std::string text;
  std::string quote_msg_id;
  std::string origin;          // "bot", "rate_limit", "staff:<who>", …
};

// An oa_send_* echo, kept as a sign that the OA (often a person) spoke.
struct StaffActivity {
  std::string user_id;
  std::string admin_id;
  std::string msg_id;
  std::string event_name;
  std::int64_t timestamp_ms = 0;
};

struct InboxCounts {
  std::int64_t pending = 0;
  std::int64_t done = 0;
  std::int64_t failed = 0;
};

class Inbox {
 public:
  // Opens its own serving connection (WAL, synchronous=FULL, migrated).
  static std::expected<std::unique_ptr<Inbox>, std::string> Open(const std::string& path);

  // Stores the event durably (committed when this returns) unless its key was
  // seen before. An error means nothing was stored.
  std::expected<AcceptResult, std::string> Accept(const InboxEvent& event);

  // The SQL of NextPending() with `busy_users` placeholders (tests read its query plan).
  static std::string NextPendingSql(std::size_t busy_users);
  // The oldest pending event of any citizen not in `busy_users`: it is that
  // citizen's next event in order.
  std::expected<std::optional<PendingEvent>, std::string> NextPending(const std::vector<std::string>& busy_users);

  // In one transaction: the replies into the outbox, the echo into
  // staff_activity, the event marked done (its raw body dropped). The value
  // is true when `staff` is the echo of a text our own outbox sent.
  std::expected<bool, std::string> Complete(std::int64_t id, std::string_view outcome,
                                            const std::vector<OutboundText>& replies,
                                            const std::optional<StaffActivity>& staff, std::int64_t now_ms);

  // An event that can never be processed (its stored body no longer parses).
  std::expected<void, std::string> Fail(std::int64_t id, std::string_view reason, std::int64_t now_ms);

  // `done` stays 0 unless with_done: that one scans the table.
  std::expected<InboxCounts, std::string> Counts(bool with_done = false);

  // Drops finished events received before `cutoff_ms`; their dedupe keys go
  // with them, so the cutoff must lie beyond the platform's retry horizon.
  std::expected<int, std::string> Prune(std::int64_t cutoff_ms);

  // This connection's writes go first at the process's write gate: the
  // webhook's acknowledgements wait for no queue of worker transactions.
  void SetUrgentWrites() { db_.SetUrgentWrites(true); }

  // Group commit under load: a writer whose batch already holds `min_batch`
  // events waits `delay` before it closes the batch (in the spirit of
  // PostgreSQL's commit_delay). Off by default; light traffic never waits.
  void SetCommitDelay(std::chrono::microseconds delay, std::size_t min_batch) {
    delay_ = delay;
    delay_min_batch_ = min_batch;
  }

  // A tiny write that is rolled back: can this process still write? (/readyz)
  std::expected<void, std::string> CheckWritable();

 private:
  explicit Inbox(Database db) : db_(std::move(db)) {}
  struct Waiter;
  struct Batch;
  void WriteBatch(std::vector<Waiter*>& batch);

  std::mutex db_mutex_;                  // one transaction at a time on db_
  Database db_;
  std::optional<Statement> insert_;      // Accept's INSERT, under db_mutex_; finalized before db_
  std::mutex queue_mutex_;               // group commit of Accept: guards open_ and writing_
  std::shared_ptr<Batch> open_;          // Accepts arriving while a batch is written
  bool writing_ = false;
  std::chrono::microseconds delay_{0};
  std::size_t delay_min_batch_ = 0;
};

}  // namespace knowledge

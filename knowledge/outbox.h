#pragma once
// The outbox: every text owed to a citizen (bot answers, staff replies) stays
// here until the platform took it ('sent') or we gave up ('dead', with the
// reason: the dead letters staff see). Per citizen, texts leave in id order.
// Thread-safe: one connection per Outbox, serialised by a mutex.
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/database.h"
#include "knowledge/inbox.h"

namespace knowledge {

struct OutboxItem {
  std::int64_t id = 0;
  std::string user_id;
  std::string text;
  std::string quote_msg_id;
  std::string origin;
  int attempts = 0;               // attempts made before this one
  std::int64_t created_ms = 0;
};

struct DeadLetter {
  std::int64_t id = 0;
  std::string user_id;
  std::string text;
  std::string origin;
  std::int64_t inbox_id = 0;      // 0: not caused by an inbox event
  int attempts = 0;
  std::int64_t created_ms = 0;
  std::int64_t dead_ms = 0;
  std::string reason;
};

struct OutboxCounts {
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t dead = 0;
};

// Inserts one pending text inside the caller's transaction (Inbox::Complete).
std::expected<std::int64_t, std::string> InsertOutbound(Database& db, const OutboundText& text,
                                                        std::int64_t inbox_id, std::int64_t now_ms);

class Outbox {
 public:
  static std::expected<std::unique_ptr<Outbox>, std::string> Open(const std::string& path);

  // Queues a text for a citizen; it gets the same retries and dead letters as
  // the bot's answers. Staff replies use origin "staff:<who>".
  std::expected<std::int64_t, std::string> Enqueue(const std::string& user_id, const std::string& text,
                                                   const std::string& origin, std::int64_t now_ms);

  // The SQL of Due() with `busy_users` placeholders (tests read its query plan).
  static std::string DueSql(std::size_t busy_users);
  // For each citizen not in `busy_users`, their first pending text if it is
  // due at `now_ms` (a later text never overtakes an earlier one), oldest first.
  std::expected<std::vector<OutboxItem>, std::string> Due(std::int64_t now_ms, int limit,
                                                          const std::vector<std::string>& busy_users);
  // When the earliest sendable text (the first pending one of its citizen)
  // falls due; nullopt when nothing is pending.
  std::expected<std::optional<std::int64_t>, std::string> NextDueMs();

  // Recorded (and on disk) before each send, cleared by MarkSent, Retry and
  // MarkDead: what is still marked after a crash may or may not have reached Zalo.
  std::expected<void, std::string> MarkSending(std::int64_t id, std::int64_t now_ms);
  // At start-up, before any sender runs: every text whose send was cut off by a
  // crash becomes a dead letter saying so, instead of going out a second time.
  // Returns how many.
  std::expected<int, std::string> ResolveInterrupted(std::int64_t now_ms);
  std::expected<void, std::string> MarkSent(std::int64_t id, std::string_view platform_msg_id, std::int64_t now_ms);
  std::expected<void, std::string> Retry(std::int64_t id, std::int64_t next_attempt_ms, std::string_view error);
  std::expected<void, std::string> MarkDead(std::int64_t id, std::string_view reason, std::int64_t now_ms);

  std::expected<OutboxCounts, std::string> Counts();
  // Newest first.
  std::expected<std::vector<DeadLetter>, std::string> DeadLetters(int limit);
  // Finished events that owed a reply but have neither a sent nor a dead text
  // must not exist; this counts them (operations, benchmarks, crash tests).
  std::expected<std::int64_t, std::string> UnansweredDoneEvents(std::string_view answered_event_prefix);

  // Sent texts older than `cutoff_ms` are dropped; dead letters stay for staff.
  std::expected<int, std::string> Prune(std::int64_t cutoff_ms);

 private:
  explicit Outbox(Database db) : db_(std::move(db)) {}
  std::mutex mutex_;
  Database db_;
};

}  // namespace knowledge

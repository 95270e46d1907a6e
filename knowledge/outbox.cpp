// Design note. Order per citizen is kept by the query, not by the sender: a
// text is due only when no earlier pending text of the same citizen exists, so
// a text waiting on a back-off holds back the ones behind it. Dead texts no
// longer block (the citizen still gets the later ones).
#include "knowledge/outbox.h"

namespace knowledge {

std::expected<std::int64_t, std::string> InsertOutbound(Database& db, const OutboundText& text,
                                                        std::int64_t inbox_id, std::int64_t now_ms) {
  auto st = db.Prepare(
      "INSERT INTO outbox (user_id, text, quote_msg_id, origin, inbox_id, next_attempt_ms, created_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, text.user_id).Bind(2, text.text).Bind(3, text.quote_msg_id).Bind(4, text.origin);
  if (inbox_id > 0) st->Bind(5, inbox_id);
  else st->BindNull(5);
  st->Bind(6, now_ms).Bind(7, now_ms);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  return db.LastInsertId();
}

std::expected<std::unique_ptr<Outbox>, std::string> Outbox::Open(const std::string& path) {
  auto db = OpenServing(path);
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<Outbox>(new Outbox(std::move(*db)));
}

std::expected<std::int64_t, std::string> Outbox::Enqueue(const std::string& user_id, const std::string& text,
                                                         const std::string& origin, std::int64_t now_ms) {
  if (user_id.empty()) return std::unexpected("no user id");
  if (text.empty()) return std::unexpected("empty text");
  std::lock_guard lock(mutex_);
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto id = InsertOutbound(db_, OutboundText{user_id, text, "", origin}, 0, now_ms);
  if (!id) return id;
  if (auto r = tx->Commit(); !r) return std::unexpected(r.error());
  return id;
}

std::string Outbox::DueSql(std::size_t busy_users) {
  // Walks pending texts in id order (INDEXED BY: the planner would otherwise
  // sort the whole backlog on every claim) and stops at the first lane head.
  std::string sql =
      "SELECT o.id, o.user_id, o.text, o.quote_msg_id, o.origin, o.attempts, o.created_ms "
      "FROM outbox o INDEXED BY outbox_pending_order "
      "WHERE o.state = 'pending' AND o.next_attempt_ms <= ? "
      "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.user_id = o.user_id "
      "AND p.id < o.id)";
  sql += AndNotIn("o.user_id", busy_users);
  sql += " ORDER BY o.id LIMIT ?";
  return sql;
}

std::expected<std::vector<OutboxItem>, std::string> Outbox::Due(std::int64_t now_ms, int limit,
                                                                const std::vector<std::string>& busy_users) {
  const std::string sql = DueSql(busy_users.size());
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(sql);
  if (!st) return std::unexpected(st.error());
  int n = 1;
  st->Bind(n++, now_ms);
  for (const auto& u : busy_users) st->Bind(n++, u);
  st->Bind(n, limit);
  std::vector<OutboxItem> out;
  while (true) {
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    OutboxItem it;
    it.id = st->Int(0);
    it.user_id = st->Text(1);
    it.text = st->Text(2);
    it.quote_msg_id = st->Text(3);
    it.origin = st->Text(4);
    it.attempts = static_cast<int>(st->Int(5));
    it.created_ms = st->Int(6);
    out.push_back(std::move(it));
  }
  return out;
}

std::expected<std::optional<std::int64_t>, std::string> Outbox::NextDueMs() {
  std::lock_guard lock(mutex_);
  // Only the first pending text of each citizen can fall due.
  auto st = db_.Prepare(
      "SELECT min(o.next_attempt_ms) FROM outbox o WHERE o.state = 'pending' "
      "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.user_id = o.user_id "
      "AND p.id < o.id)");
  if (!st) return std::unexpected(st.error());
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row || st->IsNull(0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(st->Int(0));
}

std::expected<void, std::string> Outbox::MarkSending(std::int64_t id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare("UPDATE outbox SET sending_ms = ? WHERE id = ? AND state = 'pending'");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, now_ms).Bind(2, id);
  return st->Run();
}

std::expected<int, std::string> Outbox::ResolveInterrupted(std::int64_t now_ms) {
  static constexpr std::string_view kReason =
      "interrupted while sending (the service stopped): Zalo may or may not have delivered it, so it was not "
      "sent again";
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "UPDATE outbox SET state = 'dead', dead_reason = ?1, dead_ms = ?2, last_error = ?1, sending_ms = NULL "
      "WHERE state = 'pending' AND sending_ms IS NOT NULL");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, kReason).Bind(2, now_ms);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  return db_.Changes();
}

std::expected<void, std::string> Outbox::MarkSent(std::int64_t id, std::string_view platform_msg_id,
                                                  std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "UPDATE outbox SET state = 'sent', sent_ms = ?, platform_msg_id = ?, attempts = attempts + 1, sending_ms = NULL "
      "WHERE id = ? AND state = 'pending'");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, now_ms).Bind(2, platform_msg_id).Bind(3, id);
  return st->Run();
}

std::expected<void, std::string> Outbox::Retry(std::int64_t id, std::int64_t next_attempt_ms, std::string_view error) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ?, sending_ms = NULL "
      "WHERE id = ? AND state = 'pending'");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, next_attempt_ms).Bind(2, error).Bind(3, id);
  return st->Run();
}

std::expected<void, std::string> Outbox::MarkDead(std::int64_t id, std::string_view reason, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "UPDATE outbox SET state = 'dead', dead_reason = ?, dead_ms = ?, last_error = ?, attempts = attempts + 1, "
      "sending_ms = NULL "
      "WHERE id = ? AND state = 'pending'");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, reason).Bind(2, now_ms).Bind(3, reason).Bind(4, id);
  return st->Run();
}

std::expected<OutboxCounts, std::string> Outbox::Counts() {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare("SELECT state, count(*) FROM outbox GROUP BY state");
  if (!st) return std::unexpected(st.error());
  OutboxCounts c;
  while (true) {
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    const std::string state = st->Text(0);
    if (state == "pending") c.pending = st->Int(1);
    else if (state == "sent") c.sent = st->Int(1);
    else if (state == "dead") c.dead = st->Int(1);
  }
  return c;
}

std::expected<std::vector<DeadLetter>, std::string> Outbox::DeadLetters(int limit) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "SELECT id, user_id, text, origin, coalesce(inbox_id, 0), attempts, created_ms, dead_ms, dead_reason "
      "FROM dead_letters ORDER BY dead_ms DESC, id DESC LIMIT ?");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, limit);
  std::vector<DeadLetter> out;
  while (true) {
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    DeadLetter d;
    d.id = st->Int(0);
    d.user_id = st->Text(1);
    d.text = st->Text(2);
    d.origin = st->Text(3);
    d.inbox_id = st->Int(4);
    d.attempts = static_cast<int>(st->Int(5));
    d.created_ms = st->Int(6);
    d.dead_ms = st->Int(7);
    d.reason = st->Text(8);
    out.push_back(std::move(d));
  }
  return out;
}

std::expected<std::int64_t, std::string> Outbox::UnansweredDoneEvents(std::string_view answered_event_prefix) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "SELECT count(*) FROM inbox i WHERE i.state = 'done' AND i.outcome = 'answered' "
      "AND substr(i.event_name, 1, length(?1)) = ?1 "
      "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inbox_id = i.id AND o.state IN ('sent', 'dead'))");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, answered_event_prefix);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? st->Int(0) : 0;
}

std::expected<int, std::string> Outbox::Prune(std::int64_t cutoff_ms) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare("DELETE FROM outbox WHERE state = 'sent' AND sent_ms < ?");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, cutoff_ms);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  return db_.Changes();
}

}  // namespace knowledge

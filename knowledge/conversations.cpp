// Conversation record. Design notes:
// - Every text column written here goes through privacy::MaskPersonalNumbers
//   first; callers cannot bypass it.
// - Ids come back through RETURNING, not sqlite3_last_insert_rowid: the
//   connection is shared with the index and the rowid is per connection.
// - The session row is the only mutable state of a conversation; it is read
//   and written whole, under the store's mutex.
#include "knowledge/conversations.h"

#include <cstdio>

#include "config/privacy.h"
#include "knowledge/text.h"

namespace knowledge {
namespace {

std::string Clean(std::string_view text) { return privacy::MaskPersonalNumbers(SanitizeUtf8(text)); }

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s += '\n';
    s += v[i];
  }
  return s;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t at = s.find('\n', start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return out;
}

// Year in Vietnam (UTC+7), without a time zone database.
int VietnamYear(std::int64_t at_ms) {
  std::int64_t days = (at_ms / 1000 + 7 * 3600) / 86400;
  // Civil-from-days (Howard Hinnant), enough for the year.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<int>(m <= 2 ? y + 1 : y);
}

}  // namespace

std::expected<Session, std::string> ConversationStore::LoadSession(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "SELECT updated_ms, last_procedure_id, last_answer_turn, commune, commune_ms, pending, pending_choices,"
      " pending_turn, pending_kind, rating_prompt_ms, handoff_id FROM sessions WHERE user_id = ?1");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, user_id);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  Session s;
  s.user_id = user_id;
  if (!*row) return s;
  s.updated_ms = st->Int(0);
  s.last_procedure_id = st->Text(1);
  s.last_answer_turn = st->Int(2);
  s.commune = st->Text(3);
  s.commune_ms = st->Int(4);
  s.pending = st->Text(5);
  s.pending_choices = Split(st->Text(6));
  s.pending_turn = st->Int(7);
  s.pending_kind = st->Text(8);
  s.rating_prompt_ms = st->Int(9);
  s.handoff_id = st->Int(10);
  return s;
}

std::expected<void, std::string> ConversationStore::SaveSession(const Session& s) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "INSERT INTO sessions (user_id, updated_ms, last_procedure_id, last_answer_turn, commune, commune_ms, pending,"
      " pending_choices, pending_turn, pending_kind, rating_prompt_ms, handoff_id)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
      " ON CONFLICT (user_id) DO UPDATE SET updated_ms = excluded.updated_ms,"
      " last_procedure_id = excluded.last_procedure_id, last_answer_turn = excluded.last_answer_turn,"
      " commune = excluded.commune, commune_ms = excluded.commune_ms, pending = excluded.pending,"
      " pending_choices = excluded.pending_choices, pending_turn = excluded.pending_turn,"
      " pending_kind = excluded.pending_kind, rating_prompt_ms = excluded.rating_prompt_ms,"
      " handoff_id = excluded.handoff_id");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, s.user_id).Bind(2, s.updated_ms).Bind(3, s.last_procedure_id);
  if (s.last_answer_turn) st->Bind(4, s.last_answer_turn); else st->BindNull(4);
  st->Bind(5, s.commune).Bind(6, s.commune_ms).Bind(7, s.pending).Bind(8, Join(s.pending_choices));
  if (s.pending_turn) st->Bind(9, s.pending_turn); else st->BindNull(9);
  st->Bind(10, s.pending_kind).Bind(11, s.rating_prompt_ms);
  if (s.handoff_id) st->Bind(12, s.handoff_id); else st->BindNull(12);
  return st->Run();
}

std::expected<std::int64_t, std::string> ConversationStore::RecordTurn(const Turn& t) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "INSERT INTO turns (user_id, at_ms, msg_id, kind, text, reply, intent, procedure_id, answered, confidence,"
      " commune) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, t.user_id).Bind(2, t.at_ms).Bind(3, t.msg_id).Bind(4, t.kind).Bind(5, Clean(t.text));
  st->Bind(6, Clean(t.reply)).Bind(7, t.intent).Bind(8, t.procedure_id).Bind(9, t.answered ? 1 : 0);
  st->Bind(10, t.confidence).Bind(11, t.commune);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::unexpected("insert returned no id");
  const std::int64_t id = st->Int(0);
  st->Reset();
  return id;
}

std::vector<Turn> ConversationStore::Turns(const std::string& user_id, std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<Turn> out;
  auto st = db_.Prepare(
      "SELECT id, user_id, at_ms, msg_id, kind, text, reply, intent, procedure_id, answered, confidence, commune"
      " FROM turns WHERE user_id = ?1 ORDER BY id LIMIT ?2");
  if (!st) return out;
  st->Bind(1, user_id).Bind(2, static_cast<std::int64_t>(limit));
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    Turn t;
    t.id = st->Int(0);
    t.user_id = st->Text(1);
    t.at_ms = st->Int(2);
    t.msg_id = st->Text(3);
    t.kind = st->Text(4);
    t.text = st->Text(5);
    t.reply = st->Text(6);
    t.intent = st->Text(7);
    t.procedure_id = st->Text(8);
    t.answered = st->Int(9) != 0;
    t.confidence = st->Double(10);
    t.commune = st->Text(11);
    out.push_back(std::move(t));
  }
  return out;
}

std::expected<void, std::string> ConversationStore::RecordRating(std::int64_t turn_id, const std::string& user_id,
                                                                 int score, std::int64_t at_ms) {
  if (score < 1 || score > 4) return std::unexpected("rating must be 1..4");
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "INSERT INTO ratings (turn_id, user_id, at_ms, score) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (turn_id) DO UPDATE SET score = excluded.score, at_ms = excluded.at_ms");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, turn_id).Bind(2, user_id).Bind(3, at_ms).Bind(4, score);
  return st->Run();
}

std::optional<int> ConversationStore::RatingOf(std::int64_t turn_id) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare("SELECT score FROM ratings WHERE turn_id = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, turn_id);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  return static_cast<int>(st->Int(0));
}

std::expected<Ticket, std::string> ConversationStore::CreateTicket(const std::string& user_id,
                                                                   const std::string& kind,
                                                                   const std::string& content,
                                                                   const std::string& commune, std::int64_t at_ms,
                                                                   std::int64_t turn_id) {
  std::lock_guard lock(mutex_);
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(tx.error());
  // The number is derived from the id, so insert with a placeholder first.
  auto ins = db_.Prepare(
      "INSERT INTO tickets (number, user_id, kind, content, commune, created_ms, updated_ms, turn_id)"
      " VALUES ('pending-' || hex(randomblob(8)), ?1, ?2, ?3, ?4, ?5, ?5, ?6) RETURNING id");
  if (!ins) return std::unexpected(ins.error());
  Ticket t;
  t.user_id = user_id;
  t.kind = kind;
  t.content = Clean(content);
  t.commune = commune;
  t.status = "new";
  t.created_ms = at_ms;
  ins->Bind(1, user_id).Bind(2, kind).Bind(3, t.content).Bind(4, commune).Bind(5, at_ms);
  if (turn_id) ins->Bind(6, turn_id); else ins->BindNull(6);
  auto row = ins->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::unexpected("insert returned no id");
  t.id = ins->Int(0);
  ins->Reset();
  char number[32];
  std::snprintf(number, sizeof number, "PA%d-%05lld", VietnamYear(at_ms), static_cast<long long>(t.id));
  t.number = number;
  auto upd = db_.Prepare("UPDATE tickets SET number = ?1 WHERE id = ?2");
  if (!upd) return std::unexpected(upd.error());
  upd->Bind(1, t.number).Bind(2, t.id);
  if (auto r = upd->Run(); !r) return std::unexpected(r.error());
  if (auto r = tx->Commit(); !r) return std::unexpected(r.error());
  return t;
}

std::optional<Ticket> ConversationStore::GetTicket(const std::string& number) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "SELECT id, number, user_id, kind, content, commune, status, created_ms FROM tickets WHERE number = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, number);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  Ticket t;
  t.id = st->Int(0);
  t.number = st->Text(1);
  t.user_id = st->Text(2);
  t.kind = st->Text(3);
  t.content = st->Text(4);
  t.commune = st->Text(5);
  t.status = st->Text(6);
  t.created_ms = st->Int(7);
  return t;
}

std::expected<Handoff, std::string> ConversationStore::OpenHandoff(const std::string& user_id, std::int64_t at_ms,
                                                                   std::int64_t until_ms) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "INSERT INTO handoffs (user_id, requested_ms, until_ms) VALUES (?1, ?2, ?3) RETURNING id");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, user_id).Bind(2, at_ms).Bind(3, until_ms);
  auto row = st->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::unexpected("insert returned no id");
  Handoff h{st->Int(0), user_id, at_ms, until_ms, "waiting"};
  st->Reset();
  return h;
}

std::optional<Handoff> ConversationStore::GetHandoff(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare("SELECT id, user_id, requested_ms, until_ms, status FROM handoffs WHERE id = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, id);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  return Handoff{st->Int(0), st->Text(1), st->Int(2), st->Int(3), st->Text(4)};
}

std::expected<void, std::string> ConversationStore::NoteStaffMessage(const std::string& user_id, std::int64_t at_ms,
                                                                     std::int64_t extend_to_ms) {
  std::lock_guard lock(mutex_);
  auto st = db_.Prepare(
      "UPDATE handoffs SET status = 'staff_replied', staff_last_ms = ?2, until_ms = max(until_ms, ?3)"
      " WHERE id = (SELECT handoff_id FROM sessions WHERE user_id = ?1) AND status IN ('waiting', 'staff_replied')");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, user_id).Bind(2, at_ms).Bind(3, extend_to_ms);
  return st->Run();
}

std::expected<bool, std::string> ConversationStore::CloseHandoff(const std::string& user_id, std::int64_t at_ms,
                                                                 const std::string& closed_by, bool expired) {
  std::lock_guard lock(mutex_);
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto st = db_.Prepare(
      "UPDATE handoffs SET status = ?2, closed_ms = ?3, closed_by = ?4"
      " WHERE id = (SELECT handoff_id FROM sessions WHERE user_id = ?1) AND status IN ('waiting', 'staff_replied')");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, user_id).Bind(2, std::string_view(expired ? "expired" : "released")).Bind(3, at_ms).Bind(4, closed_by);
  if (auto r = st->Run(); !r) return std::unexpected(r.error());
  const bool closed = db_.Changes() > 0;
  auto clear = db_.Prepare("UPDATE sessions SET handoff_id = NULL WHERE user_id = ?1");
  if (!clear) return std::unexpected(clear.error());
  clear->Bind(1, user_id);
  if (auto r = clear->Run(); !r) return std::unexpected(r.error());
  if (auto r = tx->Commit(); !r) return std::unexpected(r.error());
  return closed;
}

}  // namespace knowledge

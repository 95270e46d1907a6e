// Design note: groups are computed when asked, from the turns themselves, so
// the queue never disagrees with the conversation record. The key uses the
// same normalisation as search (BuildQuery: folding, fillers, synonyms), so
// "làm lại cccd", "lam lai can cuoc cong dan" and "lm lai cccd" meet.
#include "knowledge/queue.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "config/privacy.h"
#include "knowledge/text.h"

namespace knowledge {

bool IsQuestionIntent(std::string_view intent) {
  static const char* kIntents[] = {"procedure", "article",          "follow_up", "office",  "ask_back",
                                   "fallback",  "commune_ask_back", "unclear",   "out_of_scope"};
  return std::any_of(std::begin(kIntents), std::end(kIntents), [&](const char* i) { return intent == i; });
}

std::expected<QueryTables, std::string> LoadQueryTables(Database& db) {
  QueryTables t;
  auto syn = db.Prepare("SELECT term, expansion, kind FROM synonyms");
  if (!syn) return std::unexpected(syn.error());
  while (true) {
    auto row = syn->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    std::string term = syn->Text(0);
    t.max_synonym_len = std::max<std::size_t>(t.max_synonym_len, std::count(term.begin(), term.end(), ' ') + 1);
    t.synonyms[term] = {syn->Text(1), syn->Text(2)};
  }
  auto fil = db.Prepare("SELECT phrase FROM fillers");
  if (!fil) return std::unexpected(fil.error());
  while (true) {
    auto row = fil->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    std::string f = fil->Text(0);
    t.max_filler_len = std::max<std::size_t>(t.max_filler_len, std::count(f.begin(), f.end(), ' ') + 1);
    t.fillers.insert(std::move(f));
  }
  return t;
}

std::string GroupKey(std::string_view question, const QueryTables& tables) {
  Query q = BuildQuery(question, tables);
  std::string key;
  for (const auto& w : q.words) key += (key.empty() ? "" : " ") + w;
  return key.empty() ? Fold(question) : key;
}

std::expected<std::vector<UnansweredGroup>, std::string> UnansweredGroups(Database& db, std::int64_t from_ms,
                                                                          std::int64_t to_ms, int limit) {
  auto tables = LoadQueryTables(db);
  if (!tables) return std::unexpected(tables.error());
  auto st = db.Prepare(
      "SELECT t.text, t.intent, t.answered, coalesce(r.score, 0), t.at_ms FROM turns t"
      " LEFT JOIN ratings r ON r.turn_id = t.id"
      " WHERE t.kind = 'text' AND t.at_ms >= ?1 AND t.at_ms < ?2 AND t.text <> ''"
      " AND (t.answered = 0 OR r.score >= 3) ORDER BY t.at_ms");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, from_ms).Bind(2, to_ms);
  std::map<std::string, UnansweredGroup> groups;
  std::map<std::string, std::map<std::string, int>> wordings;
  while (true) {
    auto row = st->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (!IsQuestionIntent(st->Text(1))) continue;
    const std::string text = st->Text(0);
    const std::string key = GroupKey(text, *tables);
    if (key.empty()) continue;
    auto& g = groups[key];
    g.key = key;
    ++g.count;
    if (st->Int(2) == 0) ++g.not_answered;
    else ++g.low_rated;
    g.last_ms = std::max(g.last_ms, st->Int(4));
    ++wordings[key][text];
  }
  std::unordered_map<std::string, std::int64_t> resolved;
  auto res = db.Prepare("SELECT group_key, max(at_ms) FROM queue_resolutions GROUP BY group_key");
  if (!res) return std::unexpected(res.error());
  while (true) {
    auto row = res->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    resolved[res->Text(0)] = res->Int(1);
  }
  std::vector<UnansweredGroup> out;
  for (auto& [key, g] : groups) {
    if (auto it = resolved.find(key); it != resolved.end() && g.last_ms <= it->second) continue;
    std::vector<std::pair<std::string, int>> w(wordings[key].begin(), wordings[key].end());
    std::stable_sort(w.begin(), w.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t i = 0; i < w.size() && i < 8; ++i) g.variants.push_back(w[i].first);
    g.example = g.variants.empty() ? key : g.variants[0];
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.last_ms > b.last_ms;
  });
  if (limit > 0 && static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

std::expected<void, std::string> ResolveGroup(Database& db, const std::string& key, const std::string& action,
                                              const std::string& target, const std::string& actor,
                                              std::int64_t at_ms) {
  auto st = db.Prepare("INSERT INTO queue_resolutions (group_key, action, target, actor, at_ms) VALUES (?1,?2,?3,?4,?5)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, key).Bind(2, action).Bind(3, target).Bind(4, actor).Bind(5, at_ms);
  return st->Run();
}

namespace {

constexpr const char* kHandoffSelect =
    "SELECT h.id, h.user_id, h.status, h.closed_by, h.requested_ms, h.until_ms, coalesce(h.staff_last_ms, 0),"
    " coalesce(h.closed_ms, 0),"
    " coalesce((SELECT min(at_ms) FROM staff_replies s WHERE s.kind = 'handoff' AND s.ref = h.id), 0)"
    " FROM handoffs h";
constexpr const char* kTicketSelect =
    "SELECT t.id, t.number, t.user_id, t.kind, t.content, t.commune, t.status, t.created_ms, t.updated_ms,"
    " coalesce((SELECT min(at_ms) FROM staff_replies s WHERE s.kind = 'ticket' AND s.ref = t.id), 0)"
    " FROM tickets t";

HandoffRow ReadHandoff(Database& db, Statement& st) {
  HandoffRow h{st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4), st.Int(5), st.Int(6), st.Int(7), st.Int(8), {}};
  auto recent = db.Prepare(
      "SELECT text FROM (SELECT text, at_ms FROM turns WHERE user_id = ?1 AND kind = 'text' AND text <> ''"
      " ORDER BY at_ms DESC LIMIT 5) ORDER BY at_ms");
  if (recent) {
    recent->Bind(1, h.user_id);
    while (true) {
      auto row = recent->Step();
      if (!row || !*row) break;
      h.recent.push_back(recent->Text(0));
    }
  }
  return h;
}

TicketRow ReadTicket(Statement& st) {
  return TicketRow{st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6),
                   st.Int(7), st.Int(8), st.Int(9)};
}

}  // namespace

std::vector<HandoffRow> ListHandoffs(Database& db, const std::string& status, int limit) {
  std::vector<HandoffRow> out;
  auto st = db.Prepare(std::string(kHandoffSelect) +
                       " WHERE ?1 = '' OR h.status = ?1 OR (?1 = 'open' AND h.status IN ('waiting', 'staff_replied'))"
                       " ORDER BY h.requested_ms DESC LIMIT ?2");
  if (!st) return out;
  st->Bind(1, status).Bind(2, limit);
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back(ReadHandoff(db, *st));
  }
  return out;
}

std::vector<TicketRow> ListTickets(Database& db, const std::string& status, int limit) {
  std::vector<TicketRow> out;
  auto st = db.Prepare(std::string(kTicketSelect) +
                       " WHERE ?1 = '' OR t.status = ?1 OR (?1 = 'open' AND t.status IN ('new', 'in_progress'))"
                       " ORDER BY t.created_ms DESC LIMIT ?2");
  if (!st) return out;
  st->Bind(1, status).Bind(2, limit);
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back(ReadTicket(*st));
  }
  return out;
}

std::optional<HandoffRow> GetHandoffRow(Database& db, std::int64_t id) {
  auto st = db.Prepare(std::string(kHandoffSelect) + " WHERE h.id = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, id);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  return ReadHandoff(db, *st);
}

std::optional<TicketRow> GetTicketRow(Database& db, std::int64_t id) {
  auto st = db.Prepare(std::string(kTicketSelect) + " WHERE t.id = ?1");
  if (!st) return std::nullopt;
  st->Bind(1, id);
  auto row = st->Step();
  if (!row || !*row) return std::nullopt;
  return ReadTicket(*st);
}

std::expected<void, std::string> RecordStaffReply(Database& db, const std::string& kind, std::int64_t ref,
                                                  const std::string& user_id, const std::string& staff,
                                                  const std::string& text, std::int64_t outbox_id,
                                                  std::int64_t at_ms) {
  auto st = db.Prepare(
      "INSERT INTO staff_replies (kind, ref, user_id, staff, text, outbox_id, at_ms) VALUES (?1,?2,?3,?4,?5,?6,?7)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, kind).Bind(2, ref).Bind(3, user_id).Bind(4, staff)
      .Bind(5, privacy::MaskPersonalNumbers(SanitizeUtf8(text))).Bind(6, outbox_id).Bind(7, at_ms);
  return st->Run();
}

std::expected<void, std::string> SetTicketStatus(Database& db, std::int64_t id, const std::string& status,
                                                 std::int64_t at_ms) {
  static const char* kOrder[] = {"new", "in_progress", "answered", "closed"};
  auto rank = [](const std::string& s) {
    for (int i = 0; i < 4; ++i)
      if (s == kOrder[i]) return i;
    return -1;
  };
  auto t = GetTicketRow(db, id);
  if (!t) return std::unexpected("Không có kiến nghị số " + std::to_string(id));
  if (rank(status) < 0) return std::unexpected("Trạng thái không hợp lệ: " + status);
  if (rank(status) < rank(t->status)) return std::unexpected("Không lùi trạng thái từ " + t->status + " về " + status);
  auto st = db.Prepare("UPDATE tickets SET status = ?2, updated_ms = ?3 WHERE id = ?1");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, id).Bind(2, status).Bind(3, at_ms);
  return st->Run();
}

}  // namespace knowledge

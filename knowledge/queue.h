#pragma once
// The unanswered-question queue: questions the bot did not answer, fell back
// on, or answered with a low rating, grouped so that accented, unaccented and
// teencode variants of one question form one group (key: the folded,
// filler-stripped, synonym-expanded words of query.h). Also the staff side of
// hand-offs and petitions: replies, closing, and what the reports need.
// Free functions over a Database; the caller serialises writes.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "knowledge/database.h"
#include "knowledge/query.h"

namespace knowledge {

// Intents that answer a question (as opposed to greetings, ratings, petitions…).
bool IsQuestionIntent(std::string_view intent);

// Synonyms and fillers as the search reads them, straight from the tables.
std::expected<QueryTables, std::string> LoadQueryTables(Database& db);

// The group key of a question.
std::string GroupKey(std::string_view question, const QueryTables& tables);

struct UnansweredGroup {
  std::string key;
  int count = 0;                       // turns in the group
  int not_answered = 0;                // answered = false (fallback, ask-back, unclear)
  int low_rated = 0;                   // answered but rated 3 or 4
  std::string example;                 // the most frequent wording
  std::vector<std::string> variants;   // distinct wordings, most frequent first (at most 8)
  std::int64_t last_ms = 0;
};

// Groups in [from_ms, to_ms), largest first; groups staff resolved are left
// out unless a new question arrived after the resolution.
std::expected<std::vector<UnansweredGroup>, std::string> UnansweredGroups(Database& db, std::int64_t from_ms,
                                                                          std::int64_t to_ms, int limit);

// Records that staff handled a group (alias or faq), so it leaves the queue.
std::expected<void, std::string> ResolveGroup(Database& db, const std::string& key, const std::string& action,
                                              const std::string& target, const std::string& actor,
                                              std::int64_t at_ms);

struct HandoffRow {
  std::int64_t id = 0;
  std::string user_id, status, closed_by;
  std::int64_t requested_ms = 0, until_ms = 0, staff_last_ms = 0, closed_ms = 0, first_reply_ms = 0;
  std::vector<std::string> recent;     // the citizen's last messages (masked), oldest first
};
struct TicketRow {
  std::int64_t id = 0;
  std::string number, user_id, kind, content, commune, status;
  std::int64_t created_ms = 0, updated_ms = 0, first_reply_ms = 0;
};

std::vector<HandoffRow> ListHandoffs(Database& db, const std::string& status, int limit);
std::vector<TicketRow> ListTickets(Database& db, const std::string& status, int limit);
std::optional<HandoffRow> GetHandoffRow(Database& db, std::int64_t id);
std::optional<TicketRow> GetTicketRow(Database& db, std::int64_t id);

// A staff message to a citizen about a hand-off or ticket ('handoff' |
// 'ticket'), with the outbox id it was queued under.
std::expected<void, std::string> RecordStaffReply(Database& db, const std::string& kind, std::int64_t ref,
                                                  const std::string& user_id, const std::string& staff,
                                                  const std::string& text, std::int64_t outbox_id,
                                                  std::int64_t at_ms);
// new -> in_progress -> answered -> closed; any move forward is allowed.
std::expected<void, std::string> SetTicketStatus(Database& db, std::int64_t id, const std::string& status,
                                                 std::int64_t at_ms);

}  // namespace knowledge

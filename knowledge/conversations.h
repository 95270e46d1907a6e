#pragma once
// The conversation record: per-citizen session state, every turn, ratings,
// petition tickets and hand-offs (tables in schema.cpp, migration 2). Text is
// masked here, so nothing unmasked reaches the file whoever the caller is.
// Safe to share across threads: one mutex serialises the store's statements.
#include <cstdint>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/database.h"

namespace knowledge {

struct Session {
  std::string user_id;
  std::int64_t updated_ms = 0;
  std::string last_procedure_id;
  std::int64_t last_answer_turn = 0;
  std::string commune;
  std::int64_t commune_ms = 0;
  std::string pending;                  // see schema.cpp
  std::vector<std::string> pending_choices;
  std::int64_t pending_turn = 0;
  // petition: its kind; choose_commune: the name said; choose_procedure and
  // rating: "en" when the question was asked in English.
  std::string pending_kind;
  std::int64_t rating_prompt_ms = 0;
  std::int64_t handoff_id = 0;          // 0: none open
};

struct Turn {
  std::int64_t id = 0;
  std::string user_id;
  std::int64_t at_ms = 0;
  std::string msg_id;
  std::string kind;
  std::string text;
  std::string reply;
  std::string intent;
  std::string procedure_id;
  bool answered = false;
  double confidence = 0;
  std::string commune;
};

struct Ticket {
  std::int64_t id = 0;
  std::string number;                   // PA2026-00001
  std::string user_id;
  std::string kind;                     // phan_anh | kien_nghi | khieu_nai | gop_y
  std::string content;
  std::string commune;
  std::string status;
  std::int64_t created_ms = 0;
};

struct Handoff {
  std::int64_t id = 0;
  std::string user_id;
  std::int64_t requested_ms = 0;
  std::int64_t until_ms = 0;
  std::string status;
};

class ConversationStore {
 public:
  explicit ConversationStore(Database& db) : db_(db) {}

  // A fresh session (only user_id set) when the citizen is new.
  std::expected<Session, std::string> LoadSession(const std::string& user_id);
  std::expected<void, std::string> SaveSession(const Session& s);

  // Masks text and reply; returns the turn id.
  std::expected<std::int64_t, std::string> RecordTurn(const Turn& t);
  std::vector<Turn> Turns(const std::string& user_id, std::size_t limit = 100);

  // score 1..4 as offered (1 = Rất hài lòng); one rating per turn, a second one
  // replaces the first.
  std::expected<void, std::string> RecordRating(std::int64_t turn_id, const std::string& user_id, int score,
                                                std::int64_t at_ms);
  std::optional<int> RatingOf(std::int64_t turn_id);

  // Masks the content; the number is PA<year of at_ms, UTC+7>-<id, 5 digits>.
  std::expected<Ticket, std::string> CreateTicket(const std::string& user_id, const std::string& kind,
                                                  const std::string& content, const std::string& commune,
                                                  std::int64_t at_ms, std::int64_t turn_id);
  std::optional<Ticket> GetTicket(const std::string& number);

  // Opens a hand-off and points the session at it.
  std::expected<Handoff, std::string> OpenHandoff(const std::string& user_id, std::int64_t at_ms,
                                                  std::int64_t until_ms);
  std::optional<Handoff> GetHandoff(std::int64_t id);
  // Staff wrote to the citizen: the silence lasts until extend_to_ms at least.
  std::expected<void, std::string> NoteStaffMessage(const std::string& user_id, std::int64_t at_ms,
                                                    std::int64_t extend_to_ms);
  // Ends the open hand-off (status released or expired); false when none was open.
  std::expected<bool, std::string> CloseHandoff(const std::string& user_id, std::int64_t at_ms,
                                                const std::string& closed_by, bool expired = false);

 private:
  Database& db_;
  std::mutex mutex_;
};

}  // namespace knowledge

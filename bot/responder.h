#pragma once
// Decides what to say to one event from a citizen, remembering the
// conversation in a ConversationStore (last procedure, commune, a pending
// question, hand-off). No HTTP, no wire JSON, no SQL.
// Safe to share across threads; two events of the same citizen should be
// handled one after the other (the session is read, then written).
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "bot/dossier_status.h"
#include "bot/message.h"
#include "config/config.h"
#include "knowledge/communes.h"
#include "knowledge/conversations.h"
#include "knowledge/index.h"

namespace bot {

class Responder {
 public:
  // Without a store the responder keeps its sessions in a private in-memory
  // database (CLI, tests); the service passes the store on its database file.
  // dossier may be null: then the citizen is told where to look.
  Responder(const knowledge::Index& index, const config::Bot& cfg, knowledge::ConversationStore* store = nullptr,
            const DossierStatus* dossier = nullptr);
  ~Responder();

  // The reply to one event, split into messages. An empty Reply::messages
  // means stay silent (hand-off in progress). Every event is recorded.
  Reply Respond(const Message& message) const;

  // Staff wrote to this citizen from the OA console: the hand-off stays open.
  void OnStaffMessage(const std::string& user_id, std::int64_t timestamp_ms) const;
  // Staff hand the citizen back to the bot. false when no hand-off was open.
  bool ReleaseHandoff(const std::string& user_id, const std::string& staff_id, std::int64_t timestamp_ms) const;

  // The reply before splitting (tests).
  Reply Answer(const Message& message) const;

  knowledge::ConversationStore& store() const { return *store_; }
  // Epoch milliseconds; tests replace the clock to walk through days.
  void SetClock(std::function<std::int64_t()> now) { now_ = std::move(now); }

 private:
  struct Turn;
  void Decide(Turn& t) const;
  void DecideText(Turn& t) const;
  void AnswerSearch(Turn& t, const std::string& text, int office_topic) const;
  void AnswerProcedure(Turn& t, const std::string& id) const;
  void AnswerPetition(Turn& t, const std::string& kind, const std::string& content) const;
  void AnswerDossier(Turn& t, const std::string& code) const;
  void AnswerCommune(Turn& t, const knowledge::CommuneMatch& m) const;
  int ContentWithoutPlaces(const std::string& folded) const;
  std::string CommuneShown(const Turn& t) const;

  const knowledge::Index& index_;
  const config::Bot& cfg_;
  std::unique_ptr<knowledge::Database> own_db_;
  std::unique_ptr<knowledge::ConversationStore> own_store_;
  knowledge::ConversationStore* store_;
  const DossierStatus* dossier_;
  knowledge::CommuneDirectory communes_;
  std::set<std::string> place_words_;   // folded syllables of commune and old district names
  std::function<std::int64_t()> now_;
};

}  // namespace bot

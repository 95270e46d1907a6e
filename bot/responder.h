#pragma once
// Decides what to say to one message. No HTTP, no wire JSON, no SQL.
#include "bot/message.h"
#include "config/config.h"
#include "knowledge/index.h"

namespace bot {

class Responder {
 public:
  Responder(const knowledge::Index& index, const config::Bot& cfg) : index_(index), cfg_(cfg) {}

  Reply Respond(const Message& message) const;

  // The reply text for a question, before splitting (ask, tests).
  Reply Answer(const Message& message) const;

 private:
  const knowledge::Index& index_;
  const config::Bot& cfg_;
};

}  // namespace bot

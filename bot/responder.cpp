#include "bot/responder.h"

#include "bot/wording.h"
#include "knowledge/text.h"

namespace bot {

Reply Responder::Answer(const Message& message) const {
  Reply reply;
  reply.user_id = message.user_id;
  reply.quote_msg_id = message.msg_id;
  const auto offices = index_.Offices();
  std::string text;
  if (knowledge::Fold(message.text).empty()) {
    reply.intent = "empty";
    text = wording::EmptyQuestion();
  } else {
    knowledge::SearchOptions opts;
    opts.top_k = cfg_.top_k;
    auto found = index_.Search(message.text, opts);
    if (found.answered && !found.hits.empty()) {
      if (auto p = index_.Get(found.hits[0].id)) {
        reply.intent = "procedure";
        reply.answered = true;
        reply.procedure_id = p->id;
        text = wording::ProcedureAnswer(*p, offices, cfg_);
      }
    } else if (found.hits.size() >= 2 && found.confidence >= 0.3) {
      reply.intent = "ask_back";
      text = wording::AskBack(found.hits);
    }
    if (text.empty()) {
      reply.intent = "fallback";
      text = wording::Fallback(offices, cfg_);
    }
  }
  reply.messages.push_back(std::move(text));
  return reply;
}

Reply Responder::Respond(const Message& message) const {
  Reply reply = Answer(message);
  std::vector<std::string> split;
  for (const auto& m : reply.messages)
    for (auto& part : wording::SplitMessage(m, cfg_.max_message_chars)) split.push_back(std::move(part));
  reply.messages = std::move(split);
  return reply;
}

}  // namespace bot

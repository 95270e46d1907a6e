#include "webhook/dispatcher.h"

#include <cstdlib>

#include "config/logging.h"

namespace webhook {

Dispatcher::Dispatcher(const bot::Responder& responder, Messenger& messenger, int workers)
    : responder_(responder), messenger_(messenger) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
}

Dispatcher::~Dispatcher() { Stop(); }

std::expected<void, std::string> Dispatcher::Accept(const Event& event, std::string_view) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return std::unexpected("shutting down");
    queue_.push_back(event);
  }
  ready_.notify_one();
  return {};
}

void Dispatcher::Drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && busy_ == 0; });
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void Dispatcher::Work() {
  while (true) {
    Event e;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      e = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    Process(e);
    {
      std::lock_guard lock(mutex_);
      --busy_;
    }
    idle_.notify_all();
  }
}

void Dispatcher::Process(const Event& event) {
  if (event.type == EventType::kOaSend && !event.zns) {
    // Staff typing in the OA console keeps a hand-off open.
    responder_.OnStaffMessage(event.user_id, std::strtoll(event.timestamp.c_str(), nullptr, 10));
    return;
  }
  auto message = ToMessage(event);
  if (!message) {
    logging::Info("webhook.event", {{"type", event.name}, {"action", "none"}});
    return;
  }
  bot::Reply reply = responder_.Respond(*message);
  if (reply.messages.empty()) {
    logging::Info("webhook.silent", {{"intent", reply.intent}});
    return;
  }
  for (std::size_t i = 0; i < reply.messages.size(); ++i) {
    auto sent = messenger_.SendText(reply.user_id, reply.messages[i], i == 0 ? reply.quote_msg_id : "");
    if (!sent) {
      logging::Warn("webhook.send_failed", {{"code", std::to_string(sent.error().code)},
                                            {"reason", sent.error().message}});
      return;
    }
  }
  logging::Info("webhook.answered", {{"intent", reply.intent}, {"procedure", reply.procedure_id},
                                     {"parts", std::to_string(reply.messages.size())}});
}

}  // namespace webhook

#pragma once
// Hands verified events to the bot on worker threads and sends the replies.
// Events wait in memory only; the durable inbox replaces this for production.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "bot/responder.h"
#include "webhook/messenger.h"
#include "webhook/server.h"

namespace webhook {

class Dispatcher : public EventSink {
 public:
  Dispatcher(const bot::Responder& responder, Messenger& messenger, int workers = 2);
  ~Dispatcher() override;

  std::expected<void, std::string> Accept(const Event& event, std::string_view raw_body) override;
  // Waits until the queue is empty and no event is in flight (tests, shutdown).
  void Drain();
  void Stop();

 private:
  void Work();
  void Process(const Event& event);

  const bot::Responder& responder_;
  Messenger& messenger_;
  std::mutex mutex_;
  std::condition_variable ready_, idle_;
  std::deque<Event> queue_;
  int busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace webhook

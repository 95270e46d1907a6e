#include "knowledge/checkpointer.h"

#include <pthread.h>

#include <sqlite3.h>

#include "knowledge/write_gate.h"

namespace knowledge {

namespace {
// Also checkpoint now and then when the threshold is not reached, so a quiet
// server does not keep a large WAL for readers to search through.
constexpr std::chrono::seconds kIdlePeriod{30};
}  // namespace

std::expected<std::unique_ptr<Checkpointer>, std::string> Checkpointer::Start(const std::string& path) {
  auto db = OpenServing(path);
  if (!db) return std::unexpected(db.error());
  if (!db->gate()) return std::unexpected("no checkpoints to run for " + path);
  std::unique_ptr<Checkpointer> c(new Checkpointer(std::move(*db)));
  c->db_.gate()->AttachCheckpointer();
  c->thread_ = std::thread([p = c.get()] {
    pthread_setname_np(pthread_self(), "hcc-checkpoint");
    p->Loop();
  });
  return c;
}

Checkpointer::~Checkpointer() {
  stopping_ = true;
  db_.gate()->InterruptCheckpointer();
  if (thread_.joinable()) thread_.join();
  db_.gate()->DetachCheckpointer();
  Checkpoint();
}

void Checkpointer::Loop() {
  while (!stopping_) {
    (void)db_.gate()->WaitForCheckpointRequest(kIdlePeriod);  // a request or the idle period
    if (stopping_) break;
    Checkpoint();
  }
}

void Checkpointer::Checkpoint() {
  // Straight to SQLite: this must not take the WriteGate (that is the point),
  // and a passive checkpoint needs no writer lock.
  int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    ++checkpoints_;
  } else {
    ++failures_;
  }
}

}  // namespace knowledge

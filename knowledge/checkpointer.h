#pragma once
// Runs the WAL checkpoints of one database file on a thread of its own, so no
// writer pays for them while it holds the WriteGate (the webhook's
// acknowledgement p99 is the cost otherwise). Writers signal through the gate
// when the WAL crosses SQLite's usual threshold; a passive checkpoint never
// blocks them. Without a Checkpointer, the committing connection checkpoints
// as SQLite would.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <thread>

#include "knowledge/database.h"

namespace knowledge {

class Checkpointer {
 public:
  static std::expected<std::unique_ptr<Checkpointer>, std::string> Start(const std::string& path);
  ~Checkpointer();  // stops the thread after a last checkpoint
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  std::uint64_t checkpoints() const { return checkpoints_; }
  std::uint64_t failures() const { return failures_; }

 private:
  explicit Checkpointer(Database db) : db_(std::move(db)) {}
  void Loop();
  void Checkpoint();

  Database db_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::atomic<std::uint64_t> checkpoints_{0};
  std::atomic<std::uint64_t> failures_{0};
};

}  // namespace knowledge

#pragma once
// One writer at a time per database file inside this process, woken the moment
// the previous writer finishes. SQLite's own busy handler polls with sleeps of
// up to 100 ms, so a webhook acknowledgement that found the lock held by a
// worker used to wait hundreds of milliseconds; behind this gate it waits for
// one transaction at most, and urgent writers (the inbox) go before the rest.
// Other processes on the same file still meet SQLite's busy timeout.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace knowledge {

class WriteGate {
 public:
  // The gate shared by every connection of this process on `path` (none for
  // in-memory databases, which are private to their connection).
  static std::shared_ptr<WriteGate> For(const std::string& path);

  // Waits at most `timeout`; an error instead of a deadlock when this thread
  // already writes through another connection.
  std::expected<void, std::string> Acquire(bool urgent, std::chrono::milliseconds timeout);
  void Release();

  std::uint64_t waits() const;  // acquisitions that had to wait (metrics)

  // WAL checkpoints. SQLite runs one inside the COMMIT that crosses the
  // threshold, i.e. while that writer holds the gate, so every acknowledgement
  // queued behind it waits for the copy and the fsync of the database file.
  // With a Checkpointer attached the committing writer only signals it.
  void AttachCheckpointer();
  void DetachCheckpointer();
  bool HasCheckpointer() const;
  void RequestCheckpoint();
  // True when a checkpoint was requested (the request is consumed), false on timeout or Interrupt().
  bool WaitForCheckpointRequest(std::chrono::milliseconds timeout);
  void InterruptCheckpointer();

 private:
  mutable std::mutex mutex_;
  std::condition_variable free_;
  bool held_ = false;
  std::thread::id owner_;
  int urgent_waiting_ = 0;
  std::uint64_t waits_ = 0;
  std::condition_variable checkpoint_cv_;
  int checkpointers_ = 0;
  bool checkpoint_requested_ = false;
  bool checkpoint_interrupted_ = false;
};

}  // namespace knowledge

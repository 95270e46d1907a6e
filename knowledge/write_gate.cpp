#include "knowledge/write_gate.h"

#include <filesystem>
#include <map>
#include <utility>

namespace knowledge {

std::shared_ptr<WriteGate> WriteGate::For(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file::memory:")) return nullptr;
  std::error_code ec;
  std::string key = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) key = path;
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<WriteGate>> registry;
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[key];
  auto gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<WriteGate>();
    slot = gate;
  }
  return gate;
}

std::expected<void, std::string> WriteGate::Acquire(bool urgent, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (held_ && owner_ == std::this_thread::get_id()) {
    return std::unexpected("this thread already writes to the database through another connection");
  }
  auto can_enter = [&] { return !held_ && (urgent || urgent_waiting_ == 0); };
  if (!can_enter()) {
    ++waits_;
    if (urgent) ++urgent_waiting_;
    const bool entered = free_.wait_for(lock, timeout, can_enter);
    if (urgent) --urgent_waiting_;
    if (!entered) {
      if (urgent) free_.notify_all();  // the others may have been waiting for us to leave the queue
      return std::unexpected("database is busy (another writer held it too long)");
    }
  }
  held_ = true;
  owner_ = std::this_thread::get_id();
  return {};
}

void WriteGate::Release() {
  {
    std::lock_guard lock(mutex_);
    held_ = false;
    owner_ = {};
  }
  free_.notify_all();
}

std::uint64_t WriteGate::waits() const {
  std::lock_guard lock(mutex_);
  return waits_;
}

void WriteGate::AttachCheckpointer() {
  std::lock_guard lock(mutex_);
  ++checkpointers_;
  checkpoint_interrupted_ = false;
}

void WriteGate::DetachCheckpointer() {
  std::lock_guard lock(mutex_);
  --checkpointers_;
}

bool WriteGate::HasCheckpointer() const {
  std::lock_guard lock(mutex_);
  return checkpointers_ > 0;
}

void WriteGate::RequestCheckpoint() {
  {
    std::lock_guard lock(mutex_);
    checkpoint_requested_ = true;
  }
  checkpoint_cv_.notify_all();
}

bool WriteGate::WaitForCheckpointRequest(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  checkpoint_cv_.wait_for(lock, timeout, [&] { return checkpoint_requested_ || checkpoint_interrupted_; });
  if (checkpoint_interrupted_) return false;
  return std::exchange(checkpoint_requested_, false);
}

void WriteGate::InterruptCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    checkpoint_interrupted_ = true;
  }
  checkpoint_cv_.notify_all();
}

}  // namespace knowledge

#include "tests/support/test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "config/logging.h"
#include "knowledge/import.h"

namespace testing_support {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path FixturePath(const std::string& name) { return std::filesystem::path(HCCBOT_TEST_FIXTURES) / name; }
std::filesystem::path TestDataPath(const std::string& name) { return std::filesystem::path(HCCBOT_TEST_DATA) / name; }
std::filesystem::path KnowledgeDataDir() { return HCCBOT_KNOWLEDGE_DATA; }

TempDir::TempDir() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (int i = 0; i < 100; ++i) {
    auto p = base / ("hccbot-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    if (std::filesystem::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  ADD_FAILURE() << "cannot create a temporary directory";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

SharedKnowledge& Knowledge() {
  // Removed at exit: every test process builds its own copy, and a leaked
  // directory per process fills the disk over a few thousand test runs.
  static TempDir dir_owner;
  static TempDir* dir = &dir_owner;
  static SharedKnowledge* k = [] {
    logging::SetMinLevel(logging::Level::kWarn);
    auto* s = new SharedKnowledge{config::Defaults(), nullptr, nullptr};
    s->cfg.knowledge.db_path = (dir->path() / "knowledge.db").string();
    s->cfg.knowledge.data_dir = KnowledgeDataDir().string();
    auto db = knowledge::OpenOrBuild(s->cfg.knowledge.db_path, s->cfg.knowledge.data_dir);
    if (!db) {
      ADD_FAILURE() << db.error();
      std::abort();
    }
    s->db = new knowledge::Database(std::move(*db));
    s->index = new knowledge::Index(*s->db, s->cfg.knowledge);
    if (auto r = s->index->Reload(); !r) {
      ADD_FAILURE() << r.error();
      std::abort();
    }
    return s;
  }();
  return *k;
}

}  // namespace testing_support

#pragma once
// Helpers shared by the tests: fixture files, temporary directories and a
// knowledge base built once per test program from knowledge/data.
#include <filesystem>
#include <string>

#include "config/config.h"
#include "knowledge/database.h"
#include "knowledge/index.h"

namespace testing_support {

std::string ReadFile(const std::filesystem::path& path);
std::filesystem::path FixturePath(const std::string& name);   // tests/fixtures/NAME
std::filesystem::path TestDataPath(const std::string& name);  // tests/data/NAME
std::filesystem::path KnowledgeDataDir();                     // knowledge/data

// A fresh directory removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The shipped knowledge imported into a temporary database, built on first use
// and shared by every test of the program. Read-only use only.
struct SharedKnowledge {
  config::Config cfg;
  knowledge::Database* db;
  knowledge::Index* index;
};
SharedKnowledge& Knowledge();

}  // namespace testing_support

#pragma once
// A private, writable copy of the shipped knowledge for tests that edit it:
// imported into a temporary file database, with a serving index on top.
#include <gtest/gtest.h>

#include <memory>

#include "knowledge/import.h"
#include "knowledge/index.h"
#include "tests/support/test_support.h"

namespace admin_test {

class KnowledgeCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = config::Defaults();
    cfg_.knowledge.db_path = (dir_ / "hccbot.db").string();
    cfg_.knowledge.data_dir = testing_support::KnowledgeDataDir().string();
    cfg_.server.static_dir = HCCBOT_SOURCE_DIR "/webhook";
    auto db = knowledge::OpenOrBuild(cfg_.knowledge.db_path, cfg_.knowledge.data_dir);
    ASSERT_TRUE(db) << db.error();
    db_ = std::make_unique<knowledge::Database>(std::move(*db));
    index_ = std::make_unique<knowledge::Index>(*db_, cfg_.knowledge);
    ASSERT_TRUE(index_->Reload());
  }
  std::string Top(const std::string& q) {
    auto r = index_->Search(q);
    return r.hits.empty() ? std::string() : r.hits[0].id;
  }

  testing_support::TempDir dir_;
  config::Config cfg_;
  std::unique_ptr<knowledge::Database> db_;
  std::unique_ptr<knowledge::Index> index_;
};

}  // namespace admin_test

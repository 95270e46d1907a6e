#include "webhook/auth.h"

#include <gtest/gtest.h>

#include "knowledge/audit.h"
#include "knowledge/staff.h"
#include "tests/admin/admin_fixture.h"

namespace {

TEST(HashPassword, VerifiesOnlyTheSamePassword) {
  const std::string h = webhook::HashPassword("đúng mật khẩu 123", 1000);
  EXPECT_TRUE(webhook::VerifyPassword("đúng mật khẩu 123", h));
  EXPECT_FALSE(webhook::VerifyPassword("đúng mật khẩu 124", h));
  EXPECT_FALSE(webhook::VerifyPassword("", h));
}

TEST(HashPassword, SaltsEveryHashAndUsesTheSlowDefault) {
  const std::string a = webhook::HashPassword("same password");
  const std::string b = webhook::HashPassword("same password");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("pbkdf2-sha256$600000$", 0), 0u) << a;
  EXPECT_EQ(a.find("same password"), std::string::npos);
}

TEST(VerifyPassword, RejectsMalformedHashes) {
  for (const char* bad : {"", "plain", "pbkdf2-sha256$0$00$00", "pbkdf2-sha256$10$zz$00", "md5$1$00$00",
                          "pbkdf2-sha256$10$00"})
    EXPECT_FALSE(webhook::VerifyPassword("x", bad)) << bad;
}

TEST(PasswordProblem, RefusesShortPasswordsInVietnamese) {
  EXPECT_NE(webhook::PasswordProblem("ngắn"), "");
  EXPECT_NE(webhook::PasswordProblem("ngắn").find("ít nhất"), std::string::npos);
  EXPECT_EQ(webhook::PasswordProblem("đủ dài rồi nhé"), "");
}

TEST(RandomToken, IsLongAndFresh) {
  const auto a = webhook::RandomToken(), b = webhook::RandomToken();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
}

using StaffStoreTest = admin_test::KnowledgeCopy;

TEST_F(StaffStoreTest, RefusesDuplicateAndInvalidNames) {
  knowledge::StaffStore s(*db_);
  ASSERT_TRUE(s.AddUser("lan.nguyen", knowledge::Role::kEditor, "h"));
  EXPECT_FALSE(s.AddUser("Lan.Nguyen", knowledge::Role::kViewer, "h"));
  EXPECT_FALSE(s.AddUser("x", knowledge::Role::kViewer, "h"));
  EXPECT_FALSE(s.AddUser("lan nguyen", knowledge::Role::kViewer, "h"));
  EXPECT_FALSE(s.AddUser("ok-name", knowledge::Role::kViewer, ""));
}

TEST_F(StaffStoreTest, SessionsExpireAndEndWhenTheUserChanges) {
  knowledge::StaffStore s(*db_);
  auto u = s.AddUser("minh", knowledge::Role::kEditor, "h");
  ASSERT_TRUE(u);
  ASSERT_TRUE(s.CreateSession(u->uid, "tokhash", "csrf1", 1000));
  ASSERT_TRUE(s.FindSession("tokhash", 999));
  EXPECT_EQ(s.FindSession("tokhash", 999)->csrf, "csrf1");
  EXPECT_FALSE(s.FindSession("tokhash", 1000));
  EXPECT_FALSE(s.FindSession("other", 10));
  ASSERT_TRUE(s.UpdateUser("minh", knowledge::Role::kViewer, std::nullopt, std::nullopt));
  EXPECT_FALSE(s.FindSession("tokhash", 10)) << "a role change ends the old sessions";
  ASSERT_TRUE(s.CreateSession(u->uid, "t2", "c", 1000));
  ASSERT_TRUE(s.UpdateUser("minh", std::nullopt, false, std::nullopt));
  ASSERT_TRUE(s.CreateSession(u->uid, "t3", "c", 1000));
  EXPECT_FALSE(s.FindSession("t3", 10)) << "a disabled user has no valid session";
}

using AuditLog = admin_test::KnowledgeCopy;

TEST_F(AuditLog, IsAppendOnly) {
  ASSERT_TRUE(knowledge::AppendAudit(*db_, "lan", "draft.save", "procedure", "1.001193", "{\"a\":1}", "{\"a\":2}"));
  auto rows = knowledge::ListAudit(*db_, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor, "lan");
  EXPECT_EQ(rows[0].before, "{\"a\":1}");
  EXPECT_FALSE(db_->Exec("UPDATE audit_log SET actor = 'someone else'"));
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log"));
  EXPECT_EQ(knowledge::ListAudit(*db_, {})[0].actor, "lan");
}

}  // namespace

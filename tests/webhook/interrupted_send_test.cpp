// A send cut off by a crash (marked as under way, outcome never recorded) is
// not repeated after a restart: it becomes a dead letter that says why.
// scripts/crash_test.sh checks the same end to end with SIGKILL.
#include <gtest/gtest.h>

#include "knowledge/outbox.h"
#include "tests/support/test_support.h"

namespace {

TEST(InterruptedSend, BecomesADeadLetterAtStartUpInsteadOfASecondSend) {
  testing_support::TempDir dir;
  const std::string path = (dir / "q.db").string();
  {
    auto outbox = knowledge::Outbox::Open(path);
    ASSERT_TRUE(outbox) << outbox.error();
    auto cut = (*outbox)->Enqueue("A", "cut off", "bot", 100);
    auto done = (*outbox)->Enqueue("B", "delivered", "bot", 100);
    auto waiting = (*outbox)->Enqueue("C", "not started", "bot", 100);
    ASSERT_TRUE(cut && done && waiting);
    ASSERT_TRUE((*outbox)->MarkSending(*cut, 200));
    ASSERT_TRUE((*outbox)->MarkSending(*done, 200));
    ASSERT_TRUE((*outbox)->MarkSent(*done, "zalo-1", 210));
    // The process dies here: "cut off" was handed to Zalo, its outcome never recorded.
  }
  auto outbox = knowledge::Outbox::Open(path);
  ASSERT_TRUE(outbox) << outbox.error();
  auto resolved = (*outbox)->ResolveInterrupted(1000);
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(*resolved, 1);
  auto dead = (*outbox)->DeadLetters(10);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].text, "cut off");
  EXPECT_NE((*dead)[0].reason.find("interrupted while sending"), std::string::npos);
  // Only the text that never started is still due; nothing is sent twice.
  auto due = (*outbox)->Due(2000, 10, {});
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].text, "not started");
  auto again = (*outbox)->ResolveInterrupted(3000);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0) << "a clean restart finds nothing to resolve";
}

TEST(InterruptedSend, RetryAndFinalErrorsClearTheMark) {
  testing_support::TempDir dir;
  auto outbox = knowledge::Outbox::Open((dir / "q.db").string());
  ASSERT_TRUE(outbox) << outbox.error();
  auto retried = (*outbox)->Enqueue("A", "retried", "bot", 100);
  auto failed = (*outbox)->Enqueue("B", "failed", "bot", 100);
  ASSERT_TRUE(retried && failed);
  ASSERT_TRUE((*outbox)->MarkSending(*retried, 200));
  ASSERT_TRUE((*outbox)->Retry(*retried, 500, "503"));
  ASSERT_TRUE((*outbox)->MarkSending(*failed, 200));
  ASSERT_TRUE((*outbox)->MarkDead(*failed, "not retryable: zalo -230", 210));
  auto resolved = (*outbox)->ResolveInterrupted(1000);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(*resolved, 0);
  auto due = (*outbox)->Due(1000, 10, {});
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].text, "retried");
}

}  // namespace

#include "knowledge/conversations.h"

#include <gtest/gtest.h>

namespace {

knowledge::Database Memory() {
  auto db = knowledge::OpenServing(":memory:");
  EXPECT_TRUE(db.has_value()) << db.error();
  return std::move(*db);
}

TEST(ConversationStore, NewCitizenHasAnEmptySession) {
  auto db = Memory();
  knowledge::ConversationStore store(db);
  auto s = store.LoadSession("u1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user_id, "u1");
  EXPECT_TRUE(s->commune.empty());
  EXPECT_EQ(s->handoff_id, 0);
}

TEST(ConversationStore, SessionRoundTrip) {
  auto db = Memory();
  knowledge::ConversationStore store(db);
  knowledge::Session s;
  s.user_id = "u1";
  s.updated_ms = 5;
  s.commune = "Tân Ninh";
  s.pending = "choose_procedure";
  s.pending_choices = {"1.001193", "2.000001"};
  ASSERT_TRUE(store.SaveSession(s));
  s.last_procedure_id = "1.001193";
  ASSERT_TRUE(store.SaveSession(s));
  auto back = store.LoadSession("u1");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->commune, "Tân Ninh");
  EXPECT_EQ(back->last_procedure_id, "1.001193");
  EXPECT_EQ(back->pending_choices, s.pending_choices);
}

TEST(ConversationStore, MasksTurnsAndTickets) {
  auto db = Memory();
  knowledge::ConversationStore store(db);
  knowledge::Turn t;
  t.user_id = "u1";
  t.at_ms = 1;
  t.kind = "text";
  t.text = "CCCD 079123456789, gọi 0912 345 678";
  t.intent = "procedure";
  ASSERT_TRUE(store.RecordTurn(t));
  auto turns = store.Turns("u1");
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].text.find("079123456789"), std::string::npos);
  EXPECT_EQ(turns[0].text.find("0912 345 678"), std::string::npos);
  auto ticket = store.CreateTicket("u1", "phan_anh", "liên hệ 0987654321", "", 1795658400000, 0);
  ASSERT_TRUE(ticket) << ticket.error();
  EXPECT_EQ(ticket->number, "PA2026-00001");
  EXPECT_EQ(store.GetTicket("PA2026-00001")->content.find("0987654321"), std::string::npos);
  auto second = store.CreateTicket("u2", "gop_y", "tốt", "", 1795658400000, 0);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->number, "PA2026-00002");
  EXPECT_FALSE(store.CreateTicket("u2", "spam", "x", "", 1, 0)) << "unknown kinds are refused";
}

TEST(ConversationStore, RatingsAreLinkedToTheirTurn) {
  auto db = Memory();
  knowledge::ConversationStore store(db);
  knowledge::Turn t;
  t.user_id = "u1";
  t.kind = "text";
  t.intent = "procedure";
  auto id = store.RecordTurn(t);
  ASSERT_TRUE(id);
  EXPECT_FALSE(store.RecordRating(*id, "u1", 5, 1)) << "only 1..4";
  ASSERT_TRUE(store.RecordRating(*id, "u1", 3, 1));
  ASSERT_TRUE(store.RecordRating(*id, "u1", 2, 2));
  EXPECT_EQ(store.RatingOf(*id), 2);
  EXPECT_FALSE(store.RecordRating(*id + 100, "u1", 2, 2)) << "a rating needs its turn";
}

TEST(ConversationStore, HandoffOpensAndCloses) {
  auto db = Memory();
  knowledge::ConversationStore store(db);
  auto h = store.OpenHandoff("u1", 1000, 2000);
  ASSERT_TRUE(h);
  knowledge::Session s;
  s.user_id = "u1";
  s.handoff_id = h->id;
  ASSERT_TRUE(store.SaveSession(s));
  ASSERT_TRUE(store.NoteStaffMessage("u1", 1500, 5000));
  EXPECT_EQ(store.GetHandoff(h->id)->until_ms, 5000);
  EXPECT_EQ(store.GetHandoff(h->id)->status, "staff_replied");
  auto closed = store.CloseHandoff("u1", 1600, "staff-7");
  ASSERT_TRUE(closed);
  EXPECT_TRUE(*closed);
  EXPECT_EQ(store.GetHandoff(h->id)->status, "released");
  EXPECT_EQ(store.LoadSession("u1")->handoff_id, 0);
  EXPECT_FALSE(*store.CloseHandoff("u1", 1700, "staff-7"));
}

}  // namespace

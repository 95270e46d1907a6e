// Schema migrations on a real SQLite file: a database written by an older
// version keeps its rows, links and constraints when it is brought forward.
#include <gtest/gtest.h>

#include <string>

#include "knowledge/database.h"
#include "tests/support/test_support.h"

namespace {

using testing_support::TempDir;

std::string One(knowledge::Database& db, const std::string& sql) {
  auto st = db.Prepare(sql);
  EXPECT_TRUE(st.has_value()) << sql << ": " << st.error();
  if (!st) return "";
  auto row = st->Step();
  EXPECT_TRUE(row.has_value()) << sql << ": " << row.error();
  return row && *row ? st->Text(0) : "";
}

// The opcodes of a statement's program, one per line.
std::string Plan(knowledge::Database& db, const std::string& sql) {
  auto st = db.Prepare("EXPLAIN " + sql);
  EXPECT_TRUE(st.has_value()) << st.error();
  std::string ops;
  while (st) {
    auto row = st->Step();
    if (!row || !*row) break;
    ops += st->Text(1) + "\n";
  }
  return ops;
}

knowledge::Database OpenAt(const std::string& path, int version) {
  auto db = knowledge::Database::Open(path);
  EXPECT_TRUE(db.has_value()) << db.error();
  EXPECT_TRUE(db->Exec("PRAGMA foreign_keys=ON").has_value());
  auto m = knowledge::Migrate(*db, version);
  EXPECT_TRUE(m.has_value()) << m.error();
  return std::move(*db);
}

constexpr const char* kInboxInsert =
    "INSERT INTO inbox (dedupe_key, event_name, user_id, event_ms, received_ms, raw) "
    "VALUES ('k', 'user_send_text', 'u', 1, 1, '{}')";

TEST(Schema, Version11KeepsRowsAndChecksWithoutATemporaryTablePerRow) {
  TempDir dir;
  const std::string path = (dir / "old.db").string();
  auto old = OpenAt(path, 10);
  ASSERT_EQ(One(old, "PRAGMA user_version"), "10");
  ASSERT_TRUE(old.Exec("INSERT INTO inbox (dedupe_key, event_name, user_id, event_ms, received_ms, raw, state) "
                       "VALUES ('m1', 'user_send_text', 'u1', 5, 5, NULL, 'done')")
                  .has_value());
  ASSERT_TRUE(old.Exec("INSERT INTO outbox (user_id, text, origin, inbox_id, next_attempt_ms, created_ms, state) "
                       "VALUES ('u1', 'Dạ, anh/chị mang theo CCCD.', 'bot', 1, 5, 5, 'sent')")
                  .has_value());
  // Version 10 checked the state through a temporary b-tree built for every row.
  EXPECT_NE(Plan(old, kInboxInsert).find("OpenEphemeral"), std::string::npos);

  // Another connection, open since before the migration, must see the new schema too.
  auto other = knowledge::Database::Open(path);
  ASSERT_TRUE(other.has_value());
  ASSERT_EQ(One(*other, "SELECT count(*) FROM inbox"), "1");

  auto m = knowledge::Migrate(old);
  ASSERT_TRUE(m.has_value()) << m.error();
  EXPECT_EQ(One(old, "PRAGMA user_version"), std::to_string(knowledge::kSchemaVersion));
  EXPECT_EQ(One(old, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(One(old, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_EQ(One(old, "SELECT group_concat(o.text || '/' || i.dedupe_key) FROM outbox o JOIN inbox i ON i.id = o.inbox_id"),
            "Dạ, anh/chị mang theo CCCD./m1");
  EXPECT_EQ(One(old, "SELECT count(*) FROM sqlite_schema WHERE name = 'inbox_received'"), "0");

  for (auto* db : {&old, &*other}) {
    SCOPED_TRACE(db == &old ? "migrating connection" : "other connection");
    // A statement that runs checks the schema cookie (EXPLAIN alone does not).
    ASSERT_EQ(One(*db, "SELECT count(*) FROM inbox"), "1");
    EXPECT_EQ(Plan(*db, kInboxInsert).find("OpenEphemeral"), std::string::npos);
    // The same constraint: the three states pass, anything else is refused.
    auto bad_in = db->Exec("UPDATE inbox SET state = 'answered' WHERE id = 1");
    ASSERT_FALSE(bad_in.has_value());
    EXPECT_NE(bad_in.error().find("CHECK constraint failed"), std::string::npos) << bad_in.error();
    auto bad_out = db->Exec("UPDATE outbox SET state = 'lost' WHERE id = 1");
    ASSERT_FALSE(bad_out.has_value());
    EXPECT_NE(bad_out.error().find("CHECK constraint failed"), std::string::npos) << bad_out.error();
    for (const char* s : {"pending", "failed", "done"})
      EXPECT_TRUE(db->Exec(std::string("UPDATE inbox SET state = '") + s + "' WHERE id = 1").has_value()) << s;
    for (const char* s : {"pending", "dead", "sent"})
      EXPECT_TRUE(db->Exec(std::string("UPDATE outbox SET state = '") + s + "' WHERE id = 1").has_value()) << s;
  }
}

TEST(Schema, AnUnexpectedTableTextStopsVersion11AndChangesNothing) {
  TempDir dir;
  const std::string path = (dir / "edited.db").string();
  auto db = OpenAt(path, 10);
  // Someone edited the table by hand: the CHECK is no longer the text version 3 wrote.
  const std::string cookie = One(db, "PRAGMA schema_version");
  ASSERT_TRUE(db.Exec("PRAGMA writable_schema = ON").has_value());
  ASSERT_TRUE(db.Exec("UPDATE sqlite_schema SET sql = replace(sql, \"'pending', 'done', 'failed'\", "
                      "\"'pending','done','failed'\") WHERE name = 'inbox'")
                  .has_value());
  ASSERT_TRUE(db.Exec("PRAGMA schema_version = " + std::to_string(std::stoi(cookie) + 1)).has_value());
  ASSERT_TRUE(db.Exec("PRAGMA writable_schema = OFF").has_value());

  auto m = knowledge::Migrate(db);
  ASSERT_FALSE(m.has_value());
  EXPECT_NE(m.error().find("migration to version 11 failed: table inbox does not have the expected CHECK"),
            std::string::npos)
      << m.error();
  // Rolled back whole: still version 10, the index the migration drops is still there.
  EXPECT_EQ(One(db, "PRAGMA user_version"), "10");
  EXPECT_EQ(One(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'inbox_received'"), "1");
  EXPECT_EQ(One(db, "PRAGMA integrity_check"), "ok");
}

TEST(Schema, RefusesAnUnknownTargetVersion) {
  TempDir dir;
  auto db = knowledge::Database::Open((dir / "x.db").string());
  ASSERT_TRUE(db.has_value());
  auto m = knowledge::Migrate(*db, knowledge::kSchemaVersion + 1);
  ASSERT_FALSE(m.has_value());
  EXPECT_NE(m.error().find("no schema version"), std::string::npos);
  EXPECT_EQ(One(*db, "PRAGMA user_version"), "0");
}

}  // namespace

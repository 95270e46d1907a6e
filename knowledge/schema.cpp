// Schema migrations. Each entry brings the database from version N-1 to N and
// runs in its own transaction; PRAGMA user_version records where it stands.
// Append new versions at the end; never edit a released one.
#include <sqlite3.h>

#include <string>

#include "knowledge/database.h"

namespace knowledge {
namespace {

constexpr const char* kMigrations[] = {
    // 1: knowledge base, offices and communes, search expansion tables.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per procedure (national code) or reform article (cchc-…).
CREATE TABLE procedures (
  pid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('procedure', 'article')),
  curated INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  field TEXT,
  agency TEXT,
  level TEXT NOT NULL DEFAULT '',          -- comma-joined: trung_uong,tinh,xa,khac
  ministry TEXT,
  decision TEXT,
  documents TEXT NOT NULL DEFAULT '[]',    -- JSON arrays of text
  steps TEXT NOT NULL DEFAULT '[]',
  processing_time TEXT,
  fees TEXT,
  submit_channels TEXT NOT NULL DEFAULT '[]',
  online_level TEXT,
  legal_basis TEXT NOT NULL DEFAULT '[]',
  result TEXT,
  url TEXT,
  source TEXT NOT NULL,
  notes TEXT,
  checked TEXT NOT NULL,                   -- YYYY-MM-DD the facts were checked
  review_by TEXT,                          -- YYYY-MM-DD staff must re-check by
  aliases TEXT NOT NULL DEFAULT '[]',
  body TEXT,                               -- article text
  channels TEXT NOT NULL DEFAULT '[]'      -- catalogue rows, for staff
);

-- One FTS table per field: in a single table bm25's length normalisation lets
-- long document lists drown short names.
CREATE VIRTUAL TABLE fts_name USING fts5(text, tokenize='hcc');
CREATE VIRTUAL TABLE fts_aliases USING fts5(text, tokenize='hcc');
CREATE VIRTUAL TABLE fts_field USING fts5(text, tokenize='hcc');
CREATE VIRTUAL TABLE fts_body USING fts5(text, tokenize='hcc');

CREATE TABLE synonyms (
  term TEXT PRIMARY KEY,       -- folded
  term_text TEXT NOT NULL,     -- as staff wrote it
  expansion TEXT NOT NULL,
  kind TEXT NOT NULL
);
CREATE TABLE fillers (phrase TEXT PRIMARY KEY);  -- folded

CREATE TABLE offices (
  oid INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  kind TEXT NOT NULL,
  commune TEXT,                -- the commune it serves, for commune-level offices
  address TEXT, phone TEXT, hours TEXT, website TEXT, email TEXT,
  latitude REAL, longitude REAL,
  source TEXT NOT NULL,
  notes TEXT,
  checked TEXT NOT NULL
);

CREATE TABLE communes (
  name TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('xa', 'phuong')),
  clause INTEGER,
  merged_from TEXT NOT NULL DEFAULT '',
  province TEXT NOT NULL,
  effective TEXT,
  source TEXT NOT NULL
);
)sql",
    // 2: the conversation record. Read by the staff console and the
    // satisfaction (SIPAS) reports; written only through ConversationStore.
    //   sessions  one row per citizen: what the bot remembers between messages
    //             (last procedure, commune, a pending question, hand-off).
    //             Context expires after inactivity (bot.session_idle_minutes);
    //             the row itself stays for the once-a-day rating rule.
    //   turns     one row per event a citizen sent, with the bot's reply. Text is
    //             masked (ID and phone numbers) before it is written.
    //   ratings   1..4 as the citizen chose it: 1 Rất hài lòng, 2 Hài lòng,
    //             3 Bình thường, 4 Không hài lòng; linked to the answered turn.
    //   tickets   petitions (phản ánh, kiến nghị, khiếu nại, góp ý) with a public
    //             number PA<year>-<id>; status new → in_progress → answered → closed.
    //   handoffs  a citizen asked for a person: the bot is silent until staff
    //             release it (released) or until_ms passes (expired).
    R"sql(
CREATE TABLE sessions (
  user_id TEXT PRIMARY KEY,
  updated_ms INTEGER NOT NULL,             -- last event from the citizen (epoch ms)
  last_procedure_id TEXT NOT NULL DEFAULT '',  -- procedure or article answered last
  last_answer_turn INTEGER,                -- turns.id of that answer
  commune TEXT NOT NULL DEFAULT '',        -- communes.name (the post-2025 unit)
  commune_ms INTEGER NOT NULL DEFAULT 0,   -- when the citizen named it
  pending TEXT NOT NULL DEFAULT '',        -- '', choose_procedure, choose_commune, petition, dossier_code, rating
  pending_choices TEXT NOT NULL DEFAULT '',-- newline-joined ids or names offered
  pending_turn INTEGER,                    -- rating: the turn being rated; petition: the asking turn
  pending_kind TEXT NOT NULL DEFAULT '',   -- petition kind while its content is awaited
  rating_prompt_ms INTEGER NOT NULL DEFAULT 0, -- last satisfaction prompt (one per day)
  handoff_id INTEGER                       -- open handoffs.id, NULL when the bot answers
);

CREATE TABLE turns (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  msg_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                      -- text, image, sticker, file, location, follow, chat_now, …
  text TEXT NOT NULL DEFAULT '',           -- masked
  reply TEXT NOT NULL DEFAULT '',          -- masked; empty when the bot stayed silent
  intent TEXT NOT NULL,
  procedure_id TEXT NOT NULL DEFAULT '',
  answered INTEGER NOT NULL DEFAULT 0,     -- answered with a procedure or article
  confidence REAL NOT NULL DEFAULT 0,
  commune TEXT NOT NULL DEFAULT ''
);
CREATE INDEX turns_user ON turns (user_id, at_ms);
CREATE INDEX turns_at ON turns (at_ms);

CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  turn_id INTEGER NOT NULL UNIQUE REFERENCES turns (id),
  user_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4)
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('phan_anh', 'kien_nghi', 'khieu_nai', 'gop_y')),
  content TEXT NOT NULL,                   -- masked
  commune TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'answered', 'closed')),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  turn_id INTEGER REFERENCES turns (id)
);
CREATE INDEX tickets_status ON tickets (status, created_ms);

CREATE TABLE handoffs (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  requested_ms INTEGER NOT NULL,
  until_ms INTEGER NOT NULL,               -- the bot answers again after this
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'staff_replied', 'released', 'expired')),
  staff_last_ms INTEGER,
  closed_ms INTEGER,
  closed_by TEXT NOT NULL DEFAULT ''       -- staff id, 'timeout'
);
CREATE INDEX handoffs_open ON handoffs (status, requested_ms);
)sql",
    // 3: the Zalo edge's durable queues: inbox (with dedupe keys), outbox and
    // its dead letters, staff activity seen through oa_send_* echoes, OA tokens.
    R"sql(
-- One row per distinct event Zalo delivered; the UNIQUE key is the dedupe
-- record and outlives processing (pruned after the retention period).
CREATE TABLE inbox (
  id INTEGER PRIMARY KEY,                  -- arrival order
  dedupe_key TEXT NOT NULL UNIQUE,
  event_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  event_ms INTEGER NOT NULL,               -- the event's own timestamp
  received_ms INTEGER NOT NULL,
  raw TEXT,                                -- body as received; cleared once done
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  outcome TEXT,
  done_ms INTEGER
);
CREATE INDEX inbox_pending ON inbox(state, user_id, id);
CREATE INDEX inbox_received ON inbox(received_ms);

-- Every text we owe a citizen, from the bot or from staff, until Zalo took it
-- or we gave up (state 'dead' with a reason: the dead letters staff see).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  text TEXT NOT NULL,
  quote_msg_id TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL,                    -- bot, staff:<who>, rate_limit, …
  inbox_id INTEGER REFERENCES inbox(id) ON DELETE SET NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  sent_ms INTEGER,
  platform_msg_id TEXT,
  last_error TEXT,
  dead_reason TEXT,
  dead_ms INTEGER
);
CREATE INDEX outbox_lane ON outbox(state, user_id, id);
CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
CREATE INDEX outbox_platform ON outbox(platform_msg_id);
CREATE VIEW dead_letters AS
  SELECT id, user_id, text, origin, inbox_id, attempts, created_ms, dead_ms, dead_reason, last_error
  FROM outbox WHERE state = 'dead';

-- What the OA sent, seen through oa_send_* echoes: a person typing in the
-- Zalo console (source 'console') or our own outbox (source 'outbox').
CREATE TABLE staff_activity (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  admin_id TEXT NOT NULL DEFAULT '',
  msg_id TEXT NOT NULL DEFAULT '',
  event_name TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('console', 'outbox')),
  timestamp_ms INTEGER NOT NULL
);
CREATE INDEX staff_activity_user ON staff_activity(user_id, timestamp_ms);

-- The OA's access/refresh pair. The refresh token is single-use, so the new
-- pair is committed here before the access token is used; the lease keeps a
-- second process from refreshing at the same time.
CREATE TABLE oa_tokens (
  oa_key TEXT PRIMARY KEY,
  access_token TEXT NOT NULL,
  refresh_token TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL DEFAULT 0,   -- 0: unknown (bootstrap pair)
  updated_ms INTEGER NOT NULL,
  lease_holder TEXT NOT NULL DEFAULT '',
  lease_until_ms INTEGER NOT NULL DEFAULT 0
);
)sql",
    // 4: staff console: users and sessions, append-only audit log, drafts and
    // published revisions of staff edits, FAQs, the regression question set.
    R"sql(
CREATE TABLE staff_users (
  uid INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  password_hash TEXT NOT NULL,             -- scheme$params$salt$hash, computed in webhook/auth
  active INTEGER NOT NULL DEFAULT 1,
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,             -- SHA-256 of the cookie value; the value itself is never stored
  uid INTEGER NOT NULL REFERENCES staff_users(uid) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  expires INTEGER NOT NULL,                -- unix seconds
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Every change made by staff, as JSON before and after. Rows are never
-- updated or deleted; the triggers make that a hard rule.
CREATE TABLE audit_log (
  aid INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL DEFAULT '',
  key TEXT NOT NULL DEFAULT '',
  before TEXT,
  after TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Staff edits. One open draft per (entity, key); publishing turns it into the
-- published revision and the previous one into superseded. The latest
-- published revision of each key is re-applied after every import, so staff
-- edits survive a re-import of the shipped files.
CREATE TABLE revisions (
  rid INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('procedure', 'faq', 'synonym', 'office', 'commune')),
  key TEXT NOT NULL,
  data TEXT NOT NULL,                      -- the whole entity as JSON; {"deleted": true} removes it
  state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'superseded', 'discarded')),
  author TEXT NOT NULL,
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  published_by TEXT,
  published_at TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX revisions_one_draft ON revisions(entity, key) WHERE state = 'draft';
CREATE INDEX revisions_by_key ON revisions(entity, key, rid);

-- Questions and answers written by staff. Published FAQs are also rows of
-- procedures with kind 'article' and id 'faq-N', so search indexes them.
CREATE TABLE faqs (
  id TEXT PRIMARY KEY,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '[]',
  source TEXT NOT NULL,
  checked TEXT NOT NULL,
  review_by TEXT
);

-- The question set run before publishing: the development set and
-- questions staff add.
CREATE TABLE regression_questions (
  qid INTEGER PRIMARY KEY,
  question TEXT NOT NULL UNIQUE,
  expect TEXT NOT NULL DEFAULT '[]',       -- JSON list of acceptable ids, may be empty
  origin TEXT NOT NULL,                    -- file name or 'staff'
  added_by TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
)sql",
    // 5: a send that began and whose outcome was never recorded (the process
    // died in between) must not be sent again blindly: Zalo may have it.
    R"sql(
ALTER TABLE outbox ADD COLUMN sending_ms INTEGER;   -- set while a send is under way
)sql",
    // 6: the staff side of the conversation record: unanswered-question
    // groups staff resolved, and staff replies to hand-offs and petitions
    // (their first one gives the response times of the reports).
    R"sql(
CREATE TABLE queue_resolutions (
  id INTEGER PRIMARY KEY,
  group_key TEXT NOT NULL,                 -- queue.h GroupKey
  action TEXT NOT NULL CHECK (action IN ('alias', 'faq', 'dismiss')),
  target TEXT NOT NULL DEFAULT '',         -- procedure id or faq id
  actor TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX queue_resolutions_key ON queue_resolutions (group_key);

CREATE TABLE staff_replies (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('handoff', 'ticket')),
  ref INTEGER NOT NULL,                    -- handoffs.id or tickets.id
  user_id TEXT NOT NULL,
  staff TEXT NOT NULL,
  text TEXT NOT NULL,                      -- masked
  outbox_id INTEGER NOT NULL DEFAULT 0,
  at_ms INTEGER NOT NULL
);
CREATE INDEX staff_replies_ref ON staff_replies (kind, ref, at_ms);
)sql",
    // 7: child keys get an index. Without one, every inbox row pruned scans the
    // whole outbox (foreign key), and "answered but never sent" was a nested
    // scan: 3 minutes of CPU for 15,000 events.
    R"sql(
CREATE INDEX outbox_inbox ON outbox (inbox_id);
CREATE INDEX tickets_turn ON tickets (turn_id);
CREATE INDEX staff_sessions_uid ON staff_sessions (uid);
)sql",
    // 8: the next event and the next text in arrival order without sorting the
    // backlog: the claim queries sorted every pending row on each claim, so a
    // backlog of 24,000 events drained at 40 texts/s instead of ~300.
    R"sql(
CREATE INDEX inbox_pending_order ON inbox (id) WHERE state = 'pending';
CREATE INDEX outbox_pending_order ON outbox (id) WHERE state = 'pending';
)sql",
    // 9: every acknowledgement inserted into inbox_pending (state, user_id, id)
    // at a random place (user ids are random), a page written to the WAL and
    // checkpointed per event. Since 8 no query seeks by user_id there; counts
    // by state need only the state, and new rows then go to the end.
    R"sql(
DROP INDEX inbox_pending;
CREATE INDEX inbox_state ON inbox (state);
)sql",
    // 10: one index fewer for every acknowledgement to insert into: pending
    // and failed events are counted through partial indexes, done ones (a
    // command-line figure) by a scan.
    R"sql(
DROP INDEX inbox_state;
CREATE INDEX inbox_failed ON inbox (id) WHERE state = 'failed';
)sql",
    // 11: inbox_received went into every acknowledgement's insert for the
    // sake of an hourly prune, which now finds its bound by id (arrival order).
    // The state checks are rewritten below (kCheckRewrites).
    R"sql(
DROP INDEX inbox_received;
)sql",
};

// A CHECK written `x IN ('a', 'b', 'c')` builds a temporary b-tree of the list
// on every insert and every update of the row (SQLite uses comparisons for
// two values or fewer): 3.5 µs against 2.2 µs per inbox-shaped insert, timed
// through Python's sqlite3 (EXPLAIN shows the OpenEphemeral). The
// same condition written with OR is compared in place. Changing a CHECK
// without touching the stored rows is the case SQLite documents for
// PRAGMA writable_schema (lang_altertable.html, section 7); every existing
// row satisfies the rewritten condition because it is the same condition.
struct CheckRewrite {
  int version;  // applied by the migration to this version, after its SQL
  const char* table;
  const char* from;
  const char* to;
};
constexpr CheckRewrite kCheckRewrites[] = {
    {11, "inbox", "CHECK (state IN ('pending', 'done', 'failed'))",
     "CHECK (state = 'pending' OR state = 'done' OR state = 'failed')"},
    {11, "outbox", "CHECK (state IN ('pending', 'sent', 'dead'))",
     "CHECK (state = 'pending' OR state = 'sent' OR state = 'dead')"},
};

int PragmaInt(Database& db, const char* pragma) {
  auto st = db.Prepare(std::string("PRAGMA ") + pragma);
  if (!st) return -1;
  auto row = st->Step();
  if (!row || !*row) return -1;
  return static_cast<int>(st->Int(0));
}

int UserVersion(Database& db) { return PragmaInt(db, "user_version"); }

// Inside the migration's transaction: a failure rolls the text back with it.
std::expected<void, std::string> RewriteChecks(Database& db, int version) {
  bool any = false;
  for (const auto& r : kCheckRewrites) any = any || r.version == version;
  if (!any) return {};
  const int schema_version = PragmaInt(db, "schema_version");
  if (schema_version < 0) return std::unexpected("cannot read the schema cookie");
  if (auto r = db.Exec("PRAGMA writable_schema = ON"); !r) return r;
  std::expected<void, std::string> result;
  for (const auto& r : kCheckRewrites) {
    if (r.version != version) continue;
    auto st = db.Prepare(
        "UPDATE sqlite_schema SET sql = replace(sql, ?1, ?2) "
        "WHERE type = 'table' AND name = ?3 AND instr(sql, ?1) > 0");
    if (!st) {
      result = std::unexpected(st.error());
      break;
    }
    st->Bind(1, r.from).Bind(2, r.to).Bind(3, r.table);
    if (auto done = st->Run(); !done) {
      result = std::unexpected(done.error());
      break;
    }
    if (db.Changes() != 1) {
      result = std::unexpected(std::string("table ") + r.table + " does not have the expected " + r.from);
      break;
    }
  }
  // The new cookie makes every connection, this one included, read the schema again.
  if (result) result = db.Exec("PRAGMA schema_version = " + std::to_string(schema_version + 1));
  if (auto off = db.Exec("PRAGMA writable_schema = OFF"); !off && result) result = off;
  return result;
}

}  // namespace

std::expected<void, std::string> Migrate(Database& db, int target) {
  constexpr int kCount = static_cast<int>(std::size(kMigrations));
  static_assert(kCount == kSchemaVersion, "kSchemaVersion must equal the number of migrations");
  if (target < 0 || target > kCount) return std::unexpected("no schema version " + std::to_string(target));
  int version = UserVersion(db);
  if (version < 0) return std::unexpected("cannot read the schema version");
  if (version > kCount)
    return std::unexpected("database schema version " + std::to_string(version) +
                           " is newer than this program (" + std::to_string(kCount) + ")");
  for (int v = version; v < target; ++v) {
    auto tx = Transaction::Begin(db);
    if (!tx) return std::unexpected(tx.error());
    if (auto r = db.Exec(kMigrations[v]); !r)
      return std::unexpected("migration to version " + std::to_string(v + 1) + " failed: " + r.error());
    if (auto r = RewriteChecks(db, v + 1); !r)
      return std::unexpected("migration to version " + std::to_string(v + 1) + " failed: " + r.error());
    if (auto r = db.Exec("PRAGMA user_version = " + std::to_string(v + 1)); !r) return r;
    if (auto r = tx->Commit(); !r) return r;
  }
  return {};
}

}  // namespace knowledge

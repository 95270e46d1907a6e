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
};

int UserVersion(Database& db) {
  auto st = db.Prepare("PRAGMA user_version");
  if (!st) return -1;
  auto row = st->Step();
  if (!row || !*row) return -1;
  return static_cast<int>(st->Int(0));
}

}  // namespace

std::expected<void, std::string> Migrate(Database& db) {
  constexpr int kCount = static_cast<int>(std::size(kMigrations));
  static_assert(kCount == kSchemaVersion, "kSchemaVersion must equal the number of migrations");
  int version = UserVersion(db);
  if (version < 0) return std::unexpected("cannot read the schema version");
  if (version > kCount)
    return std::unexpected("database schema version " + std::to_string(version) +
                           " is newer than this program (" + std::to_string(kCount) + ")");
  for (int v = version; v < kCount; ++v) {
    auto tx = Transaction::Begin(db);
    if (!tx) return std::unexpected(tx.error());
    if (auto r = db.Exec(kMigrations[v]); !r)
      return std::unexpected("migration to version " + std::to_string(v + 1) + " failed: " + r.error());
    if (auto r = db.Exec("PRAGMA user_version = " + std::to_string(v + 1)); !r) return r;
    if (auto r = tx->Commit(); !r) return r;
  }
  return {};
}

}  // namespace knowledge

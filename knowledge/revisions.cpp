// Design note: the revisions table is the history; the live tables are what
// the bot reads. Publishing changes both and the audit log in one
// transaction: either a staff edit is live, recorded as published and audited,
// or none of the three happened. At most one draft per key (unique index).
#include "knowledge/revisions.h"

#include "knowledge/audit.h"
#include "knowledge/entities.h"

namespace knowledge {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "rid, entity, key, data, state, author, created, coalesce(published_by,''), coalesce(published_at,''), note";

Revision ReadRevision(Statement& st) {
  Revision r;
  r.rid = st.Int(0);
  r.entity = st.Text(1);
  r.key = st.Text(2);
  r.data = json::parse(st.Text(3), nullptr, false);
  r.state = st.Text(4);
  r.author = st.Text(5);
  r.created = st.Text(6);
  r.published_by = st.Text(7);
  r.published_at = st.Text(8);
  r.note = st.Text(9);
  return r;
}

std::vector<Revision> Query(Database& db, const std::string& where, const std::vector<std::string>& binds) {
  std::vector<Revision> out;
  auto st = db.Prepare(std::string("SELECT ") + kColumns + " FROM revisions WHERE " + where);
  if (!st) return out;
  for (std::size_t i = 0; i < binds.size(); ++i) st->Bind(static_cast<int>(i + 1), binds[i]);
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back(ReadRevision(*st));
  }
  return out;
}

std::string Dump(const std::optional<json>& j) { return j ? j->dump() : std::string(); }

std::vector<std::string> One(std::string s) { return {std::move(s)}; }

// Marks the current published revision superseded and inserts data as a new
// published one (or turns the draft rid into it), applying it live.
std::expected<Revision, std::vector<std::string>> PublishOne(Database& db, const std::string& actor,
                                                             const std::string& entity, const std::string& key,
                                                             const json& data, std::int64_t draft_rid,
                                                             const std::string& action, const std::string& note) {
  auto before = ReadLive(db, entity, key);
  auto valid = ValidateEntity(db, entity, key, data);
  if (!valid) {
    std::vector<std::string> errs;
    for (auto& e : valid.error()) errs.push_back(entity + " " + key + ": " + e);
    return std::unexpected(errs);
  }
  if (auto r = ApplyEntity(db, entity, key, *valid); !r) return std::unexpected(One(r.error()));
  auto sup = db.Prepare("UPDATE revisions SET state = 'superseded' WHERE entity = ?1 AND key = ?2 AND state = 'published'");
  if (!sup) return std::unexpected(One(sup.error()));
  sup->Bind(1, entity).Bind(2, key);
  if (auto r = sup->Run(); !r) return std::unexpected(One(r.error()));
  std::int64_t rid = draft_rid;
  if (draft_rid) {
    auto st = db.Prepare("UPDATE revisions SET state = 'published', data = ?2, published_by = ?3,"
                         " published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE rid = ?1");
    if (!st) return std::unexpected(One(st.error()));
    st->Bind(1, draft_rid).Bind(2, valid->dump()).Bind(3, actor);
    if (auto r = st->Run(); !r) return std::unexpected(One(r.error()));
  } else {
    auto st = db.Prepare("INSERT INTO revisions (entity, key, data, state, author, published_by, published_at, note)"
                         " VALUES (?1, ?2, ?3, 'published', ?4, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?5)");
    if (!st) return std::unexpected(One(st.error()));
    st->Bind(1, entity).Bind(2, key).Bind(3, valid->dump()).Bind(4, actor).Bind(5, note);
    if (auto r = st->Run(); !r) return std::unexpected(One(r.error()));
    rid = db.LastInsertId();
  }
  if (auto r = AppendAudit(db, actor, action, entity, key, Dump(before), valid->dump()); !r)
    return std::unexpected(One(r.error()));
  auto rows = Query(db, "rid = ?1", {std::to_string(rid)});
  if (rows.empty()) return std::unexpected(One("revision vanished"));
  return rows[0];
}

}  // namespace

std::expected<Revision, std::vector<std::string>> Editor::SaveDraft(const std::string& actor, const std::string& entity,
                                                                    std::string key, const json& data,
                                                                    const std::string& note) {
  if (!IsEntity(entity)) return std::unexpected(One("Loại dữ liệu không hợp lệ: " + entity));
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(One(tx.error()));
  if (entity == "faq" && key == "new") key = NextFaqId(db_);
  if (key.empty()) return std::unexpected(One("Thiếu khóa của mục"));
  json input = data;
  if (entity == "faq" && input.is_object()) input["id"] = key;
  // A new office, commune or synonym has no live row yet: its key comes from the object.
  auto valid = ValidateEntity(db_, entity, key, input);
  if (!valid) return std::unexpected(valid.error());
  auto previous = Draft(entity, key);
  std::string before = previous ? previous->data.dump() : Dump(ReadLive(db_, entity, key));
  if (previous) {
    auto st = db_.Prepare("UPDATE revisions SET data = ?2, author = ?3, note = ?4,"
                          " created = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE rid = ?1");
    if (!st) return std::unexpected(One(st.error()));
    st->Bind(1, previous->rid).Bind(2, valid->dump()).Bind(3, actor).Bind(4, note);
    if (auto r = st->Run(); !r) return std::unexpected(One(r.error()));
  } else {
    auto st = db_.Prepare("INSERT INTO revisions (entity, key, data, state, author, note) VALUES (?1, ?2, ?3, 'draft', ?4, ?5)");
    if (!st) return std::unexpected(One(st.error()));
    st->Bind(1, entity).Bind(2, key).Bind(3, valid->dump()).Bind(4, actor).Bind(5, note);
    if (auto r = st->Run(); !r) return std::unexpected(One(r.error()));
  }
  if (auto r = AppendAudit(db_, actor, "draft.save", entity, key, before, valid->dump()); !r)
    return std::unexpected(One(r.error()));
  if (auto r = tx->Commit(); !r) return std::unexpected(One(r.error()));
  auto saved = Draft(entity, key);
  if (!saved) return std::unexpected(One("draft vanished"));
  return *saved;
}

std::expected<void, std::string> Editor::DiscardDraft(const std::string& actor, const std::string& entity,
                                                      const std::string& key) {
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto d = Draft(entity, key);
  if (!d) return std::unexpected("Không có bản nháp của " + entity + " " + key);
  auto st = db_.Prepare("UPDATE revisions SET state = 'discarded' WHERE rid = ?1");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, d->rid);
  if (auto r = st->Run(); !r) return r;
  if (auto r = AppendAudit(db_, actor, "draft.discard", entity, key, d->data.dump(), ""); !r) return r;
  return tx->Commit();
}

std::vector<Revision> Editor::Drafts() { return Query(db_, "state = 'draft' ORDER BY rid", {}); }

std::optional<Revision> Editor::Draft(const std::string& entity, const std::string& key) {
  auto rows = Query(db_, "entity = ?1 AND key = ?2 AND state = 'draft'", {entity, key});
  if (rows.empty()) return std::nullopt;
  return rows[0];
}

std::vector<Revision> Editor::History(const std::string& entity, const std::string& key) {
  return Query(db_, "entity = ?1 AND key = ?2 ORDER BY rid DESC", {entity, key});
}

std::optional<Revision> Editor::Get(std::int64_t rid) {
  auto rows = Query(db_, "rid = ?1", {std::to_string(rid)});
  if (rows.empty()) return std::nullopt;
  return rows[0];
}

std::expected<std::vector<Revision>, std::vector<std::string>> Editor::Publish(const std::string& actor,
                                                                               const std::vector<std::int64_t>& rids) {
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(One(tx.error()));
  std::vector<Revision> drafts;
  if (rids.empty()) {
    drafts = Drafts();
  } else {
    for (auto rid : rids) {
      auto r = Get(rid);
      if (!r || r->state != "draft") return std::unexpected(One("Bản nháp số " + std::to_string(rid) + " không còn"));
      drafts.push_back(*r);
    }
  }
  if (drafts.empty()) return std::unexpected(One("Không có bản nháp nào để xuất bản"));
  std::vector<Revision> out;
  std::vector<std::string> errors;
  for (const auto& d : drafts) {
    auto r = PublishOne(db_, actor, d.entity, d.key, d.data, d.rid, "publish", d.note);
    if (!r) errors.insert(errors.end(), r.error().begin(), r.error().end());
    else out.push_back(*r);
  }
  if (!errors.empty()) return std::unexpected(errors);
  if (auto r = tx->Commit(); !r) return std::unexpected(One(r.error()));
  return out;
}

std::expected<Revision, std::vector<std::string>> Editor::Rollback(const std::string& actor, std::int64_t rid) {
  auto tx = Transaction::Begin(db_);
  if (!tx) return std::unexpected(One(tx.error()));
  auto old = Get(rid);
  if (!old || old->state == "draft" || old->state == "discarded")
    return std::unexpected(One("Chỉ quay lại được một phiên bản đã xuất bản"));
  auto r = PublishOne(db_, actor, old->entity, old->key, old->data, 0, "rollback",
                      "quay lại phiên bản " + std::to_string(rid));
  if (!r) return r;
  if (auto c = tx->Commit(); !c) return std::unexpected(One(c.error()));
  return r;
}

std::vector<ReviewItem> Editor::ReviewDue(const std::string& today) {
  std::vector<ReviewItem> out;
  auto st = db_.Prepare(
      "SELECT CASE WHEN id LIKE 'faq-%' THEN 'faq' ELSE 'procedure' END, id, name, checked, review_by"
      " FROM procedures WHERE review_by IS NOT NULL AND review_by <> '' AND review_by < ?1 ORDER BY review_by, id");
  if (!st) return out;
  st->Bind(1, today);
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back({st->Text(0), st->Text(1), st->Text(2), st->Text(3), st->Text(4)});
  }
  return out;
}

std::expected<int, std::string> ReapplyPublished(Database& db) {
  auto rows = Query(db, "state = 'published' ORDER BY rid", {});
  int skipped = 0;
  for (const auto& r : rows) {
    auto valid = ValidateEntity(db, r.entity, r.key, r.data);
    if (!valid) {
      ++skipped;
      continue;
    }
    if (auto a = ApplyEntity(db, r.entity, r.key, *valid); !a) return std::unexpected(r.entity + " " + r.key + ": " + a.error());
  }
  return skipped;
}

std::expected<int, std::string> ApplyDrafts(Database& db) {
  int applied = 0;
  for (const auto& r : Query(db, "state = 'draft' ORDER BY rid", {})) {
    auto valid = ValidateEntity(db, r.entity, r.key, r.data);
    if (!valid) continue;
    if (auto a = ApplyEntity(db, r.entity, r.key, *valid); !a) return std::unexpected(a.error());
    ++applied;
  }
  return applied;
}

}  // namespace knowledge

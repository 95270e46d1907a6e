#include "knowledge/audit.h"

namespace knowledge {

std::expected<void, std::string> AppendAudit(Database& db, const std::string& actor, const std::string& action,
                                             const std::string& entity, const std::string& key,
                                             const std::string& before, const std::string& after) {
  auto st = db.Prepare("INSERT INTO audit_log (actor, action, entity, key, before, after) VALUES (?1,?2,?3,?4,?5,?6)");
  if (!st) return std::unexpected(st.error());
  st->Bind(1, actor).Bind(2, action).Bind(3, entity).Bind(4, key);
  if (before.empty()) st->BindNull(5);
  else st->Bind(5, before);
  if (after.empty()) st->BindNull(6);
  else st->Bind(6, after);
  return st->Run();
}

std::vector<AuditEntry> ListAudit(Database& db, const AuditFilter& f) {
  std::vector<AuditEntry> out;
  auto st = db.Prepare(
      "SELECT aid, at, actor, action, entity, key, before, after FROM audit_log"
      " WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR entity = ?2) AND (?3 = '' OR key = ?3)"
      " AND (?4 = 0 OR aid < ?4) ORDER BY aid DESC LIMIT ?5");
  if (!st) return out;
  st->Bind(1, f.actor).Bind(2, f.entity).Bind(3, f.key).Bind(4, f.before_aid).Bind(5, f.limit);
  while (true) {
    auto row = st->Step();
    if (!row || !*row) break;
    out.push_back({st->Int(0), st->Text(1), st->Text(2), st->Text(3), st->Text(4), st->Text(5), st->Text(6),
                   st->Text(7)});
  }
  return out;
}

}  // namespace knowledge

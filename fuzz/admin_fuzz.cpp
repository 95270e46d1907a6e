// Fuzz target: what the admin API does with a staff member's JSON or CSV body
// (fields: entity \x1f mode \x1f key \x1f body). Modes: "draft" parses the body
// as the page's {"data": …, "note": …} and saves a draft; "jsonl" and "csv"
// import it. The database holds the shipped knowledge, imported once.
// Properties: no crash or throw; a saved draft validates again to the same
// object (normalising is idempotent); a refused body leaves no draft behind
// and every message is non-empty UTF-8; an import creates exactly the drafts it
// counts, or none.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_util.h"
#include "knowledge/database.h"
#include "knowledge/entities.h"
#include "knowledge/import.h"
#include "knowledge/revisions.h"
#include "knowledge/transfer.h"

namespace {

knowledge::Database& World() {
  static knowledge::Database* db = [] {
    auto opened = knowledge::OpenServing(":memory:");
    if (!opened) fuzz::Fail("open", opened.error());
    auto* d = new knowledge::Database(std::move(*opened));
    if (auto r = knowledge::ImportDirectory(*d, HCCBOT_KNOWLEDGE_DATA); !r) fuzz::Fail("import shipped data");
    return d;
  }();
  return *db;
}

std::int64_t Drafts(knowledge::Database& db) {
  auto st = db.Prepare("SELECT count(*) FROM revisions WHERE state = 'draft'");
  if (!st || !st->Step()) fuzz::Fail("count drafts");
  return st->Int(0);
}

void CheckMessages(const std::vector<std::string>& errors) {
  if (errors.empty()) fuzz::Fail("refused without a message");
  for (const auto& e : errors)
    if (e.empty() || !fuzz::ValidUtf8(e)) fuzz::Fail("message empty or not UTF-8", e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto f = fuzz::Fields(std::string_view(reinterpret_cast<const char*>(data), size), 4);
  const std::string entity(f[0]), mode(f[1]), body(f[3]);
  std::string key(f[2]);
  if (!knowledge::IsEntity(entity)) return 0;  // the API answers 404 before any parsing
  knowledge::Database& db = World();
  knowledge::Editor editor(db);
  const std::int64_t before = Drafts(db);
  if (mode == "jsonl" || mode == "csv") {
    auto r = knowledge::ImportEntities(db, "fuzz", entity,
                                       mode == "csv" ? knowledge::TransferFormat::kCsv
                                                     : knowledge::TransferFormat::kJsonl,
                                       body);
    if (!r) {
      CheckMessages(r.error());
      if (Drafts(db) != before) fuzz::Fail("a refused import left drafts");
    } else if (Drafts(db) > before + *r) {
      fuzz::Fail("an import created more drafts than it counted");
    }
  } else {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return 0;  // 400 before any use
    const nlohmann::json payload = j.contains("data") ? j["data"] : nlohmann::json();
    if (key.empty()) key = knowledge::EntityKey(entity, payload);
    if (key.empty() && entity == "faq") key = "new";
    std::string note;
    if (j.contains("note") && j["note"].is_string()) note = j["note"].get<std::string>();
    auto r = editor.SaveDraft("fuzz", entity, key, payload, note);
    if (!r) {
      CheckMessages(r.error());
      if (Drafts(db) != before) fuzz::Fail("a refused draft was stored");
    } else {
      auto again = knowledge::ValidateEntity(db, entity, r->key, r->data);
      if (!again) fuzz::Fail("a saved draft no longer validates", again.error().front());
      if (*again != r->data) fuzz::Fail("validation is not idempotent", r->data.dump());
    }
  }
  // Each input starts from the shipped knowledge without drafts.
  for (const auto& d : editor.Drafts()) (void)editor.DiscardDraft("fuzz", d.entity, d.key);
  return 0;
}

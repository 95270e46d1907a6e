#pragma once
// The five kinds of knowledge staff edit (procedure, faq, synonym, office,
// commune) as JSON objects: read the live row, validate an edited one with
// messages staff can read (Vietnamese), and write it to the live tables,
// re-indexing the search rows of a procedure or FAQ in the caller's
// transaction. Free functions over a Database; no state.
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "knowledge/database.h"

namespace knowledge {

inline constexpr const char* kEntities[] = {"procedure", "faq", "synonym", "office", "commune"};
bool IsEntity(std::string_view entity);

// The key of an entity object: id (procedure, faq), folded term (synonym),
// name (office, commune). Empty when the object has none.
std::string EntityKey(std::string_view entity, const nlohmann::json& data);

// The live object, or nullopt when no row has that key.
std::optional<nlohmann::json> ReadLive(Database& db, std::string_view entity, const std::string& key);

// Live objects whose key or name contains the (folded) text; all when empty.
std::vector<nlohmann::json> ListLive(Database& db, std::string_view entity, const std::string& text, int limit);

// Normalises (trims, fills defaults) and validates an edited object. Every
// problem is one message in Vietnamese; the object is unchanged when invalid.
// {"deleted": true} is accepted for every entity but procedure.
std::expected<nlohmann::json, std::vector<std::string>> ValidateEntity(Database& db, std::string_view entity,
                                                                       const std::string& key,
                                                                       const nlohmann::json& data);

// Writes a validated object (or deletes it) in the live tables and updates
// the FTS rows. Call inside a transaction.
std::expected<void, std::string> ApplyEntity(Database& db, std::string_view entity, const std::string& key,
                                             const nlohmann::json& data);

// The next free FAQ id, faq-N.
std::string NextFaqId(Database& db);

}  // namespace knowledge

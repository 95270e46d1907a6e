#pragma once
// Export and import of staff-editable knowledge as JSON Lines or CSV
// (RFC 4180; list fields hold one item per line inside the cell). An import
// validates every row first and creates drafts only when all rows are valid;
// publishing stays a separate, checked step. Same threading as Editor.
#include <expected>
#include <string>
#include <vector>

#include "knowledge/database.h"

namespace knowledge {

enum class TransferFormat { kJsonl, kCsv };

std::vector<std::string> EntityColumns(std::string_view entity);

std::expected<std::string, std::string> ExportEntities(Database& db, const std::string& entity, TransferFormat format);

// Returns the number of drafts created; errors read "dòng N: …".
std::expected<int, std::vector<std::string>> ImportEntities(Database& db, const std::string& actor,
                                                            const std::string& entity, TransferFormat format,
                                                            const std::string& text);

// RFC 4180 cells, for tests and the report writer.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);
std::string CsvCell(const std::string& value);

}  // namespace knowledge

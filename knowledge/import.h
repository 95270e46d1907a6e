#pragma once
// Builds the knowledge tables from the JSON Lines files of a data directory.
// Every line is validated first; any error rejects the whole import with
// "file:line: reason" and leaves the database as it was.
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/database.h"

namespace knowledge {

struct ImportStats {
  int procedures = 0;        // all rows, curated and catalogue-only
  int curated = 0;
  int articles = 0;
  int offices = 0;
  int communes = 0;
  int synonyms = 0;
  int fillers = 0;
  int extra_aliases = 0;
};

std::expected<ImportStats, std::vector<std::string>> ImportDirectory(Database& db, const std::string& data_dir);

// Validates the text of one data file (catalog.jsonl, procedures.jsonl, …, named
// as in a data directory) line by line, without a database, and returns the
// "file:line: reason" messages. References to other files (a curated id that
// must be in the catalogue) are reported as missing.
std::vector<std::string> CheckFile(const std::string& file_name, std::string_view content);

// Opens (creating if needed) the database at path and imports data_dir into
// it when it holds no procedures yet.
std::expected<Database, std::string> OpenOrBuild(const std::string& db_path, const std::string& data_dir);

// A sentence for the operator when a file in data_dir changed after the
// database's last import (an update brought new knowledge that is not being
// served until `hccbot import`); nullopt when the import is current.
std::optional<std::string> StaleDataNotice(Database& db, const std::string& data_dir);

}  // namespace knowledge

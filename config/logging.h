#pragma once
// One-line structured log to stderr:
//   2025-03-01T08:15:02Z WARN webhook.rejected reason="bad signature" ip=10.0.0.7
// Event names are folder.what_happened; fields are key=value. Never pass
// tokens, secrets or what citizens wrote.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace logging {

using Field = std::pair<std::string_view, std::string>;

enum class Level { kDebug, kInfo, kWarn, kError };

void Log(Level level, std::string_view event, std::initializer_list<Field> fields);
inline void Info(std::string_view e, std::initializer_list<Field> f = {}) { Log(Level::kInfo, e, f); }
inline void Warn(std::string_view e, std::initializer_list<Field> f = {}) { Log(Level::kWarn, e, f); }
inline void Error(std::string_view e, std::initializer_list<Field> f = {}) { Log(Level::kError, e, f); }

// Lines below this level are dropped (tests and benchmarks turn logging down).
void SetMinLevel(Level level);

// Formats one line without writing it (tests).
std::string Format(Level level, std::string_view event, std::initializer_list<Field> fields);

}  // namespace logging

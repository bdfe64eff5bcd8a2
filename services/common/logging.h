#pragma once

// One structured JSON logger for every Samen binary: one line per event on
// stderr,
// {"ts":"...","level":"info","msg":"...","request_id":"...",...fields}.
// Log decisions and failures, not every step. Thread-safe.

#include <string>
#include <utility>
#include <vector>
#include "absl/strings/string_view.h"

namespace samen::log {

enum class Level { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// A key and its (already string-typed) value; values are JSON-escaped on
// output.
using Field = std::pair<absl::string_view, std::string>;

// Events below this level are dropped (default kInfo; SAMEN_LOG_LEVEL=debug
// lowers it).
void SetMinLevel(Level level);
bool ParseLevel(absl::string_view text, Level* level);

void Log(Level level, absl::string_view message,
         std::vector<Field> fields = {});
inline void Debug(absl::string_view m, std::vector<Field> f = {}) {
  Log(Level::kDebug, m, std::move(f));
}
inline void Info(absl::string_view m, std::vector<Field> f = {}) {
  Log(Level::kInfo, m, std::move(f));
}
inline void Warning(absl::string_view m, std::vector<Field> f = {}) {
  Log(Level::kWarning, m, std::move(f));
}
inline void Error(absl::string_view m, std::vector<Field> f = {}) {
  Log(Level::kError, m, std::move(f));
}

// JSON string escaping (RFC 8259), shared with anything else that writes JSON
// by hand.
void AppendJsonEscaped(absl::string_view in, std::string* out);

}  // namespace samen::log

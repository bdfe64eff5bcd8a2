#pragma once

// CSV exports for Excel, shared by every service that exports: UTF-8 with a
// byte-order mark (so Excel shows ë and ï), CRLF line ends, fields quoted per
// RFC 4180 when they hold a comma, quote or line break. A text field that
// starts with = + - @ (or a tab or carriage return) is prefixed with an
// apostrophe so that Excel does not run it as a formula (CSV injection).
// Pure functions, unit-tested.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace samen::resource {

inline constexpr char kCsvContentType[] = "text/csv; charset=utf-8";
inline constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

// One field, quoted and defused as described above.
std::string CsvField(absl::string_view value);
// One record: fields joined by commas, ended by CRLF.
std::string CsvRecord(const std::vector<std::string>& fields);

}  // namespace samen::resource

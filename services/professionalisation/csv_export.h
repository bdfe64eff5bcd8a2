#pragma once

// CSV exports for Excel: UTF-8 with a byte-order mark (so Excel shows ë and ï),
// CRLF line ends, fields quoted per RFC 4180 when they hold a comma, quote or
// line break. A text field that starts with = + - @ (or a tab or carriage
// return) is prefixed with an apostrophe so that Excel does not run it as a
// formula (CSV injection). Pure functions, unit-tested.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "samen/professionalisation/v1/resources.pb.h"

namespace samen::professionalisation {

inline constexpr char kCsvContentType[] = "text/csv; charset=utf-8";
inline constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

// One field, quoted and defused as described above.
std::string CsvField(absl::string_view value);
// One record: fields joined by commas, ended by CRLF.
std::string CsvRecord(const std::vector<std::string>& fields);

// The sign-in sheet: one row per participant holding a place, per session
// (only `session_id` when not empty), with whether attendance was recorded.
std::string SignInSheetCsv(const v1::Activity& activity,
                           const std::vector<v1::Enrolment>& participants,
                           absl::string_view session_id);

// The development record: one row per completed activity, then one total row
// per school year.
std::string DevelopmentRecordCsv(const v1::DevelopmentRecord& record);

}  // namespace samen::professionalisation

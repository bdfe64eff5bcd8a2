#pragma once

// The Professionalisation service's CSV exports (the sign-in sheet, the
// development record), written with the shared CSV rules of
// services/common/resource/csv.h (BOM, CRLF, RFC 4180 quoting, formula
// defusing). Pure functions, unit-tested.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "samen/professionalisation/v1/resources.pb.h"
#include "services/common/resource/csv.h"

namespace samen::professionalisation {

// The shared CSV rules (services/common/resource/csv.h).
using resource::CsvField;
using resource::CsvRecord;
using resource::kCsvContentType;
using resource::kUtf8Bom;

// The sign-in sheet: one row per participant holding a place, per session
// (only `session_id` when not empty), with whether attendance was recorded.
std::string SignInSheetCsv(const v1::Activity& activity,
                           const std::vector<v1::Enrolment>& participants,
                           absl::string_view session_id);

// The development record: one row per completed activity, then one total row
// per school year.
std::string DevelopmentRecordCsv(const v1::DevelopmentRecord& record);

}  // namespace samen::professionalisation

#pragma once

// Free text and calendar dates as every service accepts them from clients.
// Pure; errors name the request field.

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace samen::resource {

// At most `max_chars` characters of valid UTF-8 without control characters
// (newlines and tabs allowed when `multiline`), and not only white space. An
// empty text is an error only when `required`.
absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t max_chars, bool required,
                          bool multiline = false);

// A calendar date written "YYYY-MM-DD" that exists (years 1900 to 2200).
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text,
                                         absl::string_view field);
// ParseDate's check; an empty date is an error only when `required`.
absl::Status ValidateDate(absl::string_view date, absl::string_view field,
                          bool required);
std::string FormatDate(absl::CivilDay day);

}  // namespace samen::resource

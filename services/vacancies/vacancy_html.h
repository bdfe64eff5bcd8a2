#pragma once

// Vacancy descriptions: plain text, or a small HTML subset that is sanitised
// when stored (an allow-list: p, br, ul, ol, li, strong, em, b, i, h3, h4,
// without attributes; script and style are removed with their content, every
// other tag is dropped and its text kept). Pure functions, unit-tested.

#include <string>

#include "absl/strings/string_view.h"

namespace samen::vacancies {

// Returns the allowed subset of `html`: allowed tags without attributes,
// entities kept only when well-formed (`&amp;`, `&#233;`, `&eacute;`), every
// other `&`, `<`, `>` and `"` escaped, unclosed allowed tags closed at the end.
std::string SanitizeHtml(absl::string_view html);

// Escapes plain text for HTML and turns line breaks into <br>.
std::string PlainTextToHtml(absl::string_view text);

}  // namespace samen::vacancies

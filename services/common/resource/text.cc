#include "services/common/resource/text.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/errors.h"

namespace samen::resource {
namespace {

// Decodes the code point at s[i], setting `len`; -1 for invalid UTF-8
// (truncated, overlong, surrogate or beyond U+10FFFF).
int64_t DecodeCodePoint(absl::string_view s, size_t i, int* len) {
  const auto c = static_cast<unsigned char>(s[i]);
  uint32_t cp = 0;
  if (c < 0x80) {
    *len = 1;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    cp = c & 0x1F;
    *len = 2;
  } else if ((c & 0xF0) == 0xE0) {
    cp = c & 0x0F;
    *len = 3;
  } else if ((c & 0xF8) == 0xF0) {
    cp = c & 0x07;
    *len = 4;
  } else {
    return -1;
  }
  if (i + *len > s.size()) {
    return -1;
  }
  for (int k = 1; k < *len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  const bool overlong = (*len == 2 && cp < 0x80) || (*len == 3 && cp < 0x800) ||
                        (*len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return -1;
  }
  return cp;
}

// Number of code points, or -1 when `s` is not valid UTF-8 or holds a
// control character (other than \n, \r and \t when `multiline`).
int64_t CountChars(absl::string_view s, bool multiline) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    int len = 0;
    const int64_t cp = DecodeCodePoint(s, i, &len);
    if (cp < 0) {
      return -1;
    }
    const bool allowed_space =
        multiline && (cp == '\n' || cp == '\r' || cp == '\t');
    if ((cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) &&
        !allowed_space) {
      return -1;
    }
    i += len;
  }
  return n;
}

}  // namespace

absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t max_chars, bool required, bool multiline) {
  if (text.empty()) {
    return required ? InvalidField(field, "is required") : absl::OkStatus();
  }
  const int64_t chars = CountChars(text, multiline);
  if (chars < 0) {
    return InvalidField(field,
                        "must be valid UTF-8 without control characters");
  }
  if (static_cast<size_t>(chars) > max_chars) {
    return InvalidField(
        field, absl::StrCat("must be at most ", max_chars, " characters"));
  }
  if (absl::StripAsciiWhitespace(text).empty()) {
    return InvalidField(field, "must not be blank");
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text,
                                         absl::string_view field) {
  int y = 0;
  int m = 0;
  int d = 0;
  const bool shape =
      text.size() == 10 && text[4] == '-' && text[7] == '-' &&
      std::all_of(text.begin(), text.end(),
                  [](char c) { return absl::ascii_isdigit(c) || c == '-'; }) &&
      absl::SimpleAtoi(text.substr(0, 4), &y) &&
      absl::SimpleAtoi(text.substr(5, 2), &m) &&
      absl::SimpleAtoi(text.substr(8, 2), &d);
  const absl::CivilDay day(y, m, d);
  if (!shape || y < 1900 || y > 2200 || day.year() != y || day.month() != m ||
      day.day() != d) {
    return InvalidField(field, "must be a date written YYYY-MM-DD that exists");
  }
  return day;
}

absl::Status ValidateDate(absl::string_view date, absl::string_view field,
                          bool required) {
  if (date.empty()) {
    return required ? InvalidField(field, "is required") : absl::OkStatus();
  }
  return ParseDate(date, field).status();
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

}  // namespace samen::resource

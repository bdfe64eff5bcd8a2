#include "services/induction/names.h"

#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"

namespace samen::induction {
namespace {

uint64_t Fnv1a(absl::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool IsPersonCollection(absl::string_view collection) {
  return collection == "people" || collection == "starters" ||
         collection == "coaches" || collection == "calendarFeeds";
}

// Number of code points in valid UTF-8, or -1 when invalid or when it holds a
// control character (other than \n, \r, \t when `multiline`).
int64_t CountChars(absl::string_view s, bool multiline) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return -1;
    }
    if (i + len > s.size()) {
      return -1;
    }
    for (int k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                          (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return -1;
    }
    const bool allowed_space =
        multiline && (cp == '\n' || cp == '\r' || cp == '\t');
    if ((cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) &&
        !allowed_space) {
      return -1;
    }
    i += len;
    ++n;
  }
  return n;
}

}  // namespace

absl::Status ValidateSlug(absl::string_view id, absl::string_view field) {
  bool ok = id.size() >= 2 && id.size() <= 63 && absl::ascii_islower(id[0]) &&
            id.back() != '-';
  for (char c : id) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  return ok ? absl::OkStatus()
            : InvalidField(field,
                           "must be 2 to 63 lower-case letters, digits and "
                           "hyphens, starting with a letter");
}

absl::Status ValidatePersonId(absl::string_view id, absl::string_view field) {
  bool ok = !id.empty() && id.size() <= 128;
  for (char c : id) {
    ok = ok && (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
                c == '@' || c == '|' || c == ':');
  }
  return ok ? absl::OkStatus()
            : InvalidField(field,
                           "must be a person id of 1 to 128 letters, digits "
                           "and -._@|:");
}

absl::StatusOr<std::string> ParseName(absl::string_view name,
                                      absl::string_view collection,
                                      absl::string_view field) {
  const std::string prefix = absl::StrCat(collection, "/");
  if (!absl::StartsWith(name, prefix)) {
    return InvalidField(field,
                        absl::StrCat("must look like ", collection, "/{id}"));
  }
  absl::string_view id = name.substr(prefix.size());
  absl::Status s = IsPersonCollection(collection) ? ValidatePersonId(id, field)
                                                  : ValidateSlug(id, field);
  if (!s.ok()) {
    return s;
  }
  return std::string(id);
}

absl::StatusOr<BookingName> ParseBookingName(absl::string_view name,
                                             absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "starters" || parts[2] != "bookings") {
    return InvalidField(field,
                        "must look like starters/{starter}/bookings/{booking}");
  }
  if (auto s = ValidatePersonId(parts[1], field); !s.ok()) {
    return s;
  }
  if (auto s = ValidateSlug(parts[3], field); !s.ok()) {
    return s;
  }
  return BookingName{std::string(parts[1]), std::string(parts[3])};
}

std::string BookingNameOf(absl::string_view starter_id,
                          absl::string_view booking_id) {
  return absl::StrCat("starters/", starter_id, "/bookings/", booking_id);
}

absl::StatusOr<std::string> ParseAvailabilityName(absl::string_view name,
                                                  absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 3 || parts[0] != "coaches" ||
      parts[2] != "availability") {
    return InvalidField(field, "must look like coaches/{coach}/availability");
  }
  if (auto s = ValidatePersonId(parts[1], field); !s.ok()) {
    return s;
  }
  return std::string(parts[1]);
}

absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t max_chars, bool required, bool multiline) {
  if (text.empty()) {
    return required ? InvalidField(field, "is required") : absl::OkStatus();
  }
  const int64_t n = CountChars(text, multiline);
  if (n < 0) {
    return InvalidField(field,
                        "must be valid UTF-8 without control characters");
  }
  if (static_cast<size_t>(n) > max_chars) {
    return InvalidField(
        field, absl::StrCat("must be at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text,
                                         absl::string_view field) {
  absl::CivilDay day;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !absl::ParseCivilTime(text, &day) || FormatDate(day) != text) {
    return InvalidField(field, "must be a date YYYY-MM-DD that exists");
  }
  return day;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<int> ParseTimeOfDay(absl::string_view text,
                                   absl::string_view field) {
  int h = 0;
  int m = 0;
  if (text.size() != 5 || text[2] != ':' ||
      !absl::SimpleAtoi(text.substr(0, 2), &h) ||
      !absl::SimpleAtoi(text.substr(3, 2), &m) ||
      !absl::ascii_isdigit(text[0]) || !absl::ascii_isdigit(text[3]) || h < 0 ||
      m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) {
    return InvalidField(field, "must be a time HH:MM between 00:00 and 24:00");
  }
  return h * 60 + m;
}

std::string FormatTimeOfDay(int minutes) {
  return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
}

std::string MakeEtag(absl::string_view name, int64_t version,
                     absl::Time create_time) {
  return absl::StrFormat(
      "%x-%016x", static_cast<uint64_t>(version),
      Fnv1a(absl::StrCat(name, "@", absl::ToUnixMicros(create_time))));
}

absl::Status CheckEtag(absl::string_view requested, absl::string_view stored) {
  absl::string_view r = requested;
  if (absl::StartsWith(r, "W/")) {
    r.remove_prefix(2);
  }
  if (r.size() >= 2 && r.front() == '"' && r.back() == '"') {
    r = r.substr(1, r.size() - 2);
  }
  if (r.empty() || r == stored) {
    return absl::OkStatus();
  }
  return WithReason(
      absl::AbortedError("etag does not match: the resource changed since you "
                         "read it; read it again and retry"),
      "ETAG_MISMATCH");
}

absl::StatusOr<int> EffectivePageSize(int32_t requested, int default_size,
                                      int max_size) {
  if (requested < 0) {
    return InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) {
    return default_size;
  }
  return requested > max_size ? max_size : static_cast<int>(requested);
}

std::string EncodePageToken(absl::string_view last_key,
                            absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(
      absl::StrFormat("1:%016x:%s", Fnv1a(fingerprint), last_key));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view fingerprint) {
  if (token.empty()) {
    return std::string();
  }
  std::string raw;
  if (token.size() > 1024 || !absl::WebSafeBase64Unescape(token, &raw)) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(raw, absl::MaxSplits(':', 2));
  if (parts.size() != 3 || parts[0] != "1" || parts[2].empty()) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  if (parts[1] != absl::StrFormat("%016x", Fnv1a(fingerprint))) {
    return InvalidField("page_token",
                        "belongs to a listing with other filters; start "
                        "again without it");
  }
  return std::string(parts[2]);
}

std::string NewId(char prefix) {
  thread_local absl::BitGen gen;
  return absl::StrFormat("%c%03x%016x", prefix,
                         absl::Uniform<uint32_t>(gen) & 0xfff,
                         absl::Uniform<uint64_t>(gen));
}

absl::Status Denied(absl::string_view message) {
  return absl::PermissionDeniedError(message);
}

}  // namespace samen::induction

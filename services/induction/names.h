#pragma once

// Small pure helpers of the Induction service: resource names and ids, field
// validation, etags, page tokens and new ids. No I/O.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace samen::induction {

// Client-chosen ids (programmes): 2 to 63 of [a-z0-9-], starting with a letter,
// not ending with a hyphen.
absl::Status ValidateSlug(absl::string_view id, absl::string_view field);
// Person ids are identity-provider subjects: 1 to 128 of [A-Za-z0-9-._@|:].
absl::Status ValidatePersonId(absl::string_view id, absl::string_view field);

// "<collection>/<id>" -> id. `people`, `starters`, `coaches` and
// `calendarFeeds` take person ids; other collections slugs (server-made ids
// are slugs too).
absl::StatusOr<std::string> ParseName(absl::string_view name,
                                      absl::string_view collection,
                                      absl::string_view field);

// "starters/{starter}/bookings/{booking}".
struct BookingName {
  std::string starter_id;
  std::string booking_id;
};
absl::StatusOr<BookingName> ParseBookingName(absl::string_view name,
                                             absl::string_view field);
std::string BookingNameOf(absl::string_view starter_id,
                          absl::string_view booking_id);

// "coaches/{coach}/availability" -> coach id.
absl::StatusOr<std::string> ParseAvailabilityName(absl::string_view name,
                                                  absl::string_view field);

// Free text: valid UTF-8 without control characters (newlines and tabs allowed
// when `multiline`), at most `max_chars` characters.
absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t max_chars, bool required,
                          bool multiline = false);

// "YYYY-MM-DD" that exists.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text,
                                         absl::string_view field);
std::string FormatDate(absl::CivilDay day);
// "HH:MM" (00:00 to 24:00) -> minutes after midnight.
absl::StatusOr<int> ParseTimeOfDay(absl::string_view text,
                                   absl::string_view field);
std::string FormatTimeOfDay(int minutes);

// Etags: opaque, change with every write, differ between resources. A
// requested etag may come as an HTTP entity tag (quotes, W/).
std::string MakeEtag(absl::string_view name, int64_t version,
                     absl::Time create_time);
absl::Status CheckEtag(absl::string_view requested, absl::string_view stored);

// 0 -> `default_size`, above `max_size` -> `max_size`, negative ->
// INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int32_t requested, int default_size = 20,
                                      int max_size = 100);
// Page tokens carry the last key and a fingerprint of the filters.
std::string EncodePageToken(absl::string_view last_key,
                            absl::string_view fingerprint);
absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view fingerprint);

// A fresh random id for server-named resources: 20 lower-case hex characters
// after a letter ("b" + 19 hex), so it is also a valid slug.
std::string NewId(char prefix);

// PERMISSION_DENIED with `message`.
absl::Status Denied(absl::string_view message);

}  // namespace samen::induction

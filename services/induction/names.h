#pragma once

// Small pure helpers of the Induction service: its resource names, times of
// day and new ids. No I/O.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace samen::induction {

// Generic ids, names, text, dates, etags and paging are in
// services/common/resource/; these are Induction's own names.

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

// "starters/{starter}/coachingUsage" -> starter id.
absl::StatusOr<std::string> ParseCoachingUsageName(absl::string_view name,
                                                   absl::string_view field);

// "HH:MM" (00:00 to 24:00) -> minutes after midnight.
absl::StatusOr<int> ParseTimeOfDay(absl::string_view text,
                                   absl::string_view field);
std::string FormatTimeOfDay(int minutes);

// A fresh random id for server-named resources: 20 lower-case hex characters
// after a letter ("b" + 19 hex), so it is also a valid slug.
std::string NewId(char prefix);

// PERMISSION_DENIED with `message`.
absl::Status Denied(absl::string_view message);

}  // namespace samen::induction

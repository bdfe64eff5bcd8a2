#include "services/induction/names.h"

#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/status_macros.h"

namespace samen::induction {

absl::StatusOr<BookingName> ParseBookingName(absl::string_view name,
                                             absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids,
                   resource::ParseNamePattern(
                       name, "starters/{starter}/bookings/{booking}", field));
  return BookingName{std::move(ids[0]), std::move(ids[1])};
}

std::string BookingNameOf(absl::string_view starter_id,
                          absl::string_view booking_id) {
  return absl::StrCat("starters/", starter_id, "/bookings/", booking_id);
}

absl::StatusOr<std::string> ParseAvailabilityName(absl::string_view name,
                                                  absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids, resource::ParseNamePattern(
                                 name, "coaches/{coach}/availability", field));
  return std::move(ids[0]);
}

absl::StatusOr<std::string> ParseCoachingUsageName(absl::string_view name,
                                                   absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids,
                   resource::ParseNamePattern(
                       name, "starters/{starter}/coachingUsage", field));
  return std::move(ids[0]);
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

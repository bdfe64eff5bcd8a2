#pragma once

// Reads an iCalendar text (a mail's text/calendar part) with libical, the
// parser calendar clients use, for tests of invitations: the METHOD, the first
// VEVENT's fields, and what libical's RFC 5546 (iTIP) restriction check
// objects to.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace samen::testing {

struct IcalSummary {
  std::string method;  // "REQUEST", "CANCEL", "PUBLISH"; "" when absent
  // The first VEVENT.
  std::string uid;
  int sequence = 0;
  std::string status;     // "CONFIRMED", "CANCELLED", ...; "" when absent
  std::string organizer;  // "mailto:" stripped
  std::vector<std::string> attendees;         // "mailto:" stripped, in order
  absl::Time dtstart = absl::InfinitePast();  // UTC; InfinitePast if absent
  absl::Time dtend = absl::InfinitePast();    // from DTEND or DURATION
  std::string summary;
  std::string location;
  int vevent_count = 0;
  // X-LIC-ERROR properties the parser added (malformed lines or values).
  std::vector<std::string> parse_errors;
  // X-LIC-ERROR properties icalrestriction_check() added: what RFC 5546
  // requires of this METHOD and is missing or not allowed.
  std::vector<std::string> restriction_errors;
};

// An error status when `text` is not an iCalendar object (no VCALENDAR) or has
// no VEVENT.
absl::StatusOr<IcalSummary> ParseIcal(std::string_view text);

}  // namespace samen::testing

#pragma once

// One e-mail as Samen sends it (services/common/notify): who from and to, the
// subject, a plain-text and an HTML body, and an optional iCalendar
// invitation. Also the header rules every message follows: header text is
// one line (CR and LF become spaces, so a name or subject cannot inject a
// header) and non-ASCII text is an RFC 2047 encoded word. Pure.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::notify {

struct Address {
  std::string email;         // addr-spec, "noor@school.example"
  std::string display_name;  // may be empty
};

// An iCalendar part (RFC 6047): `method` is the VCALENDAR's METHOD
// ("REQUEST", "CANCEL"), `ics` the whole VCALENDAR.
struct CalendarPart {
  std::string method;
  std::string ics;
};

struct Mail {
  Address from;
  Address to;
  std::string subject;
  std::string text;
  std::string html;
  std::optional<CalendarPart> calendar;
  std::string message_id;  // "<id@domain>", the same on every retry
  absl::Time date;
  // Where the person switches this kind of message off (RFC 2369
  // List-Unsubscribe); empty for transactional messages.
  std::string unsubscribe_url;
};

// OK when `email` is an address Samen can put in a header and hand to an SMTP
// server: local@domain, printable ASCII, no spaces, angle brackets, quotes,
// commas or control characters, at most 254 octets. INVALID_ARGUMENT saying
// what is wrong otherwise.
absl::Status CheckAddress(absl::string_view email);

// Header text: control characters (CR, LF, tab) become spaces and the result
// is trimmed; text that is not plain ASCII becomes RFC 2047 "B" encoded words
// of whole UTF-8 characters.
std::string EncodeHeaderText(absl::string_view text);

// "Name <addr>" with the name encoded (EncodeHeaderText) and quoted when it
// holds specials; just "<addr>" without a name.
std::string FormatAddress(const Address& address);

// RFC 5322 date-time in UTC: "Fri, 04 Dec 2026 16:05:08 +0000".
std::string FormatMailDate(absl::Time t);

// The domain of `from`'s address ("samen.example"), for Message-IDs.
std::string DomainOf(const Address& from);

// Parses "Samen <noreply@samen.example>" or "noreply@samen.example";
// INVALID_ARGUMENT naming `flag` when the address is not usable.
absl::StatusOr<Address> ParseAddress(absl::string_view text,
                                     absl::string_view flag);

}  // namespace samen::notify

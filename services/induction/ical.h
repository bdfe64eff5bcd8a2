#pragma once

// iCalendar (RFC 5545) rendering of a person's bookings and events. Times are
// written in UTC ("DTSTART:20300325T080000Z"), which every calendar client
// shows in its own zone, so no VTIMEZONE is needed. Lines end in CRLF and are
// folded at 75 octets without splitting a UTF-8 character. Pure.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::induction {

struct IcalEvent {
  std::string uid;   // stable across reschedules
  int sequence = 0;  // +1 on every change
  absl::Time start;
  absl::Time end;
  absl::Time created;
  absl::Time last_modified;
  std::string summary;
  std::string location;
  std::string url;
  bool cancelled = false;
};

struct IcalPerson {
  std::string email;
  std::string name;
};

// An iTIP message (RFC 5546) about one event, as sent by e-mail (RFC 6047):
// METHOD REQUEST (new or changed; a higher SEQUENCE replaces the copy in the
// calendar) or CANCEL.
struct IcalInvitation {
  std::string method;
  IcalEvent event;
  IcalPerson organizer;
  std::vector<IcalPerson> attendees;
  std::string description;
};

std::string RenderInvitation(const IcalInvitation& invitation,
                             absl::Time stamp);

// The name of a person's calendar of sessions: their feed and the
// `sessions.ics` of their data export.
inline constexpr char kSessionsCalendarName[] = "Samen begeleiding";

// A VCALENDAR named `calendar_name` holding `events`; DTSTAMP is `stamp`.
std::string RenderCalendar(absl::string_view calendar_name,
                           const std::vector<IcalEvent>& events,
                           absl::Time stamp);

// TEXT value escaping (backslash, semicolon, comma, newline).
std::string EscapeIcalText(absl::string_view text);
// Folds one content line (without its CRLF) at 75 octets.
std::string FoldIcalLine(absl::string_view line);
// "20300325T080000Z".
std::string IcalUtc(absl::Time t);

}  // namespace samen::induction

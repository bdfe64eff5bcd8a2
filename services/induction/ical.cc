#include "services/induction/ical.h"

#include "absl/strings/str_cat.h"

namespace samen::induction {
namespace {

void Line(std::string* out, absl::string_view line) {
  absl::StrAppend(out, FoldIcalLine(line), "\r\n");
}

// A CAL-ADDRESS with its common name: ";CN=\"Ilse Smit\":mailto:ilse@...".
std::string CalAddress(const IcalPerson& p) {
  std::string name;
  for (char ch : p.name) {
    if (ch != '"' && static_cast<unsigned char>(ch) >= 0x20) {
      name.push_back(ch);  // a quoted parameter value holds no DQUOTE or CTL
    }
  }
  return absl::StrCat(";CN=\"", name, "\":mailto:", p.email);
}

// One VEVENT; `invitation` adds its organizer, attendees and description.
void Event(std::string* out, const IcalEvent& e, absl::Time stamp,
           const IcalInvitation* invitation) {
  Line(out, "BEGIN:VEVENT");
  Line(out, absl::StrCat("UID:", e.uid));
  Line(out, absl::StrCat("SEQUENCE:", e.sequence));
  Line(out, absl::StrCat("DTSTAMP:", IcalUtc(stamp)));
  Line(out, absl::StrCat("DTSTART:", IcalUtc(e.start)));
  Line(out, absl::StrCat("DTEND:", IcalUtc(e.end)));
  Line(out, absl::StrCat("CREATED:", IcalUtc(e.created)));
  Line(out, absl::StrCat("LAST-MODIFIED:", IcalUtc(e.last_modified)));
  Line(out, absl::StrCat("SUMMARY:", EscapeIcalText(e.summary)));
  if (!e.location.empty()) {
    Line(out, absl::StrCat("LOCATION:", EscapeIcalText(e.location)));
  }
  if (!e.url.empty()) {
    Line(out, absl::StrCat("URL:", e.url));
  }
  if (invitation != nullptr) {
    if (!invitation->description.empty()) {
      Line(out, absl::StrCat("DESCRIPTION:",
                             EscapeIcalText(invitation->description)));
    }
    Line(out, absl::StrCat("ORGANIZER", CalAddress(invitation->organizer)));
    for (const IcalPerson& a : invitation->attendees) {
      Line(out, absl::StrCat("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
                             "RSVP=FALSE",
                             CalAddress(a)));
    }
  }
  Line(out, e.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
  Line(out, "TRANSP:OPAQUE");
  Line(out, "END:VEVENT");
}

}  // namespace

std::string RenderInvitation(const IcalInvitation& invitation,
                             absl::Time stamp) {
  std::string out;
  Line(&out, "BEGIN:VCALENDAR");
  Line(&out, "VERSION:2.0");
  Line(&out, "PRODID:-//Samen//Induction//NL");
  Line(&out, "CALSCALE:GREGORIAN");
  Line(&out, absl::StrCat("METHOD:", invitation.method));
  Event(&out, invitation.event, stamp, &invitation);
  Line(&out, "END:VCALENDAR");
  return out;
}

std::string EscapeIcalText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') {
          ++i;
        }
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FoldIcalLine(absl::string_view line) {
  std::string out;
  size_t budget = 75;  // octets on the first line; later lines hold a space
  size_t used = 0;
  for (size_t i = 0; i < line.size();) {
    size_t len = 1;
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0) {
      len = 4;
    } else if (c >= 0xE0) {
      len = 3;
    } else if (c >= 0xC0) {
      len = 2;
    }
    len = std::min(len, line.size() - i);
    if (used + len > budget) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.data() + i, len);
    used += len;
    i += len;
  }
  return out;
}

std::string IcalUtc(absl::Time t) {
  return absl::FormatTime("%Y%m%dT%H%M%SZ", t, absl::UTCTimeZone());
}

std::string RenderCalendar(absl::string_view calendar_name,
                           const std::vector<IcalEvent>& events,
                           absl::Time stamp) {
  std::string out;
  Line(&out, "BEGIN:VCALENDAR");
  Line(&out, "VERSION:2.0");
  Line(&out, "PRODID:-//Samen//Induction//NL");
  Line(&out, "CALSCALE:GREGORIAN");
  // No METHOD: a subscribed feed is an RFC 5545 calendar, not an iTIP message
  // (RFC 5546), whose PUBLISH would require an ORGANIZER on every event.
  Line(&out, absl::StrCat("X-WR-CALNAME:", EscapeIcalText(calendar_name)));
  for (const auto& e : events) {
    Event(&out, e, stamp, {});
  }
  Line(&out, "END:VCALENDAR");
  return out;
}

}  // namespace samen::induction

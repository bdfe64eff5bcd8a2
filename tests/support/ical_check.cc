#include "tests/support/ical_check.h"

#include <libical/ical.h>

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace samen::testing {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentFree>;

std::string OrEmpty(const char* s) { return s == nullptr ? "" : s; }

std::string StripMailto(const char* address) {
  std::string a = OrEmpty(address);
  if (absl::StartsWithIgnoreCase(a, "mailto:")) {
    a.erase(0, 7);
  }
  return a;
}

// Every X-LIC-ERROR in `c` and its subcomponents, as "TYPE: message".
void CollectErrors(icalcomponent* c, std::vector<std::string>* out) {
  for (icalproperty* p =
           icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
       p != nullptr;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
    // "X-LIC-ERRORTYPE=INVALID-ITIP" → "INVALID-ITIP".
    std::string type;
    if (icalparameter* param =
            icalproperty_get_first_parameter(p, ICAL_XLICERRORTYPE_PARAMETER)) {
      type = OrEmpty(icalparameter_as_ical_string(param));
      type.erase(0, type.find('=') + 1);
    }
    out->push_back(absl::StrCat(type.empty() ? "" : type + ": ",
                                OrEmpty(icalproperty_get_xlicerror(p))));
  }
  for (icalcomponent* sub =
           icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
       sub != nullptr;
       sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
    CollectErrors(sub, out);
  }
}

// libical reads `t` as a wall time in the zone it is given: the event's own
// (its TZID's VTIMEZONE, or UTC for "...Z"); a floating time counts as UTC.
absl::Time ToUtc(icaltimetype t) {
  if (icaltime_is_null_time(t)) {
    return absl::InfinitePast();
  }
  const icaltimezone* zone =
      t.zone != nullptr ? t.zone : icaltimezone_get_utc_timezone();
  return absl::FromTimeT(icaltime_as_timet_with_zone(t, zone));
}

void ReadEvent(icalcomponent* event, IcalSummary* out) {
  out->uid = OrEmpty(icalcomponent_get_uid(event));
  out->sequence = icalcomponent_get_sequence(event);
  const icalproperty_status status = icalcomponent_get_status(event);
  if (status != ICAL_STATUS_NONE) {
    out->status = OrEmpty(icalproperty_status_to_string(status));
  }
  out->summary = OrEmpty(icalcomponent_get_summary(event));
  out->location = OrEmpty(icalcomponent_get_location(event));
  out->dtstart = ToUtc(icalcomponent_get_dtstart(event));
  out->dtend = ToUtc(icalcomponent_get_dtend(event));
  if (icalproperty* organizer =
          icalcomponent_get_first_property(event, ICAL_ORGANIZER_PROPERTY)) {
    out->organizer = StripMailto(icalproperty_get_organizer(organizer));
  }
  for (icalproperty* p =
           icalcomponent_get_first_property(event, ICAL_ATTENDEE_PROPERTY);
       p != nullptr;
       p = icalcomponent_get_next_property(event, ICAL_ATTENDEE_PROPERTY)) {
    out->attendees.push_back(StripMailto(icalproperty_get_attendee(p)));
  }
}

}  // namespace

absl::StatusOr<IcalSummary> ParseIcal(std::string_view text) {
  icalerror_set_errors_are_fatal(0);
  const std::string copy(text);
  ComponentPtr root(icalparser_parse_string(copy.c_str()));
  if (root == nullptr ||
      icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT) {
    return absl::InvalidArgumentError(
        "not an iCalendar object: no BEGIN:VCALENDAR ... END:VCALENDAR");
  }
  IcalSummary out;
  CollectErrors(root.get(), &out.parse_errors);
  icalcomponent_strip_errors(root.get());
  const icalproperty_method method = icalcomponent_get_method(root.get());
  if (method != ICAL_METHOD_NONE) {
    out.method = OrEmpty(icalproperty_method_to_string(method));
  }
  icalcomponent* event =
      icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT);
  if (event == nullptr) {
    return absl::InvalidArgumentError("the iCalendar object has no VEVENT");
  }
  ReadEvent(event, &out);
  for (icalcomponent* e = event; e != nullptr;
       e = icalcomponent_get_next_component(root.get(),
                                            ICAL_VEVENT_COMPONENT)) {
    ++out.vevent_count;
  }
  icalrestriction_check(root.get());
  CollectErrors(root.get(), &out.restriction_errors);
  return out;
}

}  // namespace samen::testing

// Names, the Europe/Amsterdam calendar and what a valid activity is. The
// enrolment rules are in enrolment_rules.cc.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/professionalisation/activity_rules.h"

namespace samen::professionalisation {
namespace {

constexpr int kMaxSessions = 50;
constexpr int kMaxThemes = 20;
constexpr int kMaxCapacity = 10000;
constexpr double kMaxHours = 1000;

std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

// "{collection}/{id}" split into its parts, or nullopt.
std::optional<std::vector<std::string>> Segments(absl::string_view name,
                                                 size_t count) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  if (parts.size() != count) {
    return std::nullopt;
  }
  return parts;
}

absl::Status ValidPersonId(absl::string_view id, absl::string_view field) {
  return resource::ValidatePersonId(id, field);
}

// Valid UTF-8 of at most `max_chars` characters where line breaks and tabs are
// allowed (descriptions, comments); other control characters are not.
absl::Status ValidateLongText(absl::string_view text, absl::string_view field,
                              size_t max_chars) {
  std::string flattened(text);
  for (char& c : flattened) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  return resource::ValidateText(flattened, field, max_chars, false);
}

absl::StatusOr<absl::CivilMinute> ParseHhMm(absl::string_view hhmm) {
  int h = 0;
  int m = 0;
  if (hhmm.size() != 5 || hhmm[2] != ':' ||
      !absl::SimpleAtoi(hhmm.substr(0, 2), &h) ||
      !absl::SimpleAtoi(hhmm.substr(3, 2), &m) || h < 0 || h > 23 || m < 0 ||
      m > 59 || !absl::ascii_isdigit(hhmm[0]) ||
      !absl::ascii_isdigit(hhmm[3])) {
    return absl::InvalidArgumentError("bad time");
  }
  return absl::CivilMinute(1970, 1, 1, h, m);
}

bool ValidTimestamp(const google::protobuf::Timestamp& ts) {
  // DATETIME holds years 1000-9999; Samen's calendar needs far less.
  return ts.seconds() >= 946684800 /* 2000-01-01 */ &&
         ts.seconds() < 4102444800 /* 2100-01-01 */ && ts.nanos() >= 0 &&
         ts.nanos() < 1000000000;
}

absl::Status ValidateSession(v1::Session* s, absl::string_view field) {
  if (!s->id().empty() && !resource::ValidateId(s->id(), field).ok() &&
      !(s->id().size() == 1 && absl::ascii_islower(s->id()[0]))) {
    return InvalidField(Field(field, "id"),
                        "must be 1 to 63 lower-case letters, digits or "
                        "hyphens, starting with a letter");
  }
  RETURN_IF_ERROR(
      resource::ValidateText(s->title(), Field(field, "title"), 200, false));
  RETURN_IF_ERROR(
      resource::ValidateText(s->room(), Field(field, "room"), 300, false));
  if (!s->location().empty()) {
    ASSIGN_OR_RETURN(auto loc,
                     resource::ParseName(s->location(), "organisations",
                                         Field(field, "location")));
  } else if (!s->online()) {
    return InvalidField(Field(field, "location"),
                        "is required unless the session is online");
  }
  auto start = LocalTime(s->date(), s->start(), Field(field, "start"));
  if (!start.ok()) {
    return start.status();
  }
  auto end = LocalTime(s->date(), s->end(), Field(field, "end"));
  if (!end.ok()) {
    return end.status();
  }
  if (*end <= *start) {
    return InvalidField(Field(field, "end"), "must be after start");
  }
  ToTimestamp(*start, s->mutable_start_time());
  ToTimestamp(*end, s->mutable_end_time());
  return absl::OkStatus();
}

}  // namespace

// ---- Names -----------------------------------------------------------------

absl::StatusOr<std::string> ParseActivityName(absl::string_view name,
                                              absl::string_view field) {
  return resource::ParseName(name, "activities", field);
}

absl::StatusOr<std::string> ParsePersonName(absl::string_view name,
                                            absl::string_view field) {
  return resource::ParseName(name, "people", field);
}

absl::StatusOr<std::string> ParseRecordName(absl::string_view name,
                                            absl::string_view field) {
  auto parts = Segments(name, 3);
  if (!parts || (*parts)[0] != "people" || (*parts)[2] != "developmentRecord" ||
      !ValidPersonId((*parts)[1], field).ok()) {
    return InvalidField(field,
                        "must look like people/{person}/developmentRecord");
  }
  return (*parts)[1];
}

absl::StatusOr<std::string> ParseFeedbackSummaryName(absl::string_view name,
                                                     absl::string_view field) {
  auto parts = Segments(name, 3);
  if (!parts || (*parts)[0] != "activities" ||
      (*parts)[2] != "feedbackSummary" ||
      !resource::ValidateId((*parts)[1], field).ok()) {
    return InvalidField(field,
                        "must look like activities/{activity}/feedbackSummary");
  }
  return (*parts)[1];
}

absl::StatusOr<EnrolmentName> ParseEnrolmentName(absl::string_view name,
                                                 absl::string_view field) {
  auto parts = Segments(name, 4);
  if (!parts || (*parts)[0] != "activities" || (*parts)[2] != "enrolments" ||
      !resource::ValidateId((*parts)[1], field).ok() ||
      !ValidPersonId((*parts)[3], field).ok()) {
    return InvalidField(
        field, "must look like activities/{activity}/enrolments/{person}");
  }
  return EnrolmentName{(*parts)[1], (*parts)[3]};
}

absl::StatusOr<SessionName> ParseSessionName(absl::string_view name,
                                             absl::string_view field) {
  auto parts = Segments(name, 4);
  if (!parts || (*parts)[0] != "activities" || (*parts)[2] != "sessions" ||
      !resource::ValidateId((*parts)[1], field).ok() || (*parts)[3].empty() ||
      (*parts)[3].size() > 63) {
    return InvalidField(
        field, "must look like activities/{activity}/sessions/{session}");
  }
  return SessionName{(*parts)[1], (*parts)[3]};
}

std::string Owner::name() const {
  return absl::StrCat(partnership ? "partnerships/" : "organisations/", id);
}

absl::StatusOr<Owner> ParseOwner(absl::string_view name,
                                 absl::string_view field) {
  if (name.empty()) {
    return InvalidField(field, "is required");
  }
  Owner owner;
  owner.partnership = absl::StartsWith(name, "partnerships/");
  auto id = resource::ParseName(
      name, owner.partnership ? "partnerships" : "organisations", field);
  if (!id.ok()) {
    return InvalidField(field,
                        "must be partnerships/{partnership} or "
                        "organisations/{organisation}");
  }
  owner.id = *id;
  return owner;
}

std::string ActivityName(absl::string_view activity_id) {
  return absl::StrCat("activities/", activity_id);
}

std::string EnrolmentResourceName(absl::string_view activity_id,
                                  absl::string_view person_id) {
  return absl::StrCat("activities/", activity_id, "/enrolments/", person_id);
}

std::string PersonName(absl::string_view person_id) {
  return absl::StrCat("people/", person_id);
}

// ---- Calendar --------------------------------------------------------------

const absl::TimeZone& Amsterdam() {
  return AmsterdamZone();  // services/common/timestamp.h
}

absl::StatusOr<absl::Time> LocalTime(absl::string_view date,
                                     absl::string_view hhmm,
                                     absl::string_view field) {
  ASSIGN_OR_RETURN(
      absl::CivilDay day,
      resource::ParseDate(
          date, absl::StrCat(field.substr(0, field.rfind('.') + 1), "date")));
  auto minute = ParseHhMm(hhmm);
  if (!minute.ok()) {
    return InvalidField(field, "must be a time HH:MM");
  }
  if (day.year() < 2000 || day.year() > 2099) {
    return InvalidField(
        absl::StrCat(field.substr(0, field.rfind('.') + 1), "date"),
        "must be in the years 2000 to 2099");
  }
  const absl::CivilSecond local(day.year(), day.month(), day.day(),
                                minute->hour(), minute->minute(), 0);
  const absl::TimeZone::TimeInfo info = Amsterdam().At(local);
  if (info.kind == absl::TimeZone::TimeInfo::SKIPPED) {
    return InvalidField(field, absl::StrCat(hhmm, " does not exist on ", date,
                                            " in Europe/Amsterdam (clocks go "
                                            "forward)"));
  }
  return info.pre;
}

std::string LocalDate(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d", t, Amsterdam());
}

std::string LocalDateTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M", t, Amsterdam());
}

absl::Time StartOfLocalDay(absl::Time t) {
  const absl::CivilDay day = absl::ToCivilDay(t, Amsterdam());
  return Amsterdam().At(absl::CivilSecond(day)).pre;
}

std::string SchoolYear(absl::Time t) {
  const absl::CivilDay day = absl::ToCivilDay(t, Amsterdam());
  const int64_t first = day.month() >= 8 ? day.year() : day.year() - 1;
  return absl::StrCat(first, "-", first + 1);
}

absl::StatusOr<TimeRange> CatalogueRange(absl::string_view start_date,
                                         absl::string_view end_date,
                                         absl::Time now) {
  TimeRange range;
  if (start_date.empty() && end_date.empty()) {
    range.from = now;
    return range;
  }
  if (!start_date.empty()) {
    ASSIGN_OR_RETURN(absl::CivilDay day,
                     resource::ParseDate(start_date, "start_date"));
    range.from = Amsterdam().At(absl::CivilSecond(day)).pre;
  }
  if (!end_date.empty()) {
    ASSIGN_OR_RETURN(absl::CivilDay day,
                     resource::ParseDate(end_date, "end_date"));
    range.to = Amsterdam().At(absl::CivilSecond(day + 1)).pre;
  }
  if (range.to <= range.from) {
    return InvalidField("end_date", "must not be before start_date");
  }
  return range;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// ---- Activities ------------------------------------------------------------

int64_t HoursToCentis(double hours) {
  return static_cast<int64_t>(std::llround(hours * 100));
}

double CentisToHours(int64_t centis) {
  return static_cast<double>(centis) / 100;
}

namespace {

// Kind, title, description, audiences, sectors and themes.
absl::Status ValidateDescription(const v1::Activity& a,
                                 absl::string_view prefix) {
  if (a.kind() == v1::ACTIVITY_KIND_UNSPECIFIED ||
      !v1::ActivityKind_IsValid(a.kind())) {
    return InvalidField(Field(prefix, "kind"), "is required");
  }
  RETURN_IF_ERROR(
      resource::ValidateText(a.title(), Field(prefix, "title"), 200, true));
  RETURN_IF_ERROR(
      ValidateLongText(a.description(), Field(prefix, "description"), 5000));
  for (int i = 0; i < a.audiences_size(); ++i) {
    if (a.audiences(i) == v1::AUDIENCE_UNSPECIFIED ||
        !v1::Audience_IsValid(a.audiences(i))) {
      return InvalidField(Field(prefix, absl::StrCat("audiences[", i, "]")),
                          "is not an audience");
    }
  }
  for (int i = 0; i < a.sectors_size(); ++i) {
    if (a.sectors(i) == 0 || !partners::v1::Sector_IsValid(a.sectors(i))) {
      return InvalidField(Field(prefix, absl::StrCat("sectors[", i, "]")),
                          "is not a sector");
    }
  }
  if (a.themes_size() > kMaxThemes) {
    return InvalidField(Field(prefix, "themes"),
                        absl::StrCat("at most ", kMaxThemes, " themes"));
  }
  std::set<std::string> themes;
  for (int i = 0; i < a.themes_size(); ++i) {
    const std::string field = Field(prefix, absl::StrCat("themes[", i, "]"));
    RETURN_IF_ERROR(resource::ValidateText(a.themes(i), field, 63, true));
    if (!themes.insert(absl::AsciiStrToLower(a.themes(i))).second) {
      return InvalidField(field, "is listed twice");
    }
  }
  return absl::OkStatus();
}

// Each session valid, ids unique (missing ones given "s1", "s2", ...), names
// set, and the activity's start and end taken from its sessions.
absl::Status ResolveSessions(v1::Activity* a, absl::string_view activity_id,
                             absl::string_view prefix) {
  if (a->sessions_size() == 0 || a->sessions_size() > kMaxSessions) {
    return InvalidField(
        Field(prefix, "sessions"),
        absl::StrCat("must hold 1 to ", kMaxSessions, " sessions"));
  }
  std::set<std::string> ids;
  for (const auto& s : a->sessions()) {
    if (!s.id().empty() && !ids.insert(s.id()).second) {
      return InvalidField(
          Field(prefix, "sessions"),
          absl::StrCat("session id \"", s.id(), "\" is used twice"));
    }
  }
  int next = 1;
  absl::Time first = absl::InfiniteFuture();
  absl::Time last = absl::InfinitePast();
  for (int i = 0; i < a->sessions_size(); ++i) {
    v1::Session* s = a->mutable_sessions(i);
    RETURN_IF_ERROR(
        ValidateSession(s, Field(prefix, absl::StrCat("sessions[", i, "]"))));
    while (s->id().empty()) {
      std::string candidate = absl::StrCat("s", next++);
      if (ids.insert(candidate).second) {
        s->set_id(candidate);
      }
    }
    s->set_name(absl::StrCat(ActivityName(activity_id), "/sessions/", s->id()));
    first = std::min(first, FromTimestamp(s->start_time()));
    last = std::max(last, FromTimestamp(s->end_time()));
  }
  ToTimestamp(first, a->mutable_start_time());
  ToTimestamp(last, a->mutable_end_time());
  return absl::OkStatus();
}

// Capacity, hours, series, required sessions and the enrolment times.
absl::Status ValidateTerms(v1::Activity* a, absl::string_view prefix) {
  if (a->capacity() < 1 || a->capacity() > kMaxCapacity) {
    return InvalidField(Field(prefix, "capacity"),
                        absl::StrCat("must be 1 to ", kMaxCapacity));
  }
  const double quarters = a->hours() * 4;
  if (!(a->hours() >= 0 && a->hours() <= kMaxHours) ||
      std::fabs(quarters - std::round(quarters)) > 1e-6) {
    return InvalidField(Field(prefix, "hours"),
                        "must be 0 to 1000 in quarter hours (e.g. 2.75)");
  }
  if (a->has_series()) {
    const auto& series = a->series();
    if (series.id().empty() && series.max_per_person() == 0) {
      a->clear_series();
    } else {
      RETURN_IF_ERROR(
          resource::ValidateId(series.id(), Field(prefix, "series.id")));
      if (series.max_per_person() < 0 || series.max_per_person() > 100) {
        return InvalidField(Field(prefix, "series.max_per_person"),
                            "must be 0 (no cap) to 100");
      }
    }
  }
  if (a->required_sessions() < 0 ||
      a->required_sessions() > a->sessions_size()) {
    return InvalidField(Field(prefix, "required_sessions"),
                        "must be 0 (all) up to the number of sessions");
  }
  for (const auto* ts : {&a->enrolment_open_time(), &a->enrolment_close_time(),
                         &a->cancellation_deadline()}) {
    if ((ts->seconds() != 0 || ts->nanos() != 0) && !ValidTimestamp(*ts)) {
      return InvalidField(prefix, "times must lie in the years 2000 to 2099");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAndResolveActivity(v1::Activity* a,
                                        absl::string_view activity_id,
                                        absl::string_view prefix) {
  RETURN_IF_ERROR(ParseOwner(a->owner(), Field(prefix, "owner")).status());
  RETURN_IF_ERROR(ValidateDescription(*a, prefix));
  RETURN_IF_ERROR(ResolveSessions(a, activity_id, prefix));
  return ValidateTerms(a, prefix);
}

void ApplyCreateDefaults(v1::Activity* a, absl::Time now) {
  const absl::Time first = FromTimestamp(a->start_time());
  if (!a->has_enrolment_open_time()) {
    ToTimestamp(now, a->mutable_enrolment_open_time());
  }
  if (!a->has_enrolment_close_time()) {
    ToTimestamp(first, a->mutable_enrolment_close_time());
  }
  if (!a->has_cancellation_deadline()) {
    ToTimestamp(StartOfLocalDay(first), a->mutable_cancellation_deadline());
  }
}

absl::Status CheckEnrolmentTimes(const v1::Activity& a,
                                 absl::string_view prefix) {
  if (FromTimestamp(a.enrolment_close_time()) <=
      FromTimestamp(a.enrolment_open_time())) {
    return InvalidField(Field(prefix, "enrolment_close_time"),
                        "must be after enrolment_open_time");
  }
  return absl::OkStatus();
}

absl::Status CheckCapacity(int capacity, int enrolled) {
  if (capacity >= enrolled) {
    return absl::OkStatus();
  }
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        "capacity ", capacity, " is below the ", enrolled,
                        " places already taken; cancel enrolments first")),
                    "CAPACITY_BELOW_ENROLLED");
}

const std::vector<std::string>& UpdatableActivityFields() {
  static const auto* fields =
      new std::vector<std::string>{"kind",
                                   "title",
                                   "description",
                                   "audiences",
                                   "sectors",
                                   "themes",
                                   "sessions",
                                   "capacity",
                                   "enrolment_open_time",
                                   "enrolment_close_time",
                                   "cancellation_deadline",
                                   "hours",
                                   "approval_required",
                                   "series",
                                   "required_sessions"};
  return *fields;
}

}  // namespace samen::professionalisation

#include "services/induction/calendar_rules.h"
#include "services/common/timestamp.h"

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

std::string Local(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M", t, Amsterdam());
}

std::string Human(absl::Duration d) {
  if (d > absl::Hours(48) && d % absl::Hours(24) == absl::ZeroDuration()) {
    return absl::StrCat(d / absl::Hours(24), " days");
  }
  if (d % absl::Hours(1) == absl::ZeroDuration()) {
    return absl::StrCat(d / absl::Hours(1), " hours");
  }
  if (d % absl::Minutes(1) == absl::ZeroDuration()) {
    return absl::StrCat(d / absl::Minutes(1), " minutes");
  }
  return absl::FormatDuration(d);
}

absl::Duration FromProto(const google::protobuf::Duration& d,
                         absl::Duration fallback) {
  if (d.seconds() <= 0 && d.nanos() <= 0) {
    return fallback;
  }
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

absl::Status CheckStep(int minutes, absl::string_view field) {
  return minutes % 5 == 0
             ? absl::OkStatus()
             : InvalidField(field, "must be on a 5-minute boundary");
}

int CoachSessionsOn(absl::CivilDay day, const std::vector<BusyEntry>& busy) {
  const Interval bounds = LocalDay(day, Amsterdam());
  int n = 0;
  for (const auto& b : busy) {
    if (b.coach_leads && b.when.start >= bounds.start &&
        b.when.start < bounds.end) {
      ++n;
    }
  }
  return n;
}

bool CollidesWithAny(const Interval& slot, const std::vector<BusyEntry>& busy,
                     absl::Duration gap) {
  for (const auto& b : busy) {
    if (Collides(slot, b.when, gap)) {
      return true;
    }
  }
  return false;
}

}  // namespace

const absl::TimeZone& Amsterdam() {
  return AmsterdamZone();  // services/common/timestamp.h
}

namespace {

// Slot length, buffer, daily maximum, location and online link.
absl::Status ValidateAvailabilitySettings(const v1::Availability& a) {
  if (a.slot_minutes() < 15 || a.slot_minutes() > 240) {
    return InvalidField("availability.slot_minutes",
                        "must be between 15 and 240");
  }
  RETURN_IF_ERROR(CheckStep(a.slot_minutes(), "availability.slot_minutes"));
  if (a.buffer_minutes() < 0 || a.buffer_minutes() > 120) {
    return InvalidField("availability.buffer_minutes",
                        "must be between 0 and 120");
  }
  RETURN_IF_ERROR(CheckStep(a.buffer_minutes(), "availability.buffer_minutes"));
  if (a.max_sessions_per_day() < 0 || a.max_sessions_per_day() > 24) {
    return InvalidField("availability.max_sessions_per_day",
                        "must be between 0 (no limit) and 24");
  }
  RETURN_IF_ERROR(resource::ValidateText(a.location(), "availability.location",
                                         200, false));
  if (!a.online_link().empty() &&
      (!absl::StartsWith(a.online_link(), "https://") ||
       !resource::ValidateText(a.online_link(), "", 500, false).ok() ||
       absl::StrContains(a.online_link(), " "))) {
    return InvalidField("availability.online_link",
                        "must be an https:// link of at most 500 characters");
  }
  if (a.weekly_windows_size() > 50 || a.exceptions_size() > 400) {
    return InvalidField("availability",
                        "at most 50 weekly windows and 400 exceptions");
  }
  return absl::OkStatus();
}

// A window "HH:MM"-"HH:MM" on 5-minute boundaries, end after start, as minutes
// after midnight; errors name `field`.start_time / .end_time.
absl::StatusOr<std::pair<int, int>> ParseWindow(absl::string_view start_text,
                                                absl::string_view end_text,
                                                const std::string& field) {
  ASSIGN_OR_RETURN(int start,
                   ParseTimeOfDay(start_text, field + ".start_time"));
  ASSIGN_OR_RETURN(int end, ParseTimeOfDay(end_text, field + ".end_time"));
  if (end <= start) {
    return InvalidField(field + ".end_time", "must be after start_time");
  }
  if (start % 5 != 0 || end % 5 != 0) {
    return InvalidField(field, "times must be on 5-minute boundaries");
  }
  return std::make_pair(start, end);
}

absl::StatusOr<DayException> ExceptionFromProto(
    const v1::AvailabilityException& e, const std::string& field) {
  DayException x;
  ASSIGN_OR_RETURN(x.day, resource::ParseDate(e.date(), field + ".date"));
  if (e.kind() == v1::AvailabilityException::DAY_OFF) {
    x.day_off = true;
  } else if (e.kind() == v1::AvailabilityException::EXTRA_WINDOW) {
    ASSIGN_OR_RETURN(auto window,
                     ParseWindow(e.start_time(), e.end_time(), field));
    x.start_minute = window.first;
    x.end_minute = window.second;
  } else {
    return InvalidField(field + ".kind", "is required");
  }
  return x;
}

}  // namespace

absl::StatusOr<AvailabilitySpec> AvailabilityFromProto(
    const v1::Availability& a) {
  RETURN_IF_ERROR(ValidateAvailabilitySettings(a));
  AvailabilitySpec spec;
  spec.slot_minutes = a.slot_minutes();
  spec.buffer_minutes = a.buffer_minutes();
  spec.max_per_day = a.max_sessions_per_day();
  spec.location = a.location();
  spec.online_link = a.online_link();
  for (int i = 0; i < a.weekly_windows_size(); ++i) {
    const auto& w = a.weekly_windows(i);
    const std::string field =
        absl::StrCat("availability.weekly_windows[", i, "]");
    if (w.day() < v1::MONDAY || w.day() > v1::SUNDAY) {
      return InvalidField(absl::StrCat(field, ".day"), "is required");
    }
    ASSIGN_OR_RETURN(auto window,
                     ParseWindow(w.start_time(), w.end_time(), field));
    spec.weekly.push_back(
        {static_cast<int>(w.day()), window.first, window.second});
  }
  for (int i = 0; i < a.exceptions_size(); ++i) {
    ASSIGN_OR_RETURN(
        DayException x,
        ExceptionFromProto(a.exceptions(i),
                           absl::StrCat("availability.exceptions[", i, "]")));
    spec.exceptions.push_back(x);
  }
  return spec;
}

void AvailabilityToProto(const AvailabilitySpec& spec, v1::Availability* out) {
  out->set_time_zone("Europe/Amsterdam");
  out->set_slot_minutes(spec.slot_minutes);
  out->set_buffer_minutes(spec.buffer_minutes);
  out->set_max_sessions_per_day(spec.max_per_day);
  out->set_location(spec.location);
  out->set_online_link(spec.online_link);
  out->clear_weekly_windows();
  for (const auto& w : spec.weekly) {
    auto* p = out->add_weekly_windows();
    p->set_day(static_cast<v1::Weekday>(w.weekday));
    p->set_start_time(FormatTimeOfDay(w.start_minute));
    p->set_end_time(FormatTimeOfDay(w.end_minute));
  }
  out->clear_exceptions();
  for (const auto& e : spec.exceptions) {
    auto* p = out->add_exceptions();
    p->set_date(resource::FormatDate(e.day));
    if (e.day_off) {
      p->set_kind(v1::AvailabilityException::DAY_OFF);
    } else {
      p->set_kind(v1::AvailabilityException::EXTRA_WINDOW);
      p->set_start_time(FormatTimeOfDay(e.start_minute));
      p->set_end_time(FormatTimeOfDay(e.end_minute));
    }
  }
}

int IsoWeekday(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return 1;
    case absl::Weekday::tuesday:
      return 2;
    case absl::Weekday::wednesday:
      return 3;
    case absl::Weekday::thursday:
      return 4;
    case absl::Weekday::friday:
      return 5;
    case absl::Weekday::saturday:
      return 6;
    case absl::Weekday::sunday:
      return 7;
  }
  return 1;
}

std::optional<absl::Time> LocalTime(absl::CivilDay day, int minute,
                                    const absl::TimeZone& tz) {
  const absl::CivilSecond cs = absl::CivilSecond(day) + minute * 60;
  const absl::TimeZone::TimeInfo info = tz.At(cs);
  if (info.kind == absl::TimeZone::TimeInfo::SKIPPED) {
    return std::nullopt;
  }
  return info.pre;  // UNIQUE: the time; REPEATED: the first occurrence
}

Interval LocalDay(absl::CivilDay day, const absl::TimeZone& tz) {
  return {absl::FromCivil(absl::CivilSecond(day), tz),
          absl::FromCivil(absl::CivilSecond(day + 1), tz)};
}

std::vector<Interval> ExpandSlots(const AvailabilitySpec& spec,
                                  absl::CivilDay day,
                                  const absl::TimeZone& tz) {
  std::vector<std::pair<int, int>> windows;
  bool day_off = false;
  for (const auto& e : spec.exceptions) {
    if (e.day == day) {
      if (e.day_off) {
        day_off = true;
      } else {
        windows.emplace_back(e.start_minute, e.end_minute);
      }
    }
  }
  if (!day_off) {
    const int weekday = IsoWeekday(day);
    for (const auto& w : spec.weekly) {
      if (w.weekday == weekday) {
        windows.emplace_back(w.start_minute, w.end_minute);
      }
    }
  }
  std::vector<Interval> slots;
  const int step = spec.slot_minutes + spec.buffer_minutes;
  if (spec.slot_minutes <= 0 || step <= 0) {
    return slots;
  }
  for (const auto& [begin, end] : windows) {
    // Where the window ends; when its end falls in the skipped hour, the
    // moment summer time starts.
    const absl::TimeZone::TimeInfo end_info =
        tz.At(absl::CivilSecond(day) + end * 60);
    const absl::Time window_end =
        end_info.kind == absl::TimeZone::TimeInfo::SKIPPED ? end_info.trans
                                                           : end_info.pre;
    for (int m = begin; m + spec.slot_minutes <= end; m += step) {
      auto s = LocalTime(day, m, tz);
      if (!s) {
        continue;  // starts in the hour that does not exist
      }
      const absl::Time e = *s + absl::Minutes(spec.slot_minutes);
      if (e > window_end) {
        continue;
      }
      slots.push_back({*s, e});
    }
  }
  std::sort(slots.begin(), slots.end(),
            [](const Interval& a, const Interval& b) {
              return a.start < b.start || (a.start == b.start && a.end < b.end);
            });
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

std::vector<Interval> ExpandSlots(const AvailabilitySpec& spec,
                                  absl::CivilDay first, absl::CivilDay last,
                                  const absl::TimeZone& tz) {
  std::vector<Interval> all;
  for (absl::CivilDay d = first; d <= last; ++d) {
    auto day = ExpandSlots(spec, d, tz);
    all.insert(all.end(), day.begin(), day.end());
  }
  return all;
}

BookingPolicySpec PolicyFromProto(const v1::BookingPolicy& p) {
  BookingPolicySpec spec;
  spec.minimum_notice = FromProto(p.minimum_notice(), spec.minimum_notice);
  spec.horizon = FromProto(p.booking_horizon(), spec.horizon);
  spec.cancellation_notice =
      FromProto(p.cancellation_notice(), spec.cancellation_notice);
  return spec;
}

absl::Status CheckNoticeAndHorizon(const BookingPolicySpec& policy,
                                   absl::Time now, absl::Time start) {
  if (start - now < policy.minimum_notice) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "a session must be booked at least ",
                          Human(policy.minimum_notice), " before it starts (",
                          Local(start), " Europe/Amsterdam is too soon)")),
                      "MINIMUM_NOTICE");
  }
  if (start - now > policy.horizon) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            "sessions can be booked at most ", Human(policy.horizon),
            " ahead (", Local(start), " Europe/Amsterdam is too far)")),
        "BEYOND_HORIZON");
  }
  return absl::OkStatus();
}

absl::Time LateCancellationTime(const BookingPolicySpec& policy,
                                absl::Time start) {
  return start - policy.cancellation_notice;
}

bool IsLateCancellation(const BookingPolicySpec& policy, absl::Time now,
                        absl::Time start) {
  return now > LateCancellationTime(policy, start);
}

absl::Status CheckQuota(int used, int quota, int year) {
  if (used < quota) {
    return absl::OkStatus();
  }
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "the quota of ", quota, " coaching sessions for programme year ",
          year, " is used up")),
      "QUOTA_EXHAUSTED");
}

bool Collides(const Interval& a, const Interval& b, absl::Duration gap) {
  return a.start < b.end + gap && b.start < a.end + gap;
}

std::vector<absl::Time> ClaimQuanta(const Interval& entry) {
  std::vector<absl::Time> quanta;
  for (absl::Time t = entry.start; t < entry.end; t += kQuantum) {
    quanta.push_back(t);
  }
  return quanta;
}

bool IsQuantumAligned(absl::Time t) {
  return absl::ToUnixMicros(t) % absl::ToInt64Microseconds(kQuantum) == 0;
}

absl::StatusOr<Interval> DecideBooking(const BookingFacts& facts,
                                       absl::Time now, absl::Time start) {
  if (facts.starter_status != v1::Starter::ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat("the starter's induction is ",
                     v1::Starter::Status_Name(facts.starter_status),
                     "; only active starters book sessions"));
  }
  if (!facts.coach_assigned) {
    return InvalidField("booking.coach", "is not one of the starter's coaches");
  }
  if (!facts.availability) {
    return absl::FailedPreconditionError(
        "the coach has not published availability yet");
  }
  RETURN_IF_ERROR(CheckNoticeAndHorizon(facts.policy, now, start));
  const AvailabilitySpec& spec = *facts.availability;
  const absl::CivilDay day = absl::ToCivilDay(start, Amsterdam());
  std::optional<Interval> slot;
  for (const auto& s : ExpandSlots(spec, day, Amsterdam())) {
    if (s.start == start) {
      slot = s;
    }
  }
  if (!slot) {
    return InvalidField(
        "start_time",
        absl::StrCat(Local(start),
                     " Europe/Amsterdam is not the start of one of the "
                     "coach's slots; list open slots first"));
  }
  if (CollidesWithAny(*slot, facts.coach_busy,
                      absl::Minutes(spec.buffer_minutes))) {
    return WithReason(
        absl::AlreadyExistsError(absl::StrCat(
            "the coach is no longer free at ", Local(start),
            " Europe/Amsterdam: the slot was just taken; pick another")),
        "SLOT_TAKEN");
  }
  if (CollidesWithAny(*slot, facts.starter_busy, absl::ZeroDuration())) {
    return WithReason(absl::AlreadyExistsError(absl::StrCat(
                          "the starter already has a session or event at ",
                          Local(start), " Europe/Amsterdam")),
                      "STARTER_BUSY");
  }
  if (spec.max_per_day > 0 &&
      CoachSessionsOn(day, facts.coach_busy) >= spec.max_per_day) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "the coach's day is full (at most ", spec.max_per_day,
                          " sessions on ", resource::FormatDate(day), ")")),
                      "DAY_FULL");
  }
  if (facts.count_quota) {
    RETURN_IF_ERROR(CheckQuota(facts.used, facts.quota, facts.year));
  }
  return *slot;
}

std::vector<Interval> OpenSlots(const AvailabilitySpec& spec,
                                const BookingPolicySpec& policy, absl::Time now,
                                absl::CivilDay first, absl::CivilDay last,
                                const std::vector<BusyEntry>& coach_busy,
                                const std::vector<BusyEntry>& starter_busy) {
  std::vector<Interval> open;
  std::map<absl::CivilDay, int> per_day;
  for (const auto& slot : ExpandSlots(spec, first, last, Amsterdam())) {
    if (!CheckNoticeAndHorizon(policy, now, slot.start).ok()) {
      continue;
    }
    if (CollidesWithAny(slot, coach_busy, absl::Minutes(spec.buffer_minutes)) ||
        CollidesWithAny(slot, starter_busy, absl::ZeroDuration())) {
      continue;
    }
    if (spec.max_per_day > 0) {
      const absl::CivilDay day = absl::ToCivilDay(slot.start, Amsterdam());
      auto it = per_day.find(day);
      if (it == per_day.end()) {
        it = per_day.emplace(day, CoachSessionsOn(day, coach_busy)).first;
      }
      if (it->second >= spec.max_per_day) {
        continue;
      }
    }
    open.push_back(slot);
  }
  return open;
}

}  // namespace samen::induction

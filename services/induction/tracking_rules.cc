#include "services/induction/tracking_rules.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/resource/csv.h"
#include "services/induction/calendar_rules.h"

namespace samen::induction {
namespace {

std::string LocalTimestamp(const google::protobuf::Timestamp& ts, bool set) {
  if (!set) {
    return "";
  }
  const absl::Time t = absl::FromUnixSeconds(ts.seconds());
  return absl::FormatTime("%Y-%m-%d %H:%M", t, Amsterdam());
}

absl::string_view KindLabel(v1::StarterKind kind) {
  switch (kind) {
    case v1::NEWLY_GRADUATED:
      return "newly graduated";
    case v1::CAREER_CHANGER:
      return "career changer";
    case v1::EXPERIENCED_NEWCOMER:
      return "experienced newcomer";
    case v1::PABO_BACKGROUND:
      return "pabo background";
    default:
      return "";
  }
}

}  // namespace

absl::CivilDay ProgrammeYearStart(absl::CivilDay start_date, int year) {
  return absl::CivilDay(start_date.year() + std::max(year, 1) - 1,
                        start_date.month(), start_date.day());
}

void AssessRisk(const TrackingFacts& facts, absl::Time now,
                v1::StarterTracking* row) {
  row->clear_risk_reasons();
  row->set_at_risk(false);
  if (row->status() != v1::Starter::ACTIVE) {
    return;
  }
  const absl::Time year_start =
      absl::FromCivil(absl::CivilSecond(ProgrammeYearStart(facts.start_date,
                                                           facts.current_year)),
                      Amsterdam());
  if (now < year_start) {
    return;  // not started yet
  }
  const absl::Time since = facts.last_contact.value_or(year_start);
  if (now - since >= absl::Hours(24 * 7) * facts.at_risk_weeks) {
    row->add_risk_reasons(v1::NO_RECENT_CONTACT);
  }
  if (facts.no_shows >= 2) {
    row->add_risk_reasons(v1::REPEATED_NO_SHOWS);
  }
  const double elapsed = std::min(
      1.0, absl::FDivDuration(now - year_start, absl::Hours(24 * 365)));
  if (row->sessions_quota() > 0 && elapsed >= 0.25 &&
      2.0 * row->sessions_used() < row->sessions_quota() * elapsed) {
    row->add_risk_reasons(v1::QUOTA_BEHIND_SCHEDULE);
  }
  row->set_at_risk(row->risk_reasons_size() > 0);
}

v1::CoachingUsage UsageOf(const v1::StarterTracking& row) {
  v1::CoachingUsage usage;
  usage.set_programme_year(row.current_year());
  usage.set_sessions_quota(row.sessions_quota());
  usage.set_sessions_used(row.sessions_used());
  usage.set_sessions_held(row.sessions_held());
  usage.set_sessions_left(
      std::max(0, row.sessions_quota() - row.sessions_used()));
  if (row.has_next_booking_time()) {
    *usage.mutable_next_booking_time() = row.next_booking_time();
  }
  return usage;
}

std::vector<v1::TrackingCount> CountBySchoolAndCohort(
    const std::vector<v1::StarterTracking>& rows) {
  std::map<std::pair<std::string, int>, v1::TrackingCount> counts;
  for (const auto& r : rows) {
    int cohort = 0;
    if (r.start_date().size() >= 4) {
      cohort = std::atoi(r.start_date().substr(0, 4).c_str());
    }
    auto& c = counts[{r.school(), cohort}];
    c.set_school(r.school());
    c.set_cohort(cohort);
    c.set_starters(c.starters() + 1);
    c.set_active(c.active() + (r.status() == v1::Starter::ACTIVE ? 1 : 0));
    c.set_at_risk(c.at_risk() + (r.at_risk() ? 1 : 0));
    c.set_completed(c.completed() +
                    (r.status() == v1::Starter::COMPLETED ? 1 : 0));
    c.set_left(c.left() + (r.status() == v1::Starter::LEFT ? 1 : 0));
  }
  std::vector<v1::TrackingCount> out;
  for (auto& [key, c] : counts) {
    out.push_back(std::move(c));
  }
  return out;
}

std::string TrackingCsv(const std::vector<v1::StarterTracking>& rows) {
  std::string out = resource::kUtf8Bom;
  const std::vector<std::string> header = {"starter",
                                           "name",
                                           "school",
                                           "programme",
                                           "kind",
                                           "start_date",
                                           "year",
                                           "status",
                                           "sessions_used",
                                           "sessions_quota",
                                           "sessions_held",
                                           "lesson_visits_done",
                                           "lesson_visits_quota",
                                           "last_contact",
                                           "next_booking",
                                           "at_risk",
                                           "risk_reasons"};
  out += resource::CsvRecord(header);
  for (const auto& r : rows) {
    std::vector<std::string> reasons;
    for (int reason : r.risk_reasons()) {
      reasons.push_back(
          v1::RiskReason_Name(static_cast<v1::RiskReason>(reason)));
    }
    const std::vector<std::string> fields = {
        r.starter(),
        r.display_name(),
        r.school(),
        r.programme(),
        std::string(KindLabel(r.kind())),
        r.start_date(),
        absl::StrCat(r.current_year()),
        v1::Starter::Status_Name(r.status()),
        absl::StrCat(r.sessions_used()),
        absl::StrCat(r.sessions_quota()),
        absl::StrCat(r.sessions_held()),
        absl::StrCat(r.lesson_visits_done()),
        absl::StrCat(r.lesson_visits_quota()),
        LocalTimestamp(r.last_contact_time(), r.has_last_contact_time()),
        LocalTimestamp(r.next_booking_time(), r.has_next_booking_time()),
        r.at_risk() ? "yes" : "no",
        absl::StrJoin(reasons, " "),
    };
    out += resource::CsvRecord(fields);
  }
  return out;
}

}  // namespace samen::induction

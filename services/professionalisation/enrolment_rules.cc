// Who may do what, and the enrolment, attendance and record rules.

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/professionalisation/enrolment_rules.h"

namespace samen::professionalisation {
namespace {

absl::Status Precondition(absl::string_view message, absl::string_view reason) {
  return WithReason(absl::FailedPreconditionError(message), reason);
}

bool HoldsIn(const auth::Principal& who, absl::string_view role,
             const std::vector<std::string>& scopes) {
  for (const auto& scope : scopes) {
    if (who.HasRoleIn(role, scope)) {
      return true;
    }
  }
  return false;
}

bool IsManagerIn(const auth::Principal& who,
                 const std::vector<std::string>& organisations) {
  return HoldsIn(who, auth::kHr, organisations) ||
         HoldsIn(who, auth::kSchoolEducator, organisations);
}

// The audiences a token role counts for (docs/professionalisation.md).
std::vector<v1::Audience> AudiencesOfRole(absl::string_view role) {
  if (role == auth::kStudent) {
    return {v1::STUDENTS};
  }
  if (role == auth::kStarter) {
    return {v1::STARTERS};
  }
  if (role == auth::kMentor) {
    return {v1::MENTORS, v1::EXPERIENCED_TEACHERS};
  }
  if (role == auth::kSchoolEducator) {
    return {v1::SCHOOL_EDUCATORS, v1::EXPERIENCED_TEACHERS};
  }
  if (role == auth::kInstituteEducator) {
    return {v1::SCHOOL_EDUCATORS};
  }
  if (role == auth::kCoach) {
    return {v1::EXPERIENCED_TEACHERS};
  }
  if (role == auth::kCoordinator) {
    return {v1::SCHOOL_LEADERS};
  }
  return {};
}

std::string AudienceList(const std::vector<v1::Audience>& audiences) {
  std::string out;
  for (v1::Audience a : audiences) {
    absl::StrAppend(&out, out.empty() ? "" : ", ",
                    absl::AsciiStrToLower(v1::Audience_Name(a)));
  }
  return out;
}

}  // namespace

// ---- Who may do what -------------------------------------------------------

bool IsOrganiser(const auth::Principal& who, const Owner& owner) {
  if (who.IsAdmin()) {
    return true;
  }
  return owner.partnership ? who.HasRoleIn(auth::kCoordinator, owner.name())
                           : who.HasRoleIn(auth::kSchoolEducator, owner.name());
}

absl::Status MayOrganise(const auth::Principal& who, const Owner& owner) {
  if (IsOrganiser(who, owner)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "only ", owner.partnership ? "coordinators of " : "school educators of ",
      owner.name(), " organise its activities"));
}

std::vector<std::string> OrganisationsOf(const auth::Principal& who) {
  std::set<std::string> out;
  for (const auto& grant : who.grants) {
    if (absl::StartsWith(grant.scope, "organisations/") &&
        grant.role != auth::kAdmin && grant.role != auth::kIntegration) {
      out.insert(grant.scope);
    }
  }
  return {out.begin(), out.end()};
}

bool CanApprove(const auth::Principal& who, absl::string_view person_id,
                const std::vector<std::string>& organisations) {
  if (who.subject == person_id) {
    return false;
  }
  return who.IsAdmin() || IsManagerIn(who, organisations);
}

bool CanReadRecord(const auth::Principal& who, absl::string_view person_id,
                   const std::vector<std::string>& organisations) {
  if (who.subject == person_id || who.IsAdmin()) {
    return true;
  }
  if (organisations.empty()) {
    return who.HasRole(auth::kHr) || who.HasRole(auth::kSchoolEducator);
  }
  return IsManagerIn(who, organisations);
}

bool CanCheckCompletions(const auth::Principal& who,
                         absl::string_view person_id,
                         const std::vector<std::string>& organisations) {
  if (CanReadRecord(who, person_id, organisations) ||
      who.HasRole(auth::kIntegration)) {
    return true;
  }
  return organisations.empty() ? who.HasRole(auth::kCoach)
                               : HoldsIn(who, auth::kCoach, organisations);
}

// ---- Enrolment -------------------------------------------------------------

bool IsActive(State state) {
  return state == v1::Enrolment::PENDING_APPROVAL ||
         state == v1::Enrolment::WAITLISTED || state == v1::Enrolment::ENROLLED;
}

absl::Status CheckNotCancelled(const ActivityFacts& a) {
  if (!a.cancelled) {
    return absl::OkStatus();
  }
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        ActivityName(a.activity_id), " has been cancelled")),
                    "ACTIVITY_CANCELLED");
}

absl::Status CheckEnrolmentWindow(const ActivityFacts& a, absl::Time now) {
  if (now < a.enrolment_open) {
    return Precondition(
        absl::StrCat("enrolment opens at ", LocalDateTime(a.enrolment_open),
                     " (Europe/Amsterdam)"),
        "ENROLMENT_NOT_OPEN");
  }
  if (now >= a.enrolment_close) {
    return Precondition(
        absl::StrCat("enrolment closed at ", LocalDateTime(a.enrolment_close),
                     " (Europe/Amsterdam)"),
        "ENROLMENT_CLOSED");
  }
  return absl::OkStatus();
}

bool AudienceMatches(const auth::Principal& who,
                     const std::vector<v1::Audience>& audiences) {
  if (audiences.empty() || who.IsAdmin()) {
    return true;
  }
  for (const auto& grant : who.grants) {
    for (v1::Audience a : AudiencesOfRole(grant.role)) {
      if (std::find(audiences.begin(), audiences.end(), a) != audiences.end()) {
        return true;
      }
    }
  }
  return false;
}

absl::Status CheckAudience(const auth::Principal& who,
                           const std::vector<v1::Audience>& audiences) {
  if (AudienceMatches(who, audiences)) {
    return absl::OkStatus();
  }
  return WithReason(absl::PermissionDeniedError(absl::StrCat(
                        "this activity is for ", AudienceList(audiences),
                        "; none of your roles matches")),
                    "AUDIENCE_MISMATCH");
}

absl::Status CheckNotEnrolled(std::optional<State> existing) {
  if (existing.has_value() && IsActive(*existing)) {
    return WithReason(
        absl::AlreadyExistsError(absl::StrCat(
            "already enrolled for this activity (",
            absl::AsciiStrToLower(v1::Enrolment::State_Name(*existing)), ")")),
        "ALREADY_ENROLLED");
  }
  return absl::OkStatus();
}

absl::Status CheckSeriesCap(const ActivityFacts& a, int active_in_series) {
  if (a.series_id.empty() || a.series_cap <= 0 ||
      active_in_series < a.series_cap) {
    return absl::OkStatus();
  }
  return Precondition(
      absl::StrCat("you already take ", active_in_series,
                   " activities of the "
                   "series \"",
                   a.series_id, "\"; at most ", a.series_cap, " per person"),
      "SERIES_CAP_REACHED");
}

State Placement(const ActivityFacts& a, bool needs_approval) {
  if (needs_approval) {
    return v1::Enrolment::PENDING_APPROVAL;
  }
  return a.enrolled < a.capacity ? v1::Enrolment::ENROLLED
                                 : v1::Enrolment::WAITLISTED;
}

absl::Status CheckCancellation(const ActivityFacts& a, State state,
                               bool by_organiser, absl::Time now) {
  if (!IsActive(state)) {
    return Precondition(
        absl::StrCat("the enrolment is already ",
                     absl::AsciiStrToLower(v1::Enrolment::State_Name(state))),
        "NOT_ACTIVE");
  }
  if (by_organiser || state != v1::Enrolment::ENROLLED ||
      now < a.cancellation_deadline) {
    return absl::OkStatus();
  }
  return Precondition(absl::StrCat("the cancellation deadline passed at ",
                                   LocalDateTime(a.cancellation_deadline),
                                   " (Europe/Amsterdam); ask the organiser"),
                      "CANCELLATION_DEADLINE_PASSED");
}

absl::Status CheckPending(State state) {
  if (state == v1::Enrolment::PENDING_APPROVAL) {
    return absl::OkStatus();
  }
  return Precondition(
      absl::StrCat("the enrolment is not waiting for approval (it is ",
                   absl::AsciiStrToLower(v1::Enrolment::State_Name(state)),
                   ")"),
      "NOT_PENDING");
}

std::vector<WaitlistEntry> ChoosePromotions(std::vector<WaitlistEntry> waitlist,
                                            int free_places) {
  if (free_places <= 0) {
    return {};
  }
  std::sort(waitlist.begin(), waitlist.end(),
            [](const WaitlistEntry& a, const WaitlistEntry& b) {
              return a.arrival < b.arrival;
            });
  if (waitlist.size() > static_cast<size_t>(free_places)) {
    waitlist.resize(free_places);
  }
  return waitlist;
}

// ---- Attendance, completion, feedback --------------------------------------

int SessionsToComplete(int required, int total_sessions) {
  return required > 0 ? required : total_sessions;
}

bool IsComplete(int attended, int required, int total_sessions) {
  return total_sessions > 0 &&
         attended >= SessionsToComplete(required, total_sessions);
}

absl::Status CheckAttendanceTime(absl::Time session_start, absl::Time now) {
  if (now >= session_start) {
    return absl::OkStatus();
  }
  return Precondition(
      absl::StrCat("the session starts at ", LocalDateTime(session_start),
                   " (Europe/Amsterdam); record attendance "
                   "once it has started"),
      "SESSION_NOT_STARTED");
}

absl::Status CheckFeedback(int score, absl::string_view comment,
                           bool completed) {
  if (score < 1 || score > 5) {
    return InvalidField("score", "must be 1 to 5");
  }
  std::string flattened(comment);
  for (char& c : flattened) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  RETURN_IF_ERROR(resource::ValidateText(flattened, "comment", 2000, false));
  if (!completed) {
    return Precondition("feedback is given after completing the activity",
                        "NOT_COMPLETED");
  }
  return absl::OkStatus();
}

// ---- Development record ----------------------------------------------------

v1::DevelopmentRecord BuildRecord(absl::string_view person_id,
                                  std::vector<RecordRow> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const RecordRow& a, const RecordRow& b) {
              if (a.completion_time != b.completion_time) {
                return a.completion_time > b.completion_time;
              }
              return a.activity_id < b.activity_id;
            });
  v1::DevelopmentRecord record;
  record.set_name(absl::StrCat(PersonName(person_id), "/developmentRecord"));
  std::map<std::string, std::pair<int64_t, int>, std::greater<>> years;
  int64_t total = 0;
  for (const auto& row : rows) {
    auto* e = record.add_entries();
    e->set_activity(ActivityName(row.activity_id));
    e->set_title(row.title);
    e->set_kind(row.kind);
    e->set_owner(row.owner);
    e->set_hours(CentisToHours(row.hours_centis));
    e->set_completion_date(LocalDate(row.completion_time));
    e->set_school_year(SchoolYear(row.completion_time));
    auto& year = years[e->school_year()];
    year.first += row.hours_centis;
    year.second += 1;
    total += row.hours_centis;
  }
  for (const auto& [name, sums] : years) {
    auto* y = record.add_years();
    y->set_school_year(name);
    y->set_hours(CentisToHours(sums.first));
    y->set_activities(sums.second);
  }
  record.set_total_hours(CentisToHours(total));
  return record;
}

std::vector<v1::CompletionResult> MatchCompletions(
    const std::vector<std::string>& requested,
    const std::vector<RecordRow>& rows) {
  std::vector<v1::CompletionResult> out;
  for (const auto& want : requested) {
    v1::CompletionResult result;
    result.set_requested(want);
    const RecordRow* best = nullptr;
    for (const auto& row : rows) {
      const bool match =
          absl::StartsWith(want, "activities/")
              ? want == ActivityName(row.activity_id)
              : absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(want),
                                       absl::StripAsciiWhitespace(row.title));
      // Several completions with one title: the latest counts.
      if (match &&
          (best == nullptr || row.completion_time > best->completion_time)) {
        best = &row;
      }
    }
    if (best != nullptr) {
      result.set_completed(true);
      result.set_activity(ActivityName(best->activity_id));
      result.set_completion_date(LocalDate(best->completion_time));
      result.set_hours(CentisToHours(best->hours_centis));
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace samen::professionalisation

#include "services/induction/access_rules.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

constexpr absl::string_view kOrg = "organisations/";

std::string OrgScope(absl::string_view id) { return absl::StrCat(kOrg, id); }

// The staff role allowing access to starters of `s`, or "".
std::string StaffRole(const auth::Principal& who, const StarterScope& s) {
  if (who.IsAdmin()) {
    return std::string(auth::kAdmin);
  }
  if (who.HasRoleIn(auth::kHr, OrgScope(s.school_id)) ||
      (!s.board_id.empty() && who.HasRoleIn(auth::kHr, OrgScope(s.board_id)))) {
    return std::string(auth::kHr);
  }
  if (who.HasRoleIn(auth::kSchoolEducator, OrgScope(s.school_id))) {
    return std::string(auth::kSchoolEducator);
  }
  if (absl::StartsWith(s.programme_owner, "partnerships/") &&
      who.HasRoleIn(auth::kCoordinator, s.programme_owner)) {
    return std::string(auth::kCoordinator);
  }
  return "";
}

}  // namespace

Access AccessToStarter(const auth::Principal& who, const StarterScope& s) {
  if (!who.subject.empty() && who.subject == s.starter_id) {
    return {Relation::kSelf, std::string(auth::kStarter)};
  }
  if (!who.subject.empty() && std::find(s.coach_ids.begin(), s.coach_ids.end(),
                                        who.subject) != s.coach_ids.end()) {
    return {Relation::kCoach, std::string(auth::kCoach)};
  }
  std::string role = StaffRole(who, s);
  if (!role.empty()) {
    return {Relation::kStaff, std::move(role)};
  }
  return {};
}

absl::Status MayManageStarter(const auth::Principal& who,
                              const StarterScope& s) {
  if (!StaffRole(who, s).empty()) {
    return absl::OkStatus();
  }
  return Denied(
      "only HR or school educators of the starter's school, coordinators of "
      "the programme's partnership and administrators manage starters");
}

absl::Status MayManageProgramme(const auth::Principal& who,
                                absl::string_view owner) {
  if (who.IsAdmin()) {
    return absl::OkStatus();
  }
  if (absl::StartsWith(owner, "partnerships/") &&
      who.HasRoleIn(auth::kCoordinator, owner)) {
    return absl::OkStatus();
  }
  if (absl::StartsWith(owner, kOrg) &&
      (who.HasRoleIn(auth::kSchoolEducator, owner) ||
       who.HasRoleIn(auth::kHr, owner))) {
    return absl::OkStatus();
  }
  return Denied(
      "only coordinators of the owning partnership, school educators and HR "
      "of the owning school manage its programmes");
}

absl::Status MayAccessNotes(const auth::Principal& who,
                            absl::string_view starter_id,
                            absl::string_view session_coach_id) {
  if (!who.subject.empty() &&
      (who.subject == starter_id || who.subject == session_coach_id)) {
    return absl::OkStatus();
  }
  return NotesDenied();
}

absl::Status NotesDenied() {
  return Denied(
      "coaching notes are confidential to the starter and the coach of the "
      "session");
}

absl::StatusOr<HrScope> HrScopeFor(const auth::Principal& who,
                                   absl::string_view organisation_id) {
  HrScope scope;
  if (organisation_id == "-") {
    if (who.IsAdmin()) {
      scope.all = true;
      return scope;
    }
    for (const auto& s : who.ScopesWithRole(auth::kHr)) {
      if (absl::StartsWith(s, kOrg)) {
        scope.organisation_ids.push_back(s.substr(kOrg.size()));
      }
    }
    if (scope.organisation_ids.empty()) {
      return Denied("tracking is for HR of a school or board");
    }
    return scope;
  }
  if (who.IsAdmin() || who.HasRoleIn(auth::kHr, OrgScope(organisation_id))) {
    scope.organisation_ids.push_back(std::string(organisation_id));
    return scope;
  }
  return Denied(absl::StrCat("tracking of organisations/", organisation_id,
                             " is for its HR"));
}

}  // namespace samen::induction

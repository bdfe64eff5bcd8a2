// Who may see and change vacancies, and "for me" matching (vacancy_rules.h).

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/vacancies/vacancy_rules.h"

namespace samen::vacancies {
namespace {

bool IsHrFor(const auth::Principal& who, const SchoolScope& school) {
  if (who.HasRoleIn(auth::kHr,
                    absl::StrCat("organisations/", school.school_id))) {
    return true;
  }
  return !school.board_id.empty() &&
         who.HasRoleIn(auth::kHr,
                       absl::StrCat("organisations/", school.board_id));
}

}  // namespace

// ---- Authorisation ------------------------------------------------------

bool CanManageVacanciesOf(const auth::Principal& who,
                          const SchoolScope& school) {
  return who.IsAdmin() || IsHrFor(who, school);
}

bool CanSeeAllVacanciesOf(const auth::Principal& who,
                          const SchoolScope& school) {
  if (CanManageVacanciesOf(who, school)) {
    return true;
  }
  return std::any_of(school.partnerships.begin(), school.partnerships.end(),
                     [&](const std::string& p) {
                       return who.HasRoleIn(auth::kCoordinator,
                                            absl::StrCat("partnerships/", p));
                     });
}

absl::Status MayReadVacancy(const auth::Principal& who,
                            const SchoolScope& school,
                            v1::Vacancy::Status status,
                            absl::string_view name) {
  if (IsPublicStatus(status) || CanSeeAllVacanciesOf(who, school)) {
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

absl::Status MayChangeVacancy(const auth::Principal& who,
                              const SchoolScope& school,
                              v1::Vacancy::Status status,
                              absl::string_view name) {
  if (auto s = MayReadVacancy(who, school, status, name); !s.ok()) {
    return s;
  }
  if (CanManageVacanciesOf(who, school)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("only HR of organisations/", school.school_id,
                   " (or of its board) may change its vacancies"));
}

absl::Status MayCreateVacancy(const auth::Principal& who,
                              const SchoolScope& school) {
  if (CanManageVacanciesOf(who, school)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("only HR of organisations/", school.school_id,
                   " (or of its board) may draft its vacancies"));
}

absl::Status MayListVacanciesForMe(const auth::Principal& who) {
  if (who.HasRole(auth::kStarter) || who.HasRole(auth::kStudent)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "vacancies for me are for starters and students; use ListVacancies");
}

absl::Status MaySyncVacancies(const auth::Principal& who) {
  if (who.IsAdmin() || who.HasRole(auth::kIntegration)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "the vacancy feed is for integration clients");
}

absl::Status MayUseProfile(const auth::Principal& who,
                           absl::string_view person_id) {
  if (who.IsAdmin() || (!who.subject.empty() && who.subject == person_id)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError("a vacancy profile is its owner's");
}

absl::Status MayUpdateShortageSubjects(
    const auth::Principal& who,
    const std::vector<std::string>& partnerships_in_region) {
  if (who.IsAdmin()) {
    return absl::OkStatus();
  }
  for (const auto& p : partnerships_in_region) {
    if (who.HasRoleIn(auth::kCoordinator, absl::StrCat("partnerships/", p))) {
      return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(
      "only coordinators of a partnership in the region may change its "
      "shortage subjects");
}

absl::Status MayUpdateHiringAgreement(const auth::Principal& who,
                                      absl::string_view partnership_id) {
  if (who.IsAdmin() ||
      who.HasRoleIn(auth::kCoordinator,
                    absl::StrCat("partnerships/", partnership_id))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("only coordinators of partnerships/", partnership_id,
                   " may change its hiring agreement"));
}

// ---- Matching -----------------------------------------------------------

bool DegreeFits(v1::DegreeLevel held, v1::DegreeLevel asked) {
  switch (held) {
    case v1::DEGREE_LEVEL_UNSPECIFIED:
    case v1::FIRST_DEGREE:
      return true;
    case v1::SECOND_DEGREE:
      return asked != v1::FIRST_DEGREE;
    default:
      return false;
  }
}

std::vector<v1::DegreeLevel> FittingDegrees(v1::DegreeLevel held) {
  std::vector<v1::DegreeLevel> out;
  for (v1::DegreeLevel asked :
       {v1::DEGREE_LEVEL_UNSPECIFIED, v1::FIRST_DEGREE, v1::SECOND_DEGREE}) {
    if (DegreeFits(held, asked)) {
      out.push_back(asked);
    }
  }
  return out;
}

bool HasShortageSubject(const std::vector<std::string>& subjects,
                        const std::vector<std::string>& shortage) {
  return std::any_of(
      subjects.begin(), subjects.end(), [&](const std::string& s) {
        return std::find(shortage.begin(), shortage.end(), s) != shortage.end();
      });
}

}  // namespace samen::vacancies

#include "services/partners/student_rules.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"

namespace samen::partners {
namespace {

std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

absl::Status ValidateHome(const v1::HomeLocation& home,
                          absl::string_view prefix) {
  const std::string& pc = home.postcode_area();
  bool digits = pc.size() == 4;
  for (char ch : pc) {
    digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(ch));
  }
  if (!pc.empty() && (!digits || pc[0] == '0')) {
    return InvalidField(Field(prefix, "postcode_area"),
                        "must be a four-digit postcode area (1000 to 9999)");
  }
  if (home.latitude() < -90 || home.latitude() > 90) {
    return InvalidField(Field(prefix, "latitude"), "must be -90 to 90");
  }
  if (home.longitude() < -180 || home.longitude() > 180) {
    return InvalidField(Field(prefix, "longitude"), "must be -180 to 180");
  }
  return absl::OkStatus();
}

absl::Status ValidateHistory(const v1::Student& s, absl::string_view prefix) {
  std::set<std::string> years;
  for (int k = 0; k < s.placement_history_size(); ++k) {
    const v1::PastPlacement& p = s.placement_history(k);
    const std::string field =
        absl::StrCat(Field(prefix, "placement_history"), "[", k, "]");
    if (!IsSchoolYear(p.school_year())) {
      return InvalidField(field + ".school_year",
                          "must be a school year such as \"2025-2026\"");
    }
    if (!years.insert(p.school_year()).second) {
      return InvalidField(field + ".school_year",
                          "repeats an earlier entry's year");
    }
    RETURN_IF_ERROR(
        resource::ParseName(p.school(), "organisations", field + ".school")
            .status());
  }
  return absl::OkStatus();
}

bool HoldsIn(const auth::Principal& who, absl::string_view role,
             absl::string_view collection, absl::string_view id) {
  return who.HasRoleIn(role, absl::StrCat(collection, "/", id));
}

}  // namespace

absl::StatusOr<std::string> ParseStudentName(absl::string_view name,
                                             absl::string_view field) {
  return resource::ParseName(name, "students", field);
}

std::string StudentName(absl::string_view id) {
  return absl::StrCat("students/", id);
}

bool IsSchoolYear(absl::string_view year) {
  int first = 0, second = 0;
  return year.size() == 9 && year[4] == '-' &&
         absl::SimpleAtoi(year.substr(0, 4), &first) &&
         absl::SimpleAtoi(year.substr(5, 4), &second) && first >= 1990 &&
         first <= 2100 && second == first + 1;
}

absl::Status ValidateStudent(const v1::Student& s, absl::string_view prefix) {
  RETURN_IF_ERROR(
      resource::ParseName(s.person(), "people", Field(prefix, "person"))
          .status());
  RETURN_IF_ERROR(resource::ParseName(s.partnership(), "partnerships",
                                      Field(prefix, "partnership"))
                      .status());
  RETURN_IF_ERROR(resource::ParseName(s.institute(), "organisations",
                                      Field(prefix, "institute"))
                      .status());
  if (!v1::StudentCategory_IsValid(s.category()) ||
      s.category() == v1::STUDENT_CATEGORY_UNSPECIFIED) {
    return InvalidField(Field(prefix, "category"), "is required");
  }
  if (s.programme_year() < 1 || s.programme_year() > 6) {
    return InvalidField(Field(prefix, "programme_year"), "must be 1 to 6");
  }
  if (s.subjects_size() > 10) {
    return InvalidField(Field(prefix, "subjects"), "at most 10 subjects");
  }
  for (int k = 0; k < s.subjects_size(); ++k) {
    RETURN_IF_ERROR(resource::ValidateText(
        s.subjects(k), absl::StrCat(Field(prefix, "subjects"), "[", k, "]"),
        100, true));
  }
  RETURN_IF_ERROR(resource::ValidateDate(s.start_date(),
                                         Field(prefix, "start_date"), true));
  RETURN_IF_ERROR(ValidateHome(s.home(), Field(prefix, "home")));
  return ValidateHistory(s, prefix);
}

const std::vector<std::string>& UpdatableStudentFields() {
  static const auto* fields = new std::vector<std::string>{
      "category", "programme_year",    "subjects", "start_date",
      "home",     "placement_history", "institute"};
  return *fields;
}

absl::Status MayManageStudent(const auth::Principal& who,
                              absl::string_view partnership_id,
                              absl::string_view institute_id) {
  if (who.IsAdmin() ||
      HoldsIn(who, auth::kCoordinator, "partnerships", partnership_id) ||
      HoldsIn(who, auth::kInstituteEducator, "organisations", institute_id)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("managing students of partnerships/", partnership_id,
                   " needs the coordinator role there, or institute_educator "
                   "at organisations/",
                   institute_id));
}

absl::Status MayReadStudent(const auth::Principal& who,
                            const StudentFacts& student) {
  if (MayManageStudent(who, student.partnership_id, student.institute_id)
          .ok() ||
      (!who.subject.empty() && who.subject == student.person_id)) {
    return absl::OkStatus();
  }
  for (const std::string& school : student.school_ids) {
    if (HoldsIn(who, auth::kSchoolEducator, "organisations", school) ||
        HoldsIn(who, auth::kMentor, "organisations", school)) {
      return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(
      "a student's record is for the student, their institute, the "
      "partnership's coordinators and the schools they are placed at");
}

std::string StudentReaderRole(const auth::Principal& who,
                              const StudentFacts* student) {
  if (student != nullptr && !who.subject.empty() &&
      who.subject == student->person_id) {
    return "";
  }
  if (who.IsAdmin()) {
    return std::string(auth::kAdmin);
  }
  if (student == nullptr) {
    for (absl::string_view role : {auth::kCoordinator, auth::kInstituteEducator,
                                   auth::kSchoolEducator, auth::kMentor}) {
      if (who.HasRole(role)) {
        return std::string(role);
      }
    }
    return std::string(auth::kStudent);  // a student seeing other students
  }
  if (HoldsIn(who, auth::kCoordinator, "partnerships",
              student->partnership_id)) {
    return std::string(auth::kCoordinator);
  }
  if (HoldsIn(who, auth::kInstituteEducator, "organisations",
              student->institute_id)) {
    return std::string(auth::kInstituteEducator);
  }
  for (absl::string_view role : {auth::kSchoolEducator, auth::kMentor}) {
    for (const std::string& school : student->school_ids) {
      if (HoldsIn(who, role, "organisations", school)) {
        return std::string(role);
      }
    }
  }
  return "reader";
}

const std::vector<std::string>& EmployeeRoles() {
  static const auto* roles = new std::vector<std::string>{
      std::string(auth::kStarter), std::string(auth::kCoach),
      std::string(auth::kMentor), std::string(auth::kSchoolEducator)};
  return *roles;
}

bool SignalsGreenPicking(v1::StudentCategory category, absl::string_view role) {
  if (category == v1::CAREER_CHANGER) {
    return false;
  }
  for (const std::string& r : EmployeeRoles()) {
    if (r == role) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> OrganisationsWithRole(const auth::Principal& who,
                                               absl::string_view role) {
  std::vector<std::string> out;
  for (const std::string& scope : who.ScopesWithRole(role)) {
    if (absl::StartsWith(scope, "organisations/")) {
      out.push_back(scope.substr(sizeof("organisations/") - 1));
    }
  }
  return out;
}

absl::StatusOr<StudentVisibility> VisibleStudents(const auth::Principal& who) {
  StudentVisibility v;
  v.all = who.IsAdmin();
  for (const std::string& scope : who.ScopesWithRole(auth::kCoordinator)) {
    if (absl::StartsWith(scope, "partnerships/")) {
      v.partnership_ids.push_back(scope.substr(sizeof("partnerships/") - 1));
    }
  }
  v.institute_ids = OrganisationsWithRole(who, auth::kInstituteEducator);
  v.school_ids = OrganisationsWithRole(who, auth::kSchoolEducator);
  for (std::string& id : OrganisationsWithRole(who, auth::kMentor)) {
    v.school_ids.push_back(std::move(id));
  }
  if (who.HasRole(auth::kStudent)) {
    v.person_id = who.subject;
  }
  if (v.empty()) {
    return absl::PermissionDeniedError(
        "listing students needs the student, institute_educator, "
        "school_educator, mentor, coordinator or admin role");
  }
  return v;
}

}  // namespace samen::partners

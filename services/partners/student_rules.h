#pragma once

// Pure decisions about students (students/{student}): the name, a valid
// record, the fields an update may name, and who may manage and read students.
// No I/O: unit-tested in tests/unit/partners/student_rules_test.cc.
//
// Managing (create, change, delete): administrators, coordinators of the
// student's partnership and institute educators of the student's institute.
// Reading: those, the student themself (the token's subject is the person),
// and school educators and mentors of a school the student is or was placed
// at. HR never sees students.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "samen/partners/v1/placements.pb.h"
#include "services/common/auth/auth.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

// "students/{student}" -> id; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseStudentName(absl::string_view name,
                                             absl::string_view field);
std::string StudentName(absl::string_view id);

// "2025-2026": two consecutive years.
bool IsSchoolYear(absl::string_view year);

// person, partnership, institute well-formed names; category given;
// programme_year 1 to 6; at most 10 subjects of 1 to 100 characters;
// start_date a valid "YYYY-MM-DD"; home: postcode_area of four digits,
// coordinates in range; placement history: school years well-formed and
// distinct, schools well-formed names. `prefix` is the request field
// ("student").
absl::Status ValidateStudent(const v1::Student& s, absl::string_view prefix);

// Fields an update may name.
const std::vector<std::string>& UpdatableStudentFields();

// The ids behind a student's names, for the authorization below.
struct StudentFacts {
  std::string person_id;
  std::string partnership_id;
  std::string institute_id;
  // Schools the student is or was placed at (history and rounds).
  std::vector<std::string> school_ids;
};

// Administrators, coordinators of `partnership_id`, institute educators of
// `institute_id`. PERMISSION_DENIED saying who may otherwise.
absl::Status MayManageStudent(const auth::Principal& who,
                              absl::string_view partnership_id,
                              absl::string_view institute_id);
// MayManageStudent, the student themself, or a school educator or mentor of
// one of the student's schools.
absl::Status MayReadStudent(const auth::Principal& who,
                            const StudentFacts& student);

// The role recorded when `who` reads a student's record (access records):
// with `student`, the role that allowed this read (admin, coordinator,
// institute_educator, school_educator, mentor); without (a list of many),
// the first of those `who` holds. "" when `who` is the student themself,
// whose reads are not recorded.
std::string StudentReaderRole(const auth::Principal& who,
                              const StudentFacts* student);

// Which students a listing may show: each non-empty list ORs in.
struct StudentVisibility {
  bool all = false;
  std::vector<std::string> partnership_ids;  // coordinated
  std::vector<std::string> institute_ids;    // institute educator of
  std::vector<std::string> school_ids;       // school educator or mentor at
  std::string person_id;                     // the caller's own record
  bool empty() const {
    return !all && partnership_ids.empty() && institute_ids.empty() &&
           school_ids.empty() && person_id.empty();
  }
};
// What `who` may see; PERMISSION_DENIED when they hold no role that sees any
// student (e.g. HR only).
absl::StatusOr<StudentVisibility> VisibleStudents(const auth::Principal& who);

// Green picking: whether a student of `category` holding `role` at a school
// is a sign of it. Employee roles (starter, coach, mentor, school_educator)
// are; career changers never are (employed by design).
bool SignalsGreenPicking(v1::StudentCategory category, absl::string_view role);
// The employee roles SignalsGreenPicking considers.
const std::vector<std::string>& EmployeeRoles();

// The ids of the organisations in which `who` holds `role`
// ("organisations/{id}" scopes only).
std::vector<std::string> OrganisationsWithRole(const auth::Principal& who,
                                               absl::string_view role);

}  // namespace samen::partners

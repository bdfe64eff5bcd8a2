// Pure decisions about students: valid records, and who manages and reads
// them (the student, the institute, coordinators, the schools they are placed
// at; never HR).

#include "services/partners/student_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::partners {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

auth::Principal Who(std::string subject,
                    std::vector<std::pair<std::string, std::string>> grants) {
  auth::Principal p;
  p.subject = std::move(subject);
  for (auto& [role, scope] : grants) {
    p.grants.push_back({role, scope});
  }
  return p;
}

v1::Student Valid() {
  v1::Student s;
  s.set_person("people/anna");
  s.set_partnership("partnerships/osof");
  s.set_institute("organisations/windesheim");
  s.set_category(v1::PABO);
  s.set_programme_year(1);
  s.set_start_date("2026-09-01");
  s.mutable_home()->set_postcode_area("8232");
  return s;
}

TEST(StudentRules, ValidatesEachFieldByName) {
  EXPECT_TRUE(ValidateStudent(Valid(), "student").ok());
  auto field_of = [](v1::Student s) {
    return std::string(ValidateStudent(s, "student").message());
  };
  v1::Student s = Valid();
  s.set_category(v1::STUDENT_CATEGORY_UNSPECIFIED);
  EXPECT_THAT(field_of(s), HasSubstr("student.category"));
  s = Valid();
  s.set_programme_year(0);
  EXPECT_THAT(field_of(s), HasSubstr("student.programme_year"));
  s = Valid();
  s.set_start_date("2026-02-30");
  EXPECT_THAT(field_of(s), HasSubstr("student.start_date"));
  s = Valid();
  s.mutable_home()->set_postcode_area("0123");
  EXPECT_THAT(field_of(s), HasSubstr("student.home.postcode_area"));
  s = Valid();
  s.mutable_home()->set_latitude(91);
  EXPECT_THAT(field_of(s), HasSubstr("student.home.latitude"));
  s = Valid();
  s.set_institute("windesheim");
  EXPECT_THAT(field_of(s), HasSubstr("student.institute"));
  s = Valid();
  for (int i = 0; i < 11; ++i) {
    s.add_subjects("vak");
  }
  EXPECT_THAT(field_of(s), HasSubstr("student.subjects"));
  s = Valid();
  for (int i = 0; i < 2; ++i) {
    auto* p = s.add_placement_history();
    p->set_school_year("2025-2026");
    p->set_school("organisations/svol-lyceum");
  }
  EXPECT_THAT(field_of(s),
              HasSubstr("student.placement_history[1].school_year"));
}

TEST(StudentRules, SchoolYearsAreConsecutive) {
  EXPECT_TRUE(IsSchoolYear("2026-2027"));
  EXPECT_FALSE(IsSchoolYear("2026-2028"));
  EXPECT_FALSE(IsSchoolYear("2026/2027"));
  EXPECT_FALSE(IsSchoolYear("26-27"));
}

TEST(StudentRules, ManagersAreCoordinatorsInstituteEducatorsAndAdmins) {
  EXPECT_TRUE(MayManageStudent(Who("c", {{"coordinator", "partnerships/osof"}}),
                               "osof", "windesheim")
                  .ok());
  EXPECT_TRUE(MayManageStudent(Who("e", {{"institute_educator",
                                          "organisations/windesheim"}}),
                               "osof", "windesheim")
                  .ok());
  EXPECT_TRUE(MayManageStudent(Who("a", {{"admin", ""}}), "osof", "x").ok());
  EXPECT_EQ(MayManageStudent(Who("c", {{"coordinator", "partnerships/rowf"}}),
                             "osof", "windesheim")
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(MayManageStudent(Who("h", {{"hr", "organisations/windesheim"}}),
                             "osof", "windesheim")
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(StudentRules, ReadersAreTheStudentAndTheirSchoolsButNeverHr) {
  StudentFacts f{"anna", "osof", "windesheim", {"svol-lyceum"}};
  EXPECT_TRUE(
      MayReadStudent(Who("anna", {{"student", "organisations/windesheim"}}), f)
          .ok());
  EXPECT_TRUE(
      MayReadStudent(Who("m", {{"mentor", "organisations/svol-lyceum"}}), f)
          .ok());
  EXPECT_TRUE(
      MayReadStudent(
          Who("s", {{"school_educator", "organisations/svol-lyceum"}}), f)
          .ok());
  EXPECT_FALSE(
      MayReadStudent(Who("m", {{"mentor", "organisations/svol-havo"}}), f)
          .ok());
  EXPECT_FALSE(
      MayReadStudent(Who("h", {{"hr", "organisations/svol-lyceum"}}), f).ok());
  EXPECT_FALSE(
      MayReadStudent(Who("bob", {{"student", "organisations/windesheim"}}), f)
          .ok());
}

TEST(StudentRules, AReadIsRecordedUnderTheRoleThatAllowedItNotTheStudents) {
  StudentFacts f{"anna", "osof", "windesheim", {"svol-lyceum"}};
  EXPECT_EQ(StudentReaderRole(
                Who("anna", {{"student", "organisations/windesheim"}}), &f),
            "");
  EXPECT_EQ(StudentReaderRole(Who("c", {{"mentor", "organisations/svol-lyceum"},
                                        {"coordinator", "partnerships/osof"}}),
                              &f),
            "coordinator");
  EXPECT_EQ(
      StudentReaderRole(Who("m", {{"coordinator", "partnerships/rowf"},
                                  {"mentor", "organisations/svol-lyceum"}}),
                        &f),
      "mentor");
  EXPECT_EQ(StudentReaderRole(Who("a", {{"admin", ""}}), &f), "admin");
  // A list of many: the first role held.
  EXPECT_EQ(StudentReaderRole(
                Who("e", {{"institute_educator", "organisations/windesheim"}}),
                nullptr),
            "institute_educator");
  EXPECT_EQ(
      StudentReaderRole(Who("anna", {{"student", "organisations/windesheim"}}),
                        nullptr),
      "student");
}

TEST(StudentRules, ListingVisibilityFollowsTheRoles) {
  auto hr = VisibleStudents(Who("h", {{"hr", "organisations/svol-lyceum"}}));
  EXPECT_EQ(hr.status().code(), absl::StatusCode::kPermissionDenied);
  auto mixed =
      VisibleStudents(Who("anna", {{"student", "organisations/windesheim"},
                                   {"mentor", "organisations/svol-lyceum"},
                                   {"coordinator", "partnerships/osof"}}));
  ASSERT_TRUE(mixed.ok());
  EXPECT_FALSE(mixed->all);
  EXPECT_THAT(mixed->partnership_ids, ElementsAre("osof"));
  EXPECT_THAT(mixed->school_ids, ElementsAre("svol-lyceum"));
  EXPECT_EQ(mixed->person_id, "anna");
  EXPECT_TRUE(VisibleStudents(Who("a", {{"admin", ""}}))->all);
}

TEST(StudentRules, GreenPickingIsAnEmployeeRoleOutsideCareerChangers) {
  EXPECT_TRUE(SignalsGreenPicking(v1::HBO_FULL_TIME, "starter"));
  EXPECT_TRUE(SignalsGreenPicking(v1::PABO, "mentor"));
  EXPECT_FALSE(SignalsGreenPicking(v1::CAREER_CHANGER, "starter"));
  EXPECT_FALSE(SignalsGreenPicking(v1::HBO_FULL_TIME, "student"));
  EXPECT_FALSE(SignalsGreenPicking(v1::HBO_FULL_TIME, "hr"));
}

}  // namespace
}  // namespace samen::partners

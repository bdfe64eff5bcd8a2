// Who may do what: starters, coaches, HR, school educators, coordinators and
// administrators, and above all who may read coaching notes (nobody but the
// starter and the session's coach).

#include "services/induction/access_rules.h"

#include "gtest/gtest.h"

namespace samen::induction {
namespace {

auth::Principal As(const std::string& subject,
                   std::vector<auth::Grant> grants) {
  auth::Principal p;
  p.subject = subject;
  p.grants = std::move(grants);
  return p;
}

StarterScope Noor() {
  return {"starter-noor",
          "almere-college-dronten",
          "stichting-almere-college",
          "partnerships/osof",
          {"coach-ilse"}};
}

TEST(StarterAccess, SelfAndCoachComeBeforeStaffRoles) {
  EXPECT_EQ(AccessToStarter(As("starter-noor", {}), Noor()).relation,
            Relation::kSelf);
  EXPECT_EQ(AccessToStarter(As("coach-ilse", {}), Noor()).relation,
            Relation::kCoach);
  EXPECT_EQ(
      AccessToStarter(As("coach-bram", {{"coach", "organisations/svol-havo"}}),
                      Noor())
          .relation,
      Relation::kNone);
}

TEST(StarterAccess, StaffRolesAreScopedToSchoolBoardOrPartnership) {
  auto hr = AccessToStarter(
      As("hr-almere", {{"hr", "organisations/almere-college-dronten"}}),
      Noor());
  EXPECT_EQ(hr.relation, Relation::kStaff);
  EXPECT_EQ(hr.role, "hr");
  EXPECT_EQ(
      AccessToStarter(
          As("hr-board", {{"hr", "organisations/stichting-almere-college"}}),
          Noor())
          .role,
      "hr");
  EXPECT_EQ(AccessToStarter(As("hr-svol", {{"hr", "organisations/svol-havo"}}),
                            Noor())
                .relation,
            Relation::kNone);
  EXPECT_EQ(AccessToStarter(As("coord", {{"coordinator", "partnerships/osof"}}),
                            Noor())
                .role,
            "coordinator");
  EXPECT_EQ(AccessToStarter(As("coord", {{"coordinator", "partnerships/rowf"}}),
                            Noor())
                .relation,
            Relation::kNone);
  EXPECT_EQ(AccessToStarter(As("admin", {{"admin", ""}}), Noor()).role,
            "admin");
  // A school educator of the school; a board-level school educator is not
  // enough.
  EXPECT_TRUE(
      MayManageStarter(As("se", {{"school_educator",
                                  "organisations/almere-college-dronten"}}),
                       Noor())
          .ok());
  EXPECT_FALSE(
      MayManageStarter(As("se", {{"school_educator",
                                  "organisations/stichting-almere-college"}}),
                       Noor())
          .ok());
  EXPECT_FALSE(MayManageStarter(As("starter-noor", {}), Noor()).ok());
  EXPECT_FALSE(MayManageStarter(As("coach-ilse", {}), Noor()).ok());
}

TEST(NotesAccess, OnlyTheStarterAndTheSessionsCoach) {
  EXPECT_TRUE(
      MayAccessNotes(As("starter-noor", {}), "starter-noor", "coach-ilse")
          .ok());
  EXPECT_TRUE(
      MayAccessNotes(As("coach-ilse", {}), "starter-noor", "coach-ilse").ok());
  for (const auto& who :
       {As("hr-almere", {{"hr", "organisations/almere-college-dronten"}}),
        As("coord-osof", {{"coordinator", "partnerships/osof"}}),
        As("demo-admin", {{"admin", ""}}),
        As("starter-daan", {{"starter", "organisations/svol-havo"}}),
        As("coach-bram", {{"coach", "organisations/almere-college-dronten"}}),
        As("", {})}) {
    absl::Status s = MayAccessNotes(who, "starter-noor", "coach-ilse");
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << who.subject;
  }
}

TEST(ProgrammeAccess, OwnersManage) {
  EXPECT_TRUE(
      MayManageProgramme(As("c", {{"coordinator", "partnerships/osof"}}),
                         "partnerships/osof")
          .ok());
  EXPECT_FALSE(
      MayManageProgramme(As("c", {{"coordinator", "partnerships/osof"}}),
                         "organisations/svol-havo")
          .ok());
  EXPECT_TRUE(MayManageProgramme(
                  As("s", {{"school_educator", "organisations/svol-havo"}}),
                  "organisations/svol-havo")
                  .ok());
  EXPECT_TRUE(MayManageProgramme(As("h", {{"hr", "organisations/svol-havo"}}),
                                 "organisations/svol-havo")
                  .ok());
  EXPECT_FALSE(MayManageProgramme(
                   As("s", {{"school_educator", "organisations/svol-havo"}}),
                   "partnerships/osof")
                   .ok());
}

TEST(HrScope, DashMeansEveryHrScopeAndOthersMustBeHeld) {
  auto hr = As("hr-svol", {{"hr", "organisations/svol-havo"},
                           {"hr", "organisations/svol"},
                           {"coach", "organisations/svol-lyceum"}});
  auto all = HrScopeFor(hr, "-");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->organisation_ids,
            (std::vector<std::string>{"svol-havo", "svol"}));
  EXPECT_TRUE(HrScopeFor(hr, "svol").ok());
  EXPECT_EQ(HrScopeFor(hr, "svol-lyceum").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_FALSE(HrScopeFor(As("starter-noor", {}), "-").ok());
  EXPECT_TRUE(HrScopeFor(As("a", {{"admin", ""}}), "-")->all);
}

}  // namespace
}  // namespace samen::induction

#include "services/partners/role_grant_rules.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace samen::partners {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

auth::Principal Who(std::vector<auth::Grant> grants,
                    std::string subject = "someone") {
  auth::Principal p;
  p.subject = std::move(subject);
  p.grants = std::move(grants);
  return p;
}

const auth::Principal kAdmin = Who({{"admin", ""}}, "demo-admin");
const auth::Principal kCoordinator =
    Who({{"coordinator", "partnerships/osof"},
         {"school_educator", "organisations/svol-lyceum"}},
        "coord-osof");

std::string ViolatedField(const absl::Status& s) {
  auto payload = s.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  if (!payload.has_value()) {
    return "";
  }
  google::rpc::BadRequest br;
  br.ParseFromString(std::string(*payload));
  return br.field_violations_size() > 0 ? br.field_violations(0).field() : "";
}

v1::RoleGrant Grant(std::string role, std::string scope,
                    std::string start = "2026-08-01", std::string end = "") {
  v1::RoleGrant g;
  g.set_role(std::move(role));
  g.set_scope(std::move(scope));
  g.set_start_date(std::move(start));
  g.set_end_date(std::move(end));
  return g;
}

// ---- Names ------------------------------------------------------------------

TEST(RoleGrantNames, ParsesNamesAndTheWildcardParent) {
  auto n = ParseRoleGrantName("people/coord-osof/roleGrants/g1a", "name");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->person_id, "coord-osof");
  EXPECT_EQ(n->role_grant_id, "g1a");
  EXPECT_FALSE(ParseRoleGrantName("people/x/grants/g1a", "name").ok());
  EXPECT_FALSE(ParseRoleGrantName("people/x/roleGrants/G!", "name").ok());
  EXPECT_EQ(*ParseRoleGrantParent("people/-", "parent"), "-");
  EXPECT_EQ(*ParseRoleGrantParent("people/hr-almere", "parent"), "hr-almere");
  EXPECT_EQ(ViolatedField(
                ParseRoleGrantParent("partnerships/osof", "parent").status()),
            "parent");
  EXPECT_EQ(RoleGrantResourceName("p", "g1"), "people/p/roleGrants/g1");
}

// ---- Validation -------------------------------------------------------------

TEST(RoleGrantValidation, EachRoleTakesItsKindOfScope) {
  struct Case {
    const char* role;
    ScopeKind kind;
  };
  for (const Case& c :
       std::vector<Case>{{"admin", ScopeKind::kNone},
                         {"service", ScopeKind::kNone},
                         {"integration", ScopeKind::kNone},
                         {"coordinator", ScopeKind::kPartnership},
                         {"hr", ScopeKind::kOrganisation},
                         {"starter", ScopeKind::kOrganisation},
                         {"coach", ScopeKind::kOrganisation},
                         {"mentor", ScopeKind::kOrganisation},
                         {"student", ScopeKind::kOrganisation},
                         {"school_educator", ScopeKind::kOrganisation},
                         {"institute_educator", ScopeKind::kOrganisation}}) {
    auto kind = ScopeKindOf(c.role, "role_grant.role");
    ASSERT_TRUE(kind.ok()) << c.role;
    EXPECT_EQ(*kind, c.kind) << c.role;
  }
}

TEST(RoleGrantValidation, UnknownOrMissingRoleNamesTheField) {
  for (const char* role : {"", "Admin", "superuser", "teacher", "hr "}) {
    absl::Status s = ValidateRoleGrant(Grant(role, ""), "role_grant");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << role;
    EXPECT_EQ(ViolatedField(s), "role_grant.role") << role;
  }
  EXPECT_THAT(
      std::string(
          ValidateRoleGrant(Grant("teacher", ""), "role_grant").message()),
      HasSubstr("\"teacher\" is not a role"));
}

TEST(RoleGrantValidation, ValidGrantsOfEveryRole) {
  for (const auto& g :
       {Grant("admin", ""), Grant("service", ""), Grant("integration", ""),
        Grant("coordinator", "partnerships/osof"),
        Grant("hr", "organisations/almere-college-dronten"),
        Grant("hr", "organisations/stichting-almere-college"),
        Grant("school_educator", "organisations/svol-lyceum"),
        Grant("starter", "organisations/svol-havo", "2026-08-01",
              "2026-08-01")}) {
    EXPECT_TRUE(ValidateRoleGrant(g, "role_grant").ok())
        << g.role() << " " << g.scope();
  }
}

TEST(RoleGrantValidation, WrongScopeKindIsRefusedNamingScope) {
  const std::vector<std::pair<v1::RoleGrant, std::string>> cases = {
      {Grant("admin", "partnerships/osof"), "must be empty"},
      {Grant("service", "organisations/svol-havo"), "must be empty"},
      {Grant("integration", "organisations/svol-havo"), "must be empty"},
      {Grant("coordinator", ""), "partnerships/{partnership}"},
      {Grant("coordinator", "organisations/svol-havo"),
       "partnerships/{partnership}"},
      {Grant("hr", ""), "organisations/{organisation}"},
      {Grant("hr", "partnerships/osof"), "organisations/{organisation}"},
      {Grant("starter", "people/x"), "organisations/{organisation}"},
      {Grant("coach", "organisations/"), ""},
      {Grant("coach", "organisations/Bad_Id"), ""},
      {Grant("coordinator", "partnerships/osof/memberships/x"), ""},
  };
  for (const auto& [g, text] : cases) {
    absl::Status s = ValidateRoleGrant(g, "role_grant");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument)
        << g.role() << " " << g.scope();
    EXPECT_EQ(ViolatedField(s), "role_grant.scope") << g.role() << g.scope();
    EXPECT_THAT(std::string(s.message()), HasSubstr(text));
  }
}

TEST(RoleGrantValidation, DatesMustExistAndEndNotBeforeStart) {
  const std::vector<std::pair<v1::RoleGrant, std::string>> cases = {
      {Grant("admin", "", ""), "role_grant.start_date"},
      {Grant("admin", "", "2026-13-01"), "role_grant.start_date"},
      {Grant("admin", "", "2026-02-30"), "role_grant.start_date"},
      {Grant("admin", "", "1-1-2026"), "role_grant.start_date"},
      {Grant("admin", "", "2026-08-01", "2026-7-31"), "role_grant.end_date"},
      {Grant("admin", "", "2026-08-01", "2026-07-31"), "role_grant.end_date"},
  };
  for (const auto& [g, field] : cases) {
    absl::Status s = ValidateRoleGrant(g, "role_grant");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << g.start_date();
    EXPECT_EQ(ViolatedField(s), field) << g.start_date() << " " << g.end_date();
  }
}

TEST(RoleGrantValidation, OnlyDatesAreUpdatable) {
  EXPECT_THAT(UpdatableRoleGrantFields(),
              ElementsAre("start_date", "end_date"));
}

// ---- Time -------------------------------------------------------------------

TEST(RoleGrantTime, TodayIsTheDayInAmsterdam) {
  // 23:30 UTC on 31 December is already New Year in Amsterdam (UTC+1).
  EXPECT_EQ(
      TodayInAmsterdam(absl::FromCivil(
          absl::CivilSecond(2026, 12, 31, 23, 30, 0), absl::UTCTimeZone())),
      absl::CivilDay(2027, 1, 1));
  // 22:30 UTC in summer is already the next day (UTC+2), 21:30 is not.
  EXPECT_EQ(
      TodayInAmsterdam(absl::FromCivil(
          absl::CivilSecond(2026, 7, 14, 22, 30, 0), absl::UTCTimeZone())),
      absl::CivilDay(2026, 7, 15));
  EXPECT_EQ(
      TodayInAmsterdam(absl::FromCivil(
          absl::CivilSecond(2026, 7, 14, 21, 30, 0), absl::UTCTimeZone())),
      absl::CivilDay(2026, 7, 14));
}

TEST(RoleGrantTime, ActiveFromStartThroughEndInclusive) {
  const v1::RoleGrant dated =
      Grant("hr", "organisations/x", "2026-08-01", "2026-12-31");
  EXPECT_FALSE(IsActiveOn(dated, "2026-07-31"));
  EXPECT_TRUE(IsActiveOn(dated, "2026-08-01"));
  EXPECT_TRUE(IsActiveOn(dated, "2026-12-31"));
  EXPECT_FALSE(IsActiveOn(dated, "2027-01-01"));
  const v1::RoleGrant open = Grant("hr", "organisations/x", "2026-08-01");
  EXPECT_FALSE(IsActiveOn(open, "2026-07-31"));
  EXPECT_TRUE(IsActiveOn(open, "2199-12-31"));
}

TEST(RoleGrantTime, PeriodsOverlapWhenTheyShareADay) {
  EXPECT_TRUE(PeriodsOverlap("2026-01-01", "2026-06-30", "2026-06-30", ""));
  EXPECT_FALSE(PeriodsOverlap("2026-01-01", "2026-06-29", "2026-06-30", ""));
  EXPECT_FALSE(PeriodsOverlap("2026-06-30", "", "2026-01-01", "2026-06-29"));
  EXPECT_TRUE(PeriodsOverlap("2026-01-01", "", "2030-01-01", ""));
  EXPECT_TRUE(
      PeriodsOverlap("2026-03-01", "2026-03-31", "2026-01-01", "2026-12-31"));
  EXPECT_TRUE(
      PeriodsOverlap("2026-03-01", "2026-03-01", "2026-03-01", "2026-03-01"));
  EXPECT_FALSE(
      PeriodsOverlap("2026-03-02", "2026-03-02", "2026-03-01", "2026-03-01"));
}

// ---- Changing grants --------------------------------------------------------

TEST(RoleGrantAuthorization, AdministratorsGrantEverything) {
  for (const char* role : {"admin", "service", "integration", "coordinator",
                           "hr", "starter", "unknown"}) {
    EXPECT_TRUE(MayGrantRole(kAdmin, role).ok()) << role;
    EXPECT_TRUE(
        MayChangeRoleGrant(kAdmin, role, "organisations/anywhere", {}).ok());
  }
}

TEST(RoleGrantAuthorization, OnlyAdministratorsGrantAdminIntegrationService) {
  for (const char* role : {"admin", "integration", "service"}) {
    absl::Status s = MayGrantRole(kCoordinator, role);
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << role;
    EXPECT_THAT(std::string(s.message()), HasSubstr("only administrators"));
    EXPECT_EQ(MayChangeRoleGrant(kCoordinator, role, "", {}).code(),
              absl::StatusCode::kPermissionDenied);
    // Not even a service principal grants the service role.
    EXPECT_EQ(MayGrantRole(Who({{"service", ""}}), role).code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(RoleGrantAuthorization, CoordinatorsWithinTheirPartnershipOnly) {
  const ScopeFacts member_of_osof{{"osof"}};
  const ScopeFacts member_elsewhere{{"opleidingshuis"}};
  const ScopeFacts member_of_both{{"opleidingshuis", "osof"}};
  for (const char* role :
       {"coordinator", "hr", "starter", "coach", "mentor", "student",
        "school_educator", "institute_educator"}) {
    EXPECT_TRUE(MayGrantRole(kCoordinator, role).ok()) << role;
    EXPECT_TRUE(
        MayChangeRoleGrant(kCoordinator, role, "partnerships/osof", {}).ok());
    EXPECT_TRUE(MayChangeRoleGrant(kCoordinator, role,
                                   "organisations/svol-havo", member_of_osof)
                    .ok());
    EXPECT_TRUE(MayChangeRoleGrant(kCoordinator, role,
                                   "organisations/mbo-college-lelystad",
                                   member_of_both)
                    .ok());
    EXPECT_EQ(MayChangeRoleGrant(kCoordinator, role,
                                 "partnerships/opleidingshuis", {})
                  .code(),
              absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(MayChangeRoleGrant(kCoordinator, role, "organisations/hu",
                                 member_elsewhere)
                  .code(),
              absl::StatusCode::kPermissionDenied);
    // Not (or no longer) a member of any partnership.
    EXPECT_EQ(
        MayChangeRoleGrant(kCoordinator, role, "organisations/svol-havo", {})
            .code(),
        absl::StatusCode::kPermissionDenied);
  }
}

TEST(RoleGrantAuthorization, NobodyElseChangesGrants) {
  const ScopeFacts member_of_osof{{"osof"}};
  for (const auto& who : {Who({}), Who({{"hr", "organisations/svol-havo"}}),
                          Who({{"school_educator", "organisations/svol-havo"}}),
                          Who({{"coordinator", "organisations/svol-havo"}}),
                          Who({{"admin", "partnerships/osof"}}),
                          Who({{"service", ""}}), Who({{"integration", ""}})}) {
    EXPECT_EQ(MayGrantRole(who, "starter").code(),
              absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(MayChangeRoleGrant(who, "starter", "organisations/svol-havo",
                                 member_of_osof)
                  .code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(RoleGrantAuthorization,
     ManagedScopesNeedACoordinatorGrantOfThePartnership) {
  EXPECT_THAT(CoordinatedPartnerships(Who({{"coordinator", "partnerships/b"},
                                           {"coordinator", "partnerships/a"},
                                           {"coordinator", "organisations/c"},
                                           {"hr", "partnerships/d"}})),
              ElementsAre("a", "b"));
  EXPECT_TRUE(ManagesScope(kCoordinator, "partnerships/osof", {}));
  EXPECT_FALSE(ManagesScope(kCoordinator, "partnerships/osofx", {}));
  EXPECT_FALSE(ManagesScope(kCoordinator, "", {{"osof"}}));
  EXPECT_FALSE(ManagesScope(kCoordinator, "people/x", {{"osof"}}));
}

// ---- Reading grants ---------------------------------------------------------

TEST(RoleGrantReading, OwnGrantsAndAdministratorsSeeAll) {
  auto own = ReadableGrants(Who({{"starter", "organisations/x"}}, "noor"),
                            "noor", "", {});
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->all);
  auto admin = ReadableGrants(kAdmin, "-", "", {});
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE(admin->all);
  EXPECT_TRUE(MayShow(*admin, "organisations/anything"));
}

TEST(RoleGrantReading, TheServiceRoleReadsEveryGrantInAnyScope) {
  // The notification workers find HR of a school with their service token.
  const auto service = Who({{"service", ""}}, "samen-notifications");
  for (const char* scope :
       {"", "organisations/almere-college-dronten", "partnerships/osof"}) {
    auto read = ReadableGrants(service, "-", scope, {});
    ASSERT_TRUE(read.ok()) << scope;
    EXPECT_TRUE(read->all);
    EXPECT_TRUE(MayShow(*read, "organisations/anything"));
  }
  EXPECT_TRUE(ReadableGrants(service, "starter-noor", "", {}).ok());
  // Reading is all it gains: it still changes no grant.
  EXPECT_EQ(MayGrantRole(service, "hr").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(RoleGrantReading, CoordinatorsSeeTheScopesTheyManage) {
  const std::vector<std::string> managed = {"organisations/svol-havo",
                                            "partnerships/osof"};
  auto all = ReadableGrants(kCoordinator, "-", "", managed);
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(all->all);
  EXPECT_EQ(all->scopes, managed);
  EXPECT_TRUE(MayShow(*all, "organisations/svol-havo"));
  EXPECT_FALSE(MayShow(*all, "organisations/hu"));
  EXPECT_FALSE(MayShow(*all, ""));

  auto one = ReadableGrants(kCoordinator, "-", "partnerships/osof", managed);
  ASSERT_TRUE(one.ok());
  EXPECT_THAT(one->scopes, ElementsAre("partnerships/osof"));

  EXPECT_EQ(ReadableGrants(kCoordinator, "-", "organisations/hu", managed)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(RoleGrantReading, OthersSeeNothingOfOthers) {
  for (const auto& who :
       {Who({}, "noor"), Who({{"hr", "organisations/x"}}),
        Who({{"service", "organisations/x"}}), Who({{"integration", ""}})}) {
    EXPECT_EQ(ReadableGrants(who, "someone-else", "", {}).status().code(),
              absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(ReadableGrants(who, "-", "organisations/x", {}).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
  // A subject-less principal is nobody's self.
  EXPECT_FALSE(ReadableGrants(Who({}, ""), "", "", {}).ok());
}

// ---- Sign-in ----------------------------------------------------------------

TEST(SignInLookUp, OnlyTheServiceRoleAndAdministrators) {
  EXPECT_TRUE(MayLookUpSignInProfile(kAdmin).ok());
  EXPECT_TRUE(MayLookUpSignInProfile(Who({{"service", ""}})).ok());
  for (const auto& who :
       {Who({}), kCoordinator, Who({{"service", "partnerships/osof"}}),
        Who({{"integration", ""}}), Who({{"admin", "organisations/x"}})}) {
    EXPECT_EQ(MayLookUpSignInProfile(who).code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(SignInLookUp, EmailMustBeAnAddress) {
  EXPECT_TRUE(
      ValidateLookUpEmail("Noor.Jansen@AlmereCollege.example", "email").ok());
  for (const char* bad :
       {"", "noor", "@x", "noor@", "a@b@c", "a b@c", "noor@x\n"}) {
    absl::Status s = ValidateLookUpEmail(bad, "email");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ViolatedField(s), "email") << bad;
  }
}

}  // namespace
}  // namespace samen::partners

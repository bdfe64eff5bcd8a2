// Role grants as a black box: samen-server over the test MariaDB with the demo
// data, driven over real gRPC. Who may grant what where, the history with its
// actors, the sign-in lookup, and that refused requests change nothing.

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/partners/partners_grpc_fixture.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class RoleGrantsTest : public PartnersGrpcTest {
 protected:
  static std::string CoordOsof() {
    return testing::MintTestToken(
        "coord-osof",
        "coordinator@partnerships/osof,school_educator@organisations/"
        "svol-lyceum");
  }
  static std::string Service() {
    return testing::MintTestToken("samen-identity", "service");
  }

  static grpc::Status Create(const std::string& token,
                             const std::string& person, const std::string& role,
                             const std::string& scope, const std::string& start,
                             const std::string& end, v1::RoleGrant* out,
                             const std::string& id = "") {
    v1::CreateRoleGrantRequest req;
    req.set_parent("people/" + person);
    req.set_role_grant_id(id);
    req.mutable_role_grant()->set_role(role);
    req.mutable_role_grant()->set_scope(scope);
    req.mutable_role_grant()->set_start_date(start);
    req.mutable_role_grant()->set_end_date(end);
    return stub_->CreateRoleGrant(As(token).get(), req, out);
  }

  // The names of a person's grants, as an administrator lists them.
  static std::vector<std::string> GrantsOf(const std::string& person) {
    v1::ListRoleGrantsRequest req;
    req.set_parent("people/" + person);
    req.set_page_size(100);
    v1::ListRoleGrantsResponse resp;
    grpc::Status s = stub_->ListRoleGrants(As(Admin()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> names;
    for (const auto& g : resp.role_grants()) {
      names.push_back(g.name());
    }
    return names;
  }

  static std::vector<v1::RoleGrantChange> ChangesOf(const std::string& person) {
    v1::ListRoleGrantChangesRequest req;
    req.set_parent("people/" + person);
    req.set_page_size(100);
    v1::ListRoleGrantChangesResponse resp;
    grpc::Status s = stub_->ListRoleGrantChanges(As(Admin()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.role_grant_changes().begin(), resp.role_grant_changes().end()};
  }
};

TEST_F(RoleGrantsTest, AdminCreatesGetsListsUpdatesAndDeletesAGrant) {
  v1::RoleGrant g;
  grpc::Status s = Create(Admin(), "starter-daan", "mentor",
                          "organisations/svol-havo", "2026-01-01", "", &g);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(g.name(), HasSubstr("people/starter-daan/roleGrants/g"));
  EXPECT_EQ(g.role(), "mentor");
  EXPECT_EQ(g.scope(), "organisations/svol-havo");
  EXPECT_EQ(g.start_date(), "2026-01-01");
  EXPECT_EQ(g.end_date(), "");
  EXPECT_EQ(g.granted_by(), "demo-admin");
  EXPECT_FALSE(g.etag().empty());
  EXPECT_THAT(GrantsOf("starter-daan"), Contains(g.name()));

  v1::GetRoleGrantRequest get;
  get.set_name(g.name());
  v1::RoleGrant got;
  ASSERT_TRUE(stub_->GetRoleGrant(As(Admin()).get(), get, &got).ok());
  EXPECT_EQ(got.etag(), g.etag());

  v1::UpdateRoleGrantRequest upd;
  upd.mutable_role_grant()->set_name(g.name());
  upd.mutable_role_grant()->set_end_date("2026-07-31");
  upd.mutable_role_grant()->set_etag(g.etag());
  v1::RoleGrant updated;
  s = stub_->UpdateRoleGrant(As(Admin()).get(), upd, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.end_date(), "2026-07-31");
  EXPECT_NE(updated.etag(), g.etag());
  // The old etag is stale now; role and scope cannot change.
  EXPECT_EQ(
      stub_->UpdateRoleGrant(As(Admin()).get(), upd, &updated).error_code(),
      grpc::StatusCode::ABORTED);
  upd.mutable_role_grant()->clear_etag();
  upd.mutable_update_mask()->add_paths("role");
  s = stub_->UpdateRoleGrant(As(Admin()).get(), upd, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("update_mask"));

  v1::DeleteRoleGrantRequest del;
  del.set_name(g.name());
  del.set_etag(g.etag());
  google::protobuf::Empty empty;
  EXPECT_EQ(stub_->DeleteRoleGrant(As(Admin()).get(), del, &empty).error_code(),
            grpc::StatusCode::ABORTED);
  del.set_etag(updated.etag());
  ASSERT_TRUE(stub_->DeleteRoleGrant(As(Admin()).get(), del, &empty).ok());
  EXPECT_EQ(stub_->GetRoleGrant(As(Admin()).get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(GrantsOf("starter-daan"), Not(Contains(g.name())));
}

TEST_F(RoleGrantsTest, CoordinatorGrantsWithinTheirPartnershipOnly) {
  v1::RoleGrant g;
  // Svol Havo is a member of OSOF, so is Almere College Dronten.
  grpc::Status s = Create(CoordOsof(), "coach-bram", "mentor",
                          "organisations/svol-havo", "", "", &g, "mentor-havo");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(g.name(), "people/coach-bram/roleGrants/mentor-havo");
  EXPECT_EQ(g.granted_by(), "coord-osof");
  EXPECT_FALSE(g.start_date().empty());  // today
  s = Create(CoordOsof(), "coach-bram", "coordinator", "partnerships/osof",
             "2026-01-01", "", &g);
  ASSERT_TRUE(s.ok()) << s.error_message();

  const std::vector<std::string> before = GrantsOf("coach-bram");
  const size_t history = ChangesOf("coach-bram").size();
  struct Refused {
    std::string role;
    std::string scope;
  };
  for (const Refused& r : std::vector<Refused>{
           {"hr", "organisations/academie-tien"},  // Opleidingshuis
           {"coordinator", "partnerships/opleidingshuis"},
           {"admin", ""},
           {"service", ""},
           {"integration", ""}}) {
    s = Create(CoordOsof(), "coach-bram", r.role, r.scope, "2026-01-01", "",
               &g);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << r.role << " " << r.scope << ": " << s.error_message();
  }
  // Nor may anyone else grant, even within their own school.
  s = Create(testing::MintTestToken("hr-almere",
                                    "hr@organisations/almere-college-dronten"),
             "starter-noor", "mentor", "organisations/almere-college-dronten",
             "2026-01-01", "", &g);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // A grant outside the partnership cannot be changed by its coordinator.
  v1::DeleteRoleGrantRequest del;
  del.set_name("people/mentor-anouk/roleGrants/mentor-academie-tien");
  google::protobuf::Empty empty;
  EXPECT_EQ(
      stub_->DeleteRoleGrant(As(CoordOsof()).get(), del, &empty).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GrantsOf("coach-bram"), before);
  EXPECT_EQ(ChangesOf("coach-bram").size(), history);
  EXPECT_THAT(GrantsOf("mentor-anouk"),
              Contains("people/mentor-anouk/roleGrants/mentor-academie-tien"));
}

TEST_F(RoleGrantsTest, HistoryRecordsEveryChangeWithItsActorNewestFirst) {
  v1::RoleGrant g;
  ASSERT_TRUE(Create(CoordOsof(), "student-jesse", "mentor",
                     "organisations/svol-lyceum", "2026-02-01", "", &g,
                     "mentor-lyceum")
                  .ok());
  v1::UpdateRoleGrantRequest upd;
  upd.mutable_role_grant()->set_name(g.name());
  upd.mutable_role_grant()->set_end_date("2026-06-30");
  v1::RoleGrant updated;
  ASSERT_TRUE(stub_->UpdateRoleGrant(As(Admin()).get(), upd, &updated).ok());
  v1::DeleteRoleGrantRequest del;
  del.set_name(g.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeleteRoleGrant(As(CoordOsof()).get(), del, &empty).ok());

  const std::vector<v1::RoleGrantChange> changes = ChangesOf("student-jesse");
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].action(), v1::RoleGrantChange::DELETE);
  EXPECT_EQ(changes[0].actor(), "coord-osof");
  EXPECT_EQ(changes[0].start_date_before(), "2026-02-01");
  EXPECT_EQ(changes[0].end_date_before(), "2026-06-30");
  EXPECT_EQ(changes[0].start_date_after(), "");
  EXPECT_EQ(changes[1].action(), v1::RoleGrantChange::UPDATE);
  EXPECT_EQ(changes[1].actor(), "demo-admin");
  EXPECT_EQ(changes[1].end_date_before(), "");
  EXPECT_EQ(changes[1].end_date_after(), "2026-06-30");
  EXPECT_EQ(changes[2].action(), v1::RoleGrantChange::CREATE);
  EXPECT_EQ(changes[2].actor(), "coord-osof");
  EXPECT_EQ(changes[2].start_date_after(), "2026-02-01");
  for (const auto& ch : changes) {
    EXPECT_EQ(ch.role_grant(), g.name());
    EXPECT_EQ(ch.role(), "mentor");
    EXPECT_EQ(ch.scope(), "organisations/svol-lyceum");
    EXPECT_TRUE(ch.has_change_time());
  }

  // Page by page, newest first.
  v1::ListRoleGrantChangesRequest req;
  req.set_parent("people/student-jesse");
  req.set_page_size(2);
  v1::ListRoleGrantChangesResponse page;
  // The person reads their own history; the coordinator too (their scope).
  ASSERT_TRUE(
      stub_
          ->ListRoleGrantChanges(
              As(testing::MintTestToken("student-jesse",
                                        "student@organisations/svol-lyceum"))
                  .get(),
              req, &page)
          .ok());
  ASSERT_EQ(page.role_grant_changes_size(), 2);
  EXPECT_EQ(page.role_grant_changes(0).action(), v1::RoleGrantChange::DELETE);
  req.set_page_token(page.next_page_token());
  ASSERT_TRUE(
      stub_->ListRoleGrantChanges(As(CoordOsof()).get(), req, &page).ok());
  ASSERT_EQ(page.role_grant_changes_size(), 1);
  EXPECT_EQ(page.role_grant_changes(0).action(), v1::RoleGrantChange::CREATE);
  EXPECT_TRUE(page.next_page_token().empty());
  // Someone else's history is not for other people.
  req.clear_page_token();
  EXPECT_EQ(stub_
                ->ListRoleGrantChanges(
                    As(testing::MintTestToken(
                           "starter-noor",
                           "starter@organisations/almere-college-dronten"))
                        .get(),
                    req, &page)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RoleGrantsTest, SignInProfileHasOnlyTheGrantsActiveToday) {
  v1::RoleGrant future;
  ASSERT_TRUE(Create(Admin(), "starter-daan", "coach",
                     "organisations/svol-havo", "2199-01-01", "", &future)
                  .ok());
  v1::LookUpSignInProfileRequest req;
  req.set_email("Daan.Visser@SVOL.example");  // case-insensitive
  v1::SignInProfile profile;
  grpc::Status s =
      stub_->LookUpSignInProfile(As(Service()).get(), req, &profile);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(profile.person(), "people/starter-daan");
  EXPECT_EQ(profile.display_name(), "Daan Visser (demo)");
  EXPECT_EQ(profile.email(), "daan.visser@svol.example");
  // The student grant ended in 2025, the coach grant starts in 2199.
  std::vector<std::string> active;
  for (const auto& g : profile.active_grants()) {
    active.push_back(g.role() + "@" + g.scope());
  }
  EXPECT_THAT(active, ElementsAre("starter@organisations/svol-havo"));

  req.set_person("people/coord-osof");
  ASSERT_TRUE(
      stub_->LookUpSignInProfile(As(Admin()).get(), req, &profile).ok());
  EXPECT_EQ(profile.email(), "femke.devries@osof.example");
  active.clear();
  for (const auto& g : profile.active_grants()) {
    active.push_back(g.role() + "@" + g.scope());
  }
  EXPECT_THAT(active, ElementsAre("coordinator@partnerships/osof",
                                  "school_educator@organisations/svol-lyceum"));
}

TEST_F(RoleGrantsTest, SignInLookUpRefusesUnknownAmbiguousAndOtherCallers) {
  v1::LookUpSignInProfileRequest req;
  v1::SignInProfile profile;
  req.set_email("nobody@nowhere.example");
  grpc::Status s =
      stub_->LookUpSignInProfile(As(Service()).get(), req, &profile);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  req.set_person("people/nobody");
  EXPECT_EQ(stub_->LookUpSignInProfile(As(Service()).get(), req, &profile)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  req.clear_key();
  s = stub_->LookUpSignInProfile(As(Service()).get(), req, &profile);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_email("not an address");
  s = stub_->LookUpSignInProfile(As(Service()).get(), req, &profile);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("email"));

  // Two people with one address (in different case): not one person.
  for (const char* id : {"twin-a", "twin-b"}) {
    v1::CreatePersonRequest create;
    create.set_person_id(id);
    create.mutable_person()->set_display_name(id);
    create.mutable_person()->set_email(std::string(id) == "twin-a"
                                           ? "twin@svol.example"
                                           : "Twin@SVOL.example");
    auto* a = create.mutable_person()->add_affiliations();
    a->set_organisation("organisations/svol-havo");
    a->add_roles(v1::STARTER);
    v1::Person p;
    ASSERT_TRUE(stub_->CreatePerson(As(Admin()).get(), create, &p).ok());
  }
  req.set_email("twin@svol.example");
  s = stub_->LookUpSignInProfile(As(Service()).get(), req, &profile);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("ambiguous"));

  req.set_person("people/starter-noor");
  for (const std::string& token :
       {CoordOsof(),
        testing::MintTestToken("starter-noor",
                               "starter@organisations/"
                               "almere-college-dronten"),
        testing::MintTestToken("samen-x", "service@partnerships/osof"),
        testing::MintTestToken("site", "integration")}) {
    EXPECT_EQ(
        stub_->LookUpSignInProfile(As(token).get(), req, &profile).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_F(RoleGrantsTest, BadInputNamesTheFieldAndChangesNothing) {
  const std::vector<std::string> before = GrantsOf("hr-almere");
  const size_t history = ChangesOf("hr-almere").size();
  struct Bad {
    std::string role, scope, start, end;
    grpc::StatusCode code;
    std::string text;
  };
  const std::string almere = "organisations/almere-college-dronten";
  for (const Bad& b :
       std::vector<Bad>{{"teacher", almere, "2026-01-01", "",
                         grpc::INVALID_ARGUMENT, "role_grant.role"},
                        {"admin", almere, "2026-01-01", "",
                         grpc::INVALID_ARGUMENT, "role_grant.scope"},
                        {"coordinator", almere, "2026-01-01", "",
                         grpc::INVALID_ARGUMENT, "role_grant.scope"},
                        {"hr", "partnerships/osof", "2026-01-01", "",
                         grpc::INVALID_ARGUMENT, "role_grant.scope"},
                        {"hr", "organisations/no-such-school", "2026-01-01", "",
                         grpc::INVALID_ARGUMENT, "does not exist"},
                        {"coordinator", "partnerships/no-such", "2026-01-01",
                         "", grpc::INVALID_ARGUMENT, "does not exist"},
                        {"hr", almere, "2026-02-30", "", grpc::INVALID_ARGUMENT,
                         "role_grant.start_date"},
                        {"hr", almere, "2026-03-01", "2026-02-28",
                         grpc::INVALID_ARGUMENT, "role_grant.end_date"},
                        // The demo grant holds from 2025-08-01 on: an overlap.
                        {"hr", almere, "2030-01-01", "", grpc::ALREADY_EXISTS,
                         "hr-almere-college-dronten"}}) {
    v1::RoleGrant g;
    grpc::Status s =
        Create(Admin(), "hr-almere", b.role, b.scope, b.start, b.end, &g);
    EXPECT_EQ(s.error_code(), b.code) << b.role << " " << b.scope;
    EXPECT_THAT(s.error_message(), HasSubstr(b.text));
  }
  v1::RoleGrant g;
  EXPECT_EQ(
      Create(Admin(), "no-such-person", "hr", almere, "2026-01-01", "", &g)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Create(Admin(), "hr-almere", "hr", almere, "2026-01-01", "", &g,
                   "Not_An_Id")
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // An update that would overlap another grant of the same role and scope.
  ASSERT_TRUE(Create(Admin(), "hr-almere", "school_educator", almere,
                     "2020-01-01", "2020-12-31", &g, "educator-2020")
                  .ok());
  ASSERT_TRUE(Create(Admin(), "hr-almere", "school_educator", almere,
                     "2021-01-01", "2021-12-31", &g, "educator-2021")
                  .ok());
  v1::UpdateRoleGrantRequest upd;
  upd.mutable_role_grant()->set_name(g.name());
  upd.mutable_role_grant()->set_start_date("2020-12-31");
  v1::RoleGrant updated;
  EXPECT_EQ(
      stub_->UpdateRoleGrant(As(Admin()).get(), upd, &updated).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  upd.mutable_role_grant()->set_start_date("2022-01-01");  // after its end
  grpc::Status s = stub_->UpdateRoleGrant(As(Admin()).get(), upd, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("role_grant.end_date"));

  std::vector<std::string> expected = before;
  expected.push_back("people/hr-almere/roleGrants/educator-2020");
  expected.push_back("people/hr-almere/roleGrants/educator-2021");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(GrantsOf("hr-almere"), expected);
  EXPECT_EQ(ChangesOf("hr-almere").size(), history + 2);
}

TEST_F(RoleGrantsTest, DeletingAPersonRevokesTheirGrantsOnTheRecord) {
  v1::CreatePersonRequest create;
  create.set_person_id("leaver");
  create.mutable_person()->set_display_name("Leaver (demo)");
  auto* a = create.mutable_person()->add_affiliations();
  a->set_organisation("organisations/svol-havo");
  a->add_roles(v1::STARTER);
  v1::Person person;
  ASSERT_TRUE(stub_->CreatePerson(As(Admin()).get(), create, &person).ok());
  v1::RoleGrant g;
  ASSERT_TRUE(Create(CoordOsof(), "leaver", "starter",
                     "organisations/svol-havo", "2026-01-01", "", &g)
                  .ok());
  v1::DeletePersonRequest del;
  del.set_name("people/leaver");
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeletePerson(As(Admin()).get(), del, &empty).ok());

  EXPECT_TRUE(GrantsOf("leaver").empty());
  const std::vector<v1::RoleGrantChange> changes = ChangesOf("leaver");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].action(), v1::RoleGrantChange::DELETE);
  EXPECT_EQ(changes[0].actor(), "demo-admin");
  EXPECT_EQ(changes[0].role_grant(), g.name());
  EXPECT_EQ(changes[0].start_date_before(), "2026-01-01");
  EXPECT_EQ(changes[1].action(), v1::RoleGrantChange::CREATE);
  EXPECT_EQ(changes[1].actor(), "coord-osof");
}

TEST_F(RoleGrantsTest, RetriedCreateWithOneRequestIdGrantsOnce) {
  v1::CreateRoleGrantRequest req;
  req.set_parent("people/mentor-anouk");
  req.set_request_id("retry-grant-1");
  req.mutable_role_grant()->set_role("coach");
  req.mutable_role_grant()->set_scope("organisations/academie-tien");
  v1::RoleGrant first;
  v1::RoleGrant second;
  ASSERT_TRUE(stub_->CreateRoleGrant(As(Admin()).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateRoleGrant(As(Admin()).get(), req, &second).ok());
  EXPECT_EQ(first.name(), second.name());  // the server-chosen id, replayed
  int creates = 0;
  for (const auto& ch : ChangesOf("mentor-anouk")) {
    creates += ch.role_grant() == first.name() ? 1 : 0;
  }
  EXPECT_EQ(creates, 1);
}

TEST_F(RoleGrantsTest, ReadingIsLimitedToOwnGrantsAndManagedScopes) {
  const std::string noor = testing::MintTestToken(
      "starter-noor", "starter@organisations/almere-college-dronten");
  v1::ListRoleGrantsRequest req;
  req.set_parent("people/starter-noor");
  v1::ListRoleGrantsResponse resp;
  ASSERT_TRUE(stub_->ListRoleGrants(As(noor).get(), req, &resp).ok());
  ASSERT_EQ(resp.role_grants_size(), 1);
  EXPECT_EQ(resp.role_grants(0).role(), "starter");
  req.set_parent("people/hr-almere");
  EXPECT_EQ(stub_->ListRoleGrants(As(noor).get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetRoleGrantRequest get;
  get.set_name("people/hr-almere/roleGrants/hr-almere-college-dronten");
  v1::RoleGrant g;
  EXPECT_EQ(stub_->GetRoleGrant(As(noor).get(), get, &g).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The coordinator lists every grant within a school of the partnership...
  req.set_parent("people/-");
  req.set_scope("organisations/svol-vmbo");
  resp.Clear();
  ASSERT_TRUE(stub_->ListRoleGrants(As(CoordOsof()).get(), req, &resp).ok());
  ASSERT_EQ(resp.role_grants_size(), 1);
  EXPECT_EQ(resp.role_grants(0).name(),
            "people/hr-svol/roleGrants/hr-svol-vmbo");
  ASSERT_TRUE(stub_->GetRoleGrant(As(CoordOsof()).get(), get, &g).ok());
  // ... but not one outside it, nor someone's grants elsewhere.
  req.set_scope("organisations/academie-tien");
  EXPECT_EQ(
      stub_->ListRoleGrants(As(CoordOsof()).get(), req, &resp).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  get.set_name("people/mentor-anouk/roleGrants/mentor-academie-tien");
  EXPECT_EQ(stub_->GetRoleGrant(As(CoordOsof()).get(), get, &g).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  req.set_scope("teams/x");
  EXPECT_EQ(
      stub_->ListRoleGrants(As(CoordOsof()).get(), req, &resp).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  // Without a scope, people/- shows a coordinator only what they manage.
  req.clear_scope();
  req.set_page_size(100);
  resp.Clear();
  ASSERT_TRUE(stub_->ListRoleGrants(As(CoordOsof()).get(), req, &resp).ok());
  ASSERT_GT(resp.role_grants_size(), 0);
  for (const auto& grant : resp.role_grants()) {
    EXPECT_NE(grant.scope(), "organisations/academie-tien");
    EXPECT_NE(grant.scope(), "");
    EXPECT_NE(grant.scope(), "partnerships/rpo-rijnmond");
  }
}

}  // namespace
}  // namespace samen::partners

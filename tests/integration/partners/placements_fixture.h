#pragma once

// What the placement round's integration tests share: a partnership of their
// own per test (the test database outlives runs) with OSOF's schools as
// members, students, a round, preferences, :propose and the placements.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/partners/partners_grpc_fixture.h"
#include "tests/support/test_env.h"

namespace samen::partners {

struct SchoolSpec {
  const char* id;
  v1::Membership::Role role;
  double lat, lon;
};
constexpr SchoolSpec kSchools[] = {
    {"svol-lyceum", v1::Membership::PARTNER, 52.5163, 5.4790},
    {"svol-havo", v1::Membership::PARTNER, 52.5128, 5.4831},
    {"mbo-college-lelystad", v1::Membership::PARTNER, 52.5070, 5.4750},
    {"almere-college-kampen", v1::Membership::COOPERATING, 52.5550, 5.9114},
};

class PlacementsTest : public PartnersGrpcTest {
 protected:
  void SetUp() override {
    stamp_ = absl::StrCat(absl::ToUnixMicros(absl::Now()) % 1000000000);
    p_ = "pl-" + stamp_;
    v1::CreatePartnershipRequest req;
    req.set_partnership_id(p_);
    req.mutable_partnership()->set_display_name("Placements " + stamp_);
    req.mutable_partnership()->set_region("Flevoland");
    req.mutable_partnership()->set_status(v1::Partnership::ACCREDITED);
    v1::Partnership out;
    grpc::Status s = stub_->CreatePartnership(As(Admin()).get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const SchoolSpec& school : kSchools) {
      v1::CreateMembershipRequest m;
      m.set_parent("partnerships/" + p_);
      m.mutable_membership()->set_organisation(
          absl::StrCat("organisations/", school.id));
      m.mutable_membership()->set_role(school.role);
      m.mutable_membership()->set_start_date("2020-08-01");
      v1::Membership mo;
      s = stub_->CreateMembership(As(Admin()).get(), m, &mo);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  std::string Coord() const {
    return testing::MintTestToken("coord-" + p_,
                                  "coordinator@partnerships/" + p_);
  }
  std::string PersonOf(int i) const { return absl::StrCat("lio-", p_, "-", i); }
  std::string StudentOf(int i) const {
    return absl::StrCat("students/st-", PersonOf(i));
  }
  std::string SelfToken(int i) const {
    return testing::MintTestToken(PersonOf(i),
                                  "student@organisations/windesheim");
  }

  // Student i: a person and a student record of the partnership.
  void AddStudent(int i, v1::StudentCategory category, int year,
                  const std::string& last_school = "") {
    v1::CreatePersonRequest pr;
    pr.set_person_id(PersonOf(i));
    pr.mutable_person()->set_display_name("Student " + PersonOf(i));
    v1::Affiliation* a = pr.mutable_person()->add_affiliations();
    a->set_organisation("organisations/windesheim");
    a->add_roles(v1::STUDENT);
    v1::Person person;
    ASSERT_TRUE(stub_->CreatePerson(As(Admin()).get(), pr, &person).ok());
    v1::CreateStudentRequest req;
    req.set_student_id("st-" + PersonOf(i));
    v1::Student* s = req.mutable_student();
    s->set_person("people/" + PersonOf(i));
    s->set_partnership("partnerships/" + p_);
    s->set_institute("organisations/windesheim");
    s->set_category(category);
    s->set_programme_year(year);
    s->set_start_date("2025-09-01");
    s->mutable_home()->set_latitude(52.52);
    s->mutable_home()->set_longitude(5.47);
    if (!last_school.empty()) {
      v1::PastPlacement* past = s->add_placement_history();
      past->set_school_year("2026-2027");
      past->set_school("organisations/" + last_school);
    }
    v1::Student out;
    grpc::Status st = stub_->CreateStudent(As(Coord()).get(), req, &out);
    ASSERT_TRUE(st.ok()) << st.error_message();
  }

  v1::PlacementRound CreateRound(int places_each) {
    v1::CreatePlacementRoundRequest req;
    req.set_parent("partnerships/" + p_);
    req.set_placement_round_id("r2027");
    v1::PlacementRound* r = req.mutable_placement_round();
    r->set_school_year("2027-2028");
    for (const SchoolSpec& school : kSchools) {
      v1::SchoolCapacity* c = r->add_capacities();
      c->set_school(absl::StrCat("organisations/", school.id));
      v1::CategoryPlaces* p = c->add_places();
      p->set_category(v1::HBO_FULL_TIME);
      p->set_places(places_each);
      c->set_mentors(places_each);
      c->set_duo_places(1);
      c->set_counts_for_funding(school.role == v1::Membership::PARTNER);
      c->set_latitude(school.lat);
      c->set_longitude(school.lon);
    }
    v1::PlacementRound out;
    grpc::Status s = stub_->CreatePlacementRound(As(Coord()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status Prefer(int i, std::vector<std::string> schools,
                      const std::string& token) {
    v1::UpdatePlacementPreferenceRequest req;
    req.mutable_preference()->set_name(
        absl::StrCat("partnerships/", p_,
                     "/placementRounds/r2027/preferences/st-", PersonOf(i)));
    for (const std::string& s : schools) {
      v1::PlacementChoice* c = req.mutable_preference()->add_choices();
      c->set_school("organisations/" + s);
      c->set_reason("close to home");
    }
    v1::PlacementPreference out;
    return stub_->UpdatePlacementPreference(As(token).get(), req, &out);
  }

  grpc::Status Propose(v1::PlacementRound* out) {
    v1::ProposePlacementsRequest req;
    req.set_name(RoundName());
    req.set_time_limit_seconds(30);
    return stub_->ProposePlacements(As(Coord()).get(), req, out);
  }

  std::map<std::string, v1::Placement> Placements(const std::string& token,
                                                  grpc::Status* status) {
    v1::ListPlacementsRequest req;
    req.set_parent(RoundName());
    v1::ListPlacementsResponse resp;
    *status = stub_->ListPlacements(As(token).get(), req, &resp);
    std::map<std::string, v1::Placement> out;
    for (const auto& p : resp.placements()) {
      out[p.student()] = p;
    }
    return out;
  }

  std::string RoundName() const {
    return absl::StrCat("partnerships/", p_, "/placementRounds/r2027");
  }

  std::string stamp_;
  std::string p_;
};

}  // namespace samen::partners

// The placement round and funding as a black box: samen-server over the test
// MariaDB with the demo data, driven over real gRPC. Each test makes its own
// partnership (the test database outlives runs) with OSOF's schools as
// members, students with preferences, and a round; proposes, locks, re-runs,
// publishes (also twice at once); and forecasts funding from the tier table,
// for the demo partnerships too.

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/partners/placements_fixture.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(PlacementsTest, ProposeLockRerunAndPublish) {
  for (int i = 0; i < 6; ++i) {
    AddStudent(i, v1::HBO_FULL_TIME, 2, i == 0 ? "svol-havo" : "");
  }
  CreateRound(3);
  // The student states their own preferences; another student may not.
  ASSERT_TRUE(Prefer(1, {"svol-havo", "svol-lyceum"}, SelfToken(1)).ok());
  EXPECT_EQ(Prefer(1, {"svol-lyceum"}, SelfToken(2)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Student 0 asks for last year's school: the rotation rule says no.
  ASSERT_TRUE(Prefer(0, {"svol-havo", "svol-lyceum"}, SelfToken(0)).ok());

  v1::PlacementRound round;
  grpc::Status s = Propose(&round);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(round.last_proposal().status(), "OPTIMAL");
  EXPECT_EQ(round.last_proposal().placed(), 6);
  EXPECT_DOUBLE_EQ(round.last_proposal().objective(),
                   round.last_proposal().bound());
  auto placed = Placements(Coord(), &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(placed.size(), 6u);
  EXPECT_EQ(placed[StudentOf(1)].school(), "organisations/svol-havo");
  EXPECT_EQ(placed[StudentOf(1)].preference_rank(), 1);
  EXPECT_THAT(placed[StudentOf(1)].reasons(), Contains("preference 1"));
  EXPECT_EQ(placed[StudentOf(0)].school(), "organisations/svol-lyceum");
  EXPECT_THAT(placed[StudentOf(0)].reasons(),
              Contains("a different school than last year"));
  // Nobody goes to the cooperating school while partners have room.
  for (const auto& [student, p] : placed) {
    EXPECT_NE(p.school(), "organisations/almere-college-kampen") << student;
  }

  // The coordinator moves student 2 to Kampen and locks it; a re-run keeps it.
  v1::UpdatePlacementRequest move;
  *move.mutable_placement() = placed[StudentOf(2)];
  move.mutable_placement()->set_school("organisations/almere-college-kampen");
  move.mutable_placement()->set_locked(true);
  v1::Placement moved;
  s = stub_->UpdatePlacement(As(Coord()).get(), move, &moved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(moved.reasons(), Contains("set by hand by the coordinator"));
  EXPECT_THAT(moved.reasons(),
              Contains("not a partner school (partners first)"));
  // A school outside the round is refused, naming the field.
  move.mutable_placement()->set_etag(moved.etag());
  move.mutable_placement()->set_school("organisations/svol-vmbo");
  EXPECT_EQ(
      stub_->UpdatePlacement(As(Coord()).get(), move, &moved).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(Propose(&round).ok());
  placed = Placements(Coord(), &s);
  EXPECT_EQ(placed[StudentOf(2)].school(),
            "organisations/almere-college-kampen");
  EXPECT_TRUE(placed[StudentOf(2)].locked());
  EXPECT_EQ(placed[StudentOf(1)].school(), "organisations/svol-havo");

  // Before publication a school sees nothing; after, only its students.
  const std::string kampen = testing::MintTestToken(
      "mentor-kampen", "mentor@organisations/almere-college-kampen");
  Placements(kampen, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  v1::PublishPlacementRoundRequest pub;
  pub.set_name(RoundName());
  v1::PlacementRound published;
  s = stub_->PublishPlacementRound(As(Coord()).get(), pub, &published);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(published.state(), v1::PlacementRound::PUBLISHED);
  auto seen = Placements(kampen, &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.begin()->first, StudentOf(2));
  // A student sees their own placement only; HR none.
  auto own = Placements(SelfToken(1), &s);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own.begin()->first, StudentOf(1));
  Placements(testing::MintTestToken("hr", "hr@organisations/svol-havo"), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The history has the new year; the school may now read the student.
  v1::GetStudentRequest get;
  get.set_name(StudentOf(2));
  v1::Student student;
  ASSERT_TRUE(stub_->GetStudent(As(kampen).get(), get, &student).ok());
  EXPECT_EQ(student.placement_history(0).school_year(), "2027-2028");

  // Published is final.
  EXPECT_EQ(Propose(&round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  move.mutable_placement()->set_school("organisations/svol-lyceum");
  EXPECT_EQ(
      stub_->UpdatePlacement(As(Coord()).get(), move, &moved).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  // Publishing again returns the round unchanged.
  v1::PlacementRound again;
  ASSERT_TRUE(
      stub_->PublishPlacementRound(As(Coord()).get(), pub, &again).ok());
  EXPECT_EQ(again.etag(), published.etag());

  // Every listing that showed a student is on their record, newest first;
  // the student's own look at their placement is not.
  auto reads = [&](int i) {
    v1::ListStudentAccessRecordsRequest req;
    req.set_parent(StudentOf(i));
    req.set_page_size(100);
    v1::ListStudentAccessRecordsResponse resp;
    grpc::Status st =
        stub_->ListStudentAccessRecords(As(SelfToken(i)).get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    std::vector<std::string> out;
    for (const auto& r : resp.records()) {
      out.push_back(absl::StrCat(r.viewer(), " ", r.viewer_role(), " ",
                                 r.action(), " ", r.method()));
    }
    return out;
  };
  const std::string coord =
      absl::StrCat("people/coord-", p_, " coordinator LIST ListPlacements");
  EXPECT_THAT(reads(2),
              ElementsAre("people/mentor-kampen mentor GET GetStudent",
                          "people/mentor-kampen mentor LIST ListPlacements",
                          coord, coord));
  EXPECT_THAT(reads(1), ElementsAre(coord, coord));
}

TEST_F(PlacementsTest, TwoCoordinatorsPublishingAtOnceWriteTheHistoryOnce) {
  for (int i = 0; i < 4; ++i) {
    AddStudent(i, v1::HBO_FULL_TIME, 3);
  }
  CreateRound(2);
  v1::PlacementRound round;
  ASSERT_TRUE(Propose(&round).ok());
  const std::string second =
      testing::MintTestToken("coord-2-" + p_, "coordinator@partnerships/" + p_);
  std::vector<grpc::Status> results(8);
  std::vector<v1::PlacementRound> rounds(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      v1::PublishPlacementRoundRequest pub;
      pub.set_name(RoundName());
      results[t] = stub_->PublishPlacementRound(
          As(t % 2 == 0 ? Coord() : second).get(), pub, &rounds[t]);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (int t = 0; t < 8; ++t) {
    ASSERT_TRUE(results[t].ok()) << results[t].error_message();
    EXPECT_EQ(rounds[t].state(), v1::PlacementRound::PUBLISHED);
    EXPECT_EQ(rounds[t].etag(), rounds[0].etag());
  }
  for (int i = 0; i < 4; ++i) {
    v1::GetStudentRequest get;
    get.set_name(StudentOf(i));
    v1::Student s;
    ASSERT_TRUE(stub_->GetStudent(As(Coord()).get(), get, &s).ok());
    ASSERT_EQ(s.placement_history_size(), 1);
    EXPECT_EQ(s.placement_history(0).school_year(), "2027-2028");
  }
}

TEST_F(PlacementsTest, InfeasibleRoundSaysWhichCapacityBlocks) {
  for (int i = 0; i < 4; ++i) {
    AddStudent(i, v1::HBO_FULL_TIME, 2);
  }
  AddStudent(4, v1::MINOR, 2);  // no school offers MINOR places
  CreateRound(1);
  v1::PlacementRound round;
  grpc::Status s = Propose(&round);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(round.last_proposal().unplaced(), 1);
  ASSERT_EQ(round.last_proposal().blockers_size(), 1);
  EXPECT_EQ(round.last_proposal().blockers(0).kind(), "capacity.category");
  EXPECT_THAT(round.last_proposal().blockers(0).message(), HasSubstr("MINOR"));
  // Only managers propose.
  v1::ProposePlacementsRequest req;
  req.set_name(RoundName());
  EXPECT_EQ(stub_->ProposePlacements(As(SelfToken(0)).get(), req, &round)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlacementsTest,
       LocksBeforeTheFirstProposalAreKeptAndOverfullLocksReported) {
  for (int i = 0; i < 3; ++i) {
    AddStudent(i, v1::HBO_FULL_TIME, 2);
  }
  CreateRound(1);
  // Lock all three at svol-lyceum, which has one place, before any proposal.
  for (int i = 0; i < 3; ++i) {
    v1::UpdatePlacementRequest lock;
    lock.mutable_placement()->set_name(
        absl::StrCat(RoundName(), "/placements/st-", PersonOf(i)));
    lock.mutable_placement()->set_school("organisations/svol-lyceum");
    lock.mutable_placement()->set_locked(true);
    v1::Placement out;
    grpc::Status s = stub_->UpdatePlacement(As(Coord()).get(), lock, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(out.locked());
    EXPECT_THAT(out.reasons(), Contains("set by hand by the coordinator"));
  }
  v1::PlacementRound round;
  grpc::Status s = Propose(&round);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(round.last_proposal().unplaced(), 0);
  bool reported = false;
  for (const auto& b : round.last_proposal().blockers()) {
    if (b.kind() == "capacity.locks") {
      reported = true;
      EXPECT_EQ(b.count(), 2);
      EXPECT_THAT(b.message(), HasSubstr("svol-lyceum"));
    }
  }
  EXPECT_TRUE(reported);
  auto placed = Placements(Coord(), &s);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(placed[StudentOf(i)].school(), "organisations/svol-lyceum");
  }
  // A locked placement without a school makes no sense.
  v1::UpdatePlacementRequest bad;
  *bad.mutable_placement() = placed[StudentOf(0)];
  bad.mutable_placement()->clear_school();
  bad.mutable_update_mask()->add_paths("school");
  v1::Placement out;
  s = stub_->UpdatePlacement(As(Coord()).get(), bad, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::ElementsAre("placement.locked"));
}

TEST_F(PlacementsTest, GreenPickingShowsStudentsWithAJobAtASchool) {
  AddStudent(0, v1::HBO_FULL_TIME, 2, "svol-havo");
  AddStudent(1, v1::CAREER_CHANGER, 2);
  AddStudent(2, v1::HBO_FULL_TIME, 3);
  auto grant = [&](int i, const std::string& role, const std::string& org) {
    v1::CreateRoleGrantRequest req;
    req.set_parent("people/" + PersonOf(i));
    req.mutable_role_grant()->set_role(role);
    req.mutable_role_grant()->set_scope("organisations/" + org);
    req.mutable_role_grant()->set_start_date("2026-08-01");
    v1::RoleGrant out;
    grpc::Status s = stub_->CreateRoleGrant(As(Admin()).get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  };
  grant(0, "starter", "svol-havo");    // hired where placed last year
  grant(1, "starter", "svol-lyceum");  // career changer: employed by design
  grant(2, "student", "svol-lyceum");  // not an employee role
  v1::GetGreenPickingOverviewRequest req;
  req.set_partnership("partnerships/" + p_);
  v1::GreenPickingOverview overview;
  grpc::Status s =
      stub_->GetGreenPickingOverview(As(Coord()).get(), req, &overview);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(overview.students(), 3);
  ASSERT_EQ(overview.signals_size(), 1);
  EXPECT_EQ(overview.signals(0).student(), StudentOf(0));
  EXPECT_EQ(overview.signals(0).school(), "organisations/svol-havo");
  EXPECT_EQ(overview.signals(0).role(), "starter");
  EXPECT_EQ(overview.signals(0).since(), "2026-08-01");
  EXPECT_TRUE(overview.signals(0).placed_there());
  EXPECT_EQ(
      stub_
          ->GetGreenPickingOverview(
              As(testing::MintTestToken("hr", "hr@organisations/svol-havo"))
                  .get(),
              req, &overview)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlacementsTest, ForecastCountsPlacementsAndWhatIfSchools) {
  for (int i = 0; i < 5; ++i) {
    AddStudent(i, v1::HBO_FULL_TIME, 2);
  }
  CreateRound(2);
  v1::PlacementRound round;
  ASSERT_TRUE(Propose(&round).ok());
  v1::ForecastFundingRequest req;
  req.set_partnership("partnerships/" + p_);
  req.set_regulation("fundingRegulations/tkao-staffel-v1");
  req.set_school_year("2027-2028");
  v1::FundingForecast f;
  grpc::Status s = stub_->ForecastFunding(As(Coord()).get(), req, &f);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // 2 places at each of three partner schools, Kampen does not count.
  EXPECT_EQ(f.counted_students(), 5);
  EXPECT_EQ(f.amount_euros(), 0);
  EXPECT_EQ(f.next_tier_students(), 20);
  EXPECT_EQ(f.students_to_next_tier(), 15);
  // What if a school joins with 300 students: the 300 tier.
  v1::ExpectedSchool* extra = req.add_add_schools();
  extra->set_title("New school");
  extra->set_expected_students(300);
  ASSERT_TRUE(stub_->ForecastFunding(As(Coord()).get(), req, &f).ok());
  EXPECT_EQ(f.counted_students(), 305);
  EXPECT_EQ(f.amount_euros(), 440000);
  int64_t total = 0;
  for (const auto& share : f.shares()) {
    total += share.amount_euros();
  }
  EXPECT_EQ(total, 440000);
  // HR may not forecast.
  EXPECT_EQ(stub_
                ->ForecastFunding(As(testing::MintTestToken(
                                         "hr", "hr@organisations/svol-havo"))
                                      .get(),
                                  req, &f)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// The demo partnerships (db/demo/partners.sql) against the tier table of
// migration 0010: ROWF's 285 students sit 15 below the 300 tier; AONHW's 395
// are above 380 and get the EUR 500,000 maximum.
TEST_F(PlacementsTest, DemoPartnershipsForecastFromTheTierTable) {
  auto forecast = [&](const std::string& p, int extra) {
    v1::ForecastFundingRequest req;
    req.set_partnership("partnerships/" + p);
    req.set_regulation("fundingRegulations/tkao-staffel-v1");
    req.set_school_year("2026-2027");
    if (extra > 0) {
      req.add_add_schools()->set_title("joining school");
      req.mutable_add_schools(0)->set_expected_students(extra);
    }
    v1::FundingForecast f;
    grpc::Status s = stub_->ForecastFunding(As(Admin()).get(), req, &f);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return f;
  };
  v1::FundingForecast rowf = forecast("rowf", 0);
  EXPECT_EQ(rowf.counted_students(), 285);
  EXPECT_EQ(rowf.amount_euros(), 380000);
  EXPECT_EQ(rowf.students_to_next_tier(), 15);
  EXPECT_EQ(rowf.next_tier_amount_euros(), 440000);
  v1::FundingForecast grown = forecast("rowf", 15);
  EXPECT_EQ(grown.amount_euros(), 440000);
  v1::FundingForecast aonhw = forecast("aonhw", 0);
  EXPECT_EQ(aonhw.counted_students(), 395);
  EXPECT_EQ(aonhw.amount_euros(), 500000);
  EXPECT_TRUE(aonhw.capped());
  EXPECT_EQ(forecast("aonhw", 100).amount_euros(), 500000);
  // This year OSOF counts its 120 students' history: the 100 tier.
  v1::FundingForecast osof = forecast("osof", 0);
  EXPECT_EQ(osof.counted_students(), 120);
  EXPECT_EQ(osof.amount_euros(), 180000);
  EXPECT_EQ(osof.next_tier_students(), 150);
}

// Next year's forecast follows the demo round's proposal: every demo
// capacity counts, so the counted students are the placed ones.
TEST_F(PlacementsTest, NextYearForecastFollowsTheDemoRoundsProposal) {
  const std::string coord =
      testing::MintTestToken("coord-osof", "coordinator@partnerships/osof");
  v1::ProposePlacementsRequest propose;
  propose.set_name("partnerships/osof/placementRounds/round-2027-2028");
  propose.set_time_limit_seconds(60);
  v1::PlacementRound round;
  grpc::Status s = stub_->ProposePlacements(As(coord).get(), propose, &round);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GE(round.last_proposal().placed(), 120);
  v1::ForecastFundingRequest req;
  req.set_partnership("partnerships/osof");
  req.set_regulation("fundingRegulations/tkao-staffel-v1");
  req.set_school_year("2027-2028");
  v1::FundingForecast f;
  ASSERT_TRUE(stub_->ForecastFunding(As(coord).get(), req, &f).ok());
  EXPECT_EQ(f.counted_students(), round.last_proposal().placed());
  int hosted = 0;
  for (const auto& share : f.shares()) {
    EXPECT_THAT(share.partner(), HasSubstr("organisations/"));
    hosted += share.counted_students();
  }
  EXPECT_EQ(hosted, f.counted_students());
}

TEST_F(PlacementsTest, RegulationsAreVersionedDataWithTheirSource) {
  v1::ListFundingRegulationsResponse resp;
  ASSERT_TRUE(stub_
                  ->ListFundingRegulations(As(Coord()).get(),
                                           v1::ListFundingRegulationsRequest(),
                                           &resp)
                  .ok());
  std::map<std::string, v1::FundingRegulation> by_name;
  for (const auto& r : resp.funding_regulations()) {
    by_name[r.name()] = r;
  }
  const auto& staffel = by_name["fundingRegulations/tkao-staffel-v1"];
  EXPECT_EQ(staffel.version(), 1);
  EXPECT_EQ(staffel.cap_euros(), 500000);
  EXPECT_THAT(staffel.source(), HasSubstr("380"));
  ASSERT_GE(staffel.tiers_size(), 2);
  EXPECT_EQ(staffel.tiers(staffel.tiers_size() - 1).min_students(), 381);
  // The per-student model caps AONHW's 395 students too.
  v1::ForecastFundingRequest req;
  req.set_partnership("partnerships/aonhw");
  req.set_regulation("fundingRegulations/tkao-per-student-v1");
  req.set_school_year("2026-2027");
  v1::FundingForecast f;
  ASSERT_TRUE(stub_->ForecastFunding(As(Admin()).get(), req, &f).ok());
  EXPECT_EQ(f.amount_euros(), 500000);
  EXPECT_TRUE(f.capped());
  req.set_regulation("fundingRegulations/nope");
  grpc::Status s = stub_->ForecastFunding(As(Admin()).get(), req, &f);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::ElementsAre("regulation"));
}

}  // namespace
}  // namespace samen::partners

// Joining a partnership as a black box: samen-server over the test MariaDB
// with the demo data (Partnership 2's seven-step protocol), driven over real
// gRPC. Schools go through the protocol to each outcome, the membership
// follows, the state machine and the database refuse what they must, and only
// the right people see an application.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/partners/accession_fixture.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::HasSubstr;

class AccessionTest : public AccessionGrpcTest {};

TEST_F(AccessionTest, DemoHoldsPartnership2ProtocolAndFroskIntake) {
  v1::GetAccessionProtocolRequest req;
  req.set_name(kProtocol);
  v1::AccessionProtocol p;
  ASSERT_TRUE(stub_->GetAccessionProtocol(As(Coord()).get(), req, &p).ok());
  EXPECT_EQ(p.steps_size(), 7);
  req.set_name("partnerships/frosk/accessionProtocols/toetreding");
  ASSERT_TRUE(stub_->GetAccessionProtocol(As(Admin()).get(), req, &p).ok());
  EXPECT_EQ(p.steps(0).checklist_size(), 10);
  // Another partnership's coordinator does not read it.
  grpc::Status s = stub_->GetAccessionProtocol(
      As(testing::MintTestToken("coord-osof", "coordinator@partnerships/osof"))
          .get(),
      req, &p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessionTest, SchoolGoesFromOrientationToPartner) {
  const std::string org = NewSchool("join-partner");
  const std::string auditor = NewPerson("auditor");
  const std::string school =
      testing::MintTestToken("hr-" + org, "hr@organisations/" + org);
  const std::string committee = testing::MintTestToken(auditor, "");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  ASSERT_TRUE(Complete(&app, "orientation").ok());
  // The school uploads its self-evaluation (ten pages: the most) in its step.
  v1::ApplicationDocument doc;
  grpc::Status s = Upload(app, v1::SELF_EVALUATION, "self-evaluation", Pdf(10),
                          &doc, school);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(doc.version(), 1);
  EXPECT_EQ(doc.page_count(), 10);
  EXPECT_EQ(doc.content_type(), "application/pdf");
  EXPECT_EQ(doc.sha256().size(), 64u);
  EXPECT_EQ(doc.uploaded_by(), "hr-" + org);
  ASSERT_TRUE(Complete(&app, "self-evaluation").ok());
  ASSERT_TRUE(Decide(&app, StartDecision()).ok());
  EXPECT_EQ(MembershipOf(org).role(), v1::Membership::COOPERATING);
  ASSERT_TRUE(Upload(app, v1::DEVELOPMENT_PLAN, "development-plan", Pdf(4),
                     &doc, school)
                  .ok());
  ASSERT_TRUE(Complete(&app, "development-plan").ok());
  // The audit: requested, its cost recorded, the committee, three rounds.
  s = PlanAudit(&app, Audit({auditor}));
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(app.audit().cost_cents(), 600000);
  EXPECT_EQ(app.audit().interviews_size(), 3);
  // The follow-up self-evaluation with the request is its version 2.
  ASSERT_TRUE(
      Upload(app, v1::SELF_EVALUATION, "audit-request", Pdf(9), &doc, school)
          .ok());
  EXPECT_EQ(doc.version(), 2);
  ASSERT_TRUE(Complete(&app, "audit-request").ok());
  // The committee's draft, the school's corrections, the final report.
  s = Upload(app, v1::DRAFT_REPORT, "audit-report", Pdf(20), &doc, committee);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(
      Upload(app, v1::FACT_CORRECTIONS, "audit-report", Pdf(1), &doc, school)
          .ok());
  ASSERT_TRUE(
      Upload(app, v1::FINAL_REPORT, "audit-report", Pdf(22), &doc, committee)
          .ok());
  ASSERT_TRUE(Complete(&app, "audit-report").ok());
  EXPECT_EQ(app.current_step(), "outcome");
  EXPECT_EQ(app.protocol_version(), 1);
  EXPECT_EQ(app.steps(0).completed_by(), "coord-p2");
  EXPECT_FALSE(app.steps(1).due_date().empty());
  ASSERT_TRUE(Decide(&app, OutcomeDecision(v1::ADMITTED_PARTNER)).ok());
  EXPECT_EQ(app.state(), v1::Application::CLOSED);
  EXPECT_EQ(app.outcome_decision().decided_by(), "coord-p2");
  v1::Membership m = MembershipOf(org);
  EXPECT_EQ(m.role(), v1::Membership::PARTNER);
  EXPECT_EQ(m.start_date(), "2026-03-01");
  // Closed: a new application for the same school may start.
  v1::Application again;
  s = Apply(org, "again-" + org, &again);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(AccessionTest, SchoolAdmittedAsFollowingHasAReauditDue) {
  const std::string org = NewSchool("join-following");
  v1::Application app = AtOutcome(org);
  auto d = OutcomeDecision(v1::ADMITTED_FOLLOWING);
  d.add_deficiencies("Starting teachers lack a coach");
  ASSERT_TRUE(Decide(&app, d).ok());
  EXPECT_EQ(app.outcome_decision().reaudit_due_date(), "2027-11-01");
  EXPECT_EQ(MembershipOf(org).role(), v1::Membership::FOLLOWING);
  // The outcome opened the re-audit in the same transaction.
  ASSERT_EQ(app.reaudit(),
            absl::StrCat(kP2, "/applications/app-", org, "-reaudit"));
  v1::GetApplicationRequest get;
  get.set_name(app.reaudit());
  v1::Application re;
  ASSERT_TRUE(stub_->GetApplication(As(Coord()).get(), get, &re).ok());
  EXPECT_EQ(re.state(), v1::Application::OPEN);
  EXPECT_EQ(re.reaudit_of(), app.name());
  EXPECT_EQ(re.reaudit_due_date(), "2027-11-01");
  EXPECT_EQ(re.current_step(), "audit-request");
  EXPECT_FALSE(re.overdue());

  // It slips: the day after its due date, undecided, it is flagged, in the
  // application and in the steering group's overview.
  absl::Cleanup back = [] { ClearNow(); };
  SetNow(absl::FromCivil(absl::CivilSecond(2027, 11, 2, 9, 0, 0),
                         absl::UTCTimeZone()));
  ASSERT_TRUE(stub_->GetApplication(As(Coord()).get(), get, &re).ok());
  EXPECT_TRUE(re.overdue());
  v1::GetApplicationsOverviewRequest req;
  req.set_parent(kP2);
  v1::ApplicationsOverview overview;
  ASSERT_TRUE(
      stub_->GetApplicationsOverview(As(Coord()).get(), req, &overview).ok());
  EXPECT_EQ(overview.as_of(), "2027-11-02");
  bool flagged = false;
  for (const auto& row : overview.reaudits_due()) {
    flagged = flagged || (row.application() == re.name() && row.overdue());
  }
  EXPECT_TRUE(flagged);
}

TEST_F(AccessionTest, SchoolNotAdmittedStaysCooperatingOrStops) {
  const std::string stay = NewSchool("join-stay");
  v1::Application app = AtOutcome(stay);
  auto d = OutcomeDecision(v1::NOT_ADMITTED);
  d.set_stay_cooperating(true);
  ASSERT_TRUE(Decide(&app, d).ok());
  v1::Membership m = MembershipOf(stay);
  EXPECT_EQ(m.role(), v1::Membership::COOPERATING);
  EXPECT_EQ(m.end_date(), "");

  const std::string stop = NewSchool("join-stop");
  app = AtOutcome(stop);
  d.set_stay_cooperating(false);
  ASSERT_TRUE(Decide(&app, d).ok());
  EXPECT_EQ(MembershipOf(stop).end_date(), "2026-11-01");
}

TEST_F(AccessionTest, TwoCoordinatorsCompletingOrDecidingTheSameStepOneWins) {
  const std::string org = NewSchool("join-race");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  std::vector<grpc::Status> results(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      v1::Application mine = app;
      results[i] = Complete(
          &mine, "orientation",
          testing::MintTestToken(absl::StrCat("coord-p2-", i),
                                 "coordinator@partnerships/partnerschap-2"));
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  const int ok = results[0].ok() + results[1].ok();
  EXPECT_EQ(ok, 1);
  for (const auto& r : results) {
    if (!r.ok()) {
      EXPECT_EQ(r.error_code(), grpc::StatusCode::ABORTED);
      EXPECT_THAT(r.error_message(), HasSubstr("etag"));
    }
  }

  // The same for two coordinators deciding the start at once: one decision
  // is recorded, one membership change written.
  v1::GetApplicationRequest get;
  get.set_name(app.name());
  ASSERT_TRUE(stub_->GetApplication(As(Coord()).get(), get, &app).ok());
  ASSERT_TRUE(CompleteWithDocuments(&app, "self-evaluation").ok());
  threads.clear();
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      v1::Application mine = app;
      v1::DecideApplicationRequest req;
      req.set_name(mine.name());
      req.set_etag(mine.etag());
      *req.mutable_decision() = StartDecision();
      results[i] = stub_->DecideApplication(
          As(testing::MintTestToken(absl::StrCat("coord-p2-", i),
                                    "coordinator@partnerships/partnerschap-2"))
              .get(),
          req, &mine);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(results[0].ok() + results[1].ok(), 1);
  for (const auto& r : results) {
    if (!r.ok()) {
      EXPECT_EQ(r.error_code(), grpc::StatusCode::ABORTED) << r.error_message();
    }
  }
  v1::ListMembershipChangesRequest changes;
  changes.set_parent(absl::StrCat(kP2, "/memberships/", org));
  v1::ListMembershipChangesResponse history;
  ASSERT_TRUE(
      stub_->ListMembershipChanges(As(Coord()).get(), changes, &history).ok());
  EXPECT_EQ(history.membership_changes_size(), 1);
}

TEST_F(AccessionTest, OutOfOrderStepsAndDecisionsAreFailedPrecondition) {
  const std::string org = NewSchool("join-order");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  v1::Application copy = app;
  grpc::Status s = Complete(&copy, "self-evaluation");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("current step is \"orientation\""));
  s = Decide(&copy, OutcomeDecision(v1::ADMITTED_PARTNER));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  s = Complete(&copy, "no-such-step");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Nothing changed: the etag still holds.
  EXPECT_TRUE(Complete(&app, "orientation").ok());
  // A stale etag is ABORTED.
  s = Complete(&copy, "orientation");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(AccessionTest, ASecondOpenApplicationIsAlreadyExists) {
  const std::string org = NewSchool("join-twice");
  std::vector<grpc::Status> results(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      v1::Application out;
      results[i] = Apply(org, absl::StrCat("app", i, "-", org), &out);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(results[0].ok() + results[1].ok(), 1);
  for (const auto& r : results) {
    if (!r.ok()) {
      EXPECT_EQ(r.error_code(), grpc::StatusCode::ALREADY_EXISTS);
      EXPECT_THAT(r.error_message(), HasSubstr("open application"));
    }
  }
}

TEST_F(AccessionTest, OnlyTheJoiningSchoolAndCoordinatorsSeeIt) {
  const std::string org = NewSchool("join-see");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  const std::string own_hr =
      testing::MintTestToken("hr-joining", "hr@organisations/" + org);
  const std::string other_hr = testing::MintTestToken(
      "hr-almere", "hr@organisations/almere-college-dronten");
  const std::string starter =
      testing::MintTestToken("starter-joining", "starter@organisations/" + org);
  v1::GetApplicationRequest get;
  get.set_name(app.name());
  v1::Application out;
  EXPECT_TRUE(stub_->GetApplication(As(own_hr).get(), get, &out).ok());
  EXPECT_EQ(stub_->GetApplication(As(other_hr).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->GetApplication(As(starter).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListApplicationsRequest list;
  list.set_parent(kP2);
  list.set_page_size(100);
  v1::ListApplicationsResponse page;
  ASSERT_TRUE(stub_->ListApplications(As(own_hr).get(), list, &page).ok());
  ASSERT_EQ(page.applications_size(), 1);
  EXPECT_EQ(page.applications(0).name(), app.name());
  EXPECT_EQ(
      stub_->ListApplications(As(starter).get(), list, &page).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // The school does not complete steps itself.
  EXPECT_EQ(Complete(&app, "orientation", own_hr).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessionTest, CoordinatorCreatesAProtocolVersionRunningOnesKeepTheirs) {
  const std::string org = NewSchool("join-version");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());

  v1::GetAccessionProtocolRequest get;
  get.set_name(kProtocol);
  v1::AccessionProtocol p;
  ASSERT_TRUE(stub_->GetAccessionProtocol(As(Coord()).get(), get, &p).ok());
  v1::CreateAccessionProtocolRequest create;
  create.set_parent(kP2);
  create.set_accession_protocol_id("v2-" + org);
  *create.mutable_accession_protocol() = p;
  create.mutable_accession_protocol()->set_version(2);
  create.mutable_accession_protocol()->mutable_steps()->DeleteSubrange(5, 1);
  v1::AccessionProtocol out;
  grpc::Status s =
      stub_->CreateAccessionProtocol(As(Coord()).get(), create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("REPORT"));

  *create.mutable_accession_protocol() = p;
  create.mutable_accession_protocol()->set_version(2);
  create.mutable_accession_protocol()->mutable_steps(0)->set_title("Intake");
  s = stub_->CreateAccessionProtocol(As(Coord()).get(), create, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.name(), absl::StrCat(kP2, "/accessionProtocols/v2-", org));
  EXPECT_EQ(out.version(), 2);

  v1::GetApplicationRequest again;
  again.set_name(app.name());
  ASSERT_TRUE(stub_->GetApplication(As(Coord()).get(), again, &app).ok());
  EXPECT_EQ(app.protocol_version(), 1);
  EXPECT_EQ(app.steps(0).step().title(), "Orientation meeting");
}

}  // namespace
}  // namespace samen::partners

// Joining, continued, as a black box over real gRPC (samen-server, the test
// MariaDB, the demo data): the audit committee reads only what it audits;
// documents are versioned, downloadable and refused (with nothing stored)
// when wrong or out of order; the membership's history is served and no hand
// change contradicts an application; protocols are copied; the overview's
// CSV.

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/partners/accession_fixture.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

using ::testing::HasSubstr;

class AccessionAuditTest : public AccessionGrpcTest {
 protected:
  static std::vector<v1::ApplicationDocument> Documents(
      const v1::Application& app) {
    v1::ListApplicationDocumentsRequest req;
    req.set_parent(app.name());
    req.set_page_size(100);
    v1::ListApplicationDocumentsResponse resp;
    grpc::Status s =
        stub_->ListApplicationDocuments(As(Coord()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.documents().begin(), resp.documents().end()};
  }
};

TEST_F(AccessionAuditTest, CommitteeMembersReadOnlyTheApplicationsTheyAudit) {
  const std::string audited = NewSchool("audit-yes");
  const std::string other = NewSchool("audit-no");
  const std::string auditor = NewPerson("auditor");
  v1::Application app;
  v1::Application not_audited;
  ASSERT_TRUE(Apply(audited, "app-" + audited, &app).ok());
  ASSERT_TRUE(Apply(other, "app-" + other, &not_audited).ok());

  // Only coordinators plan it, and only with people from the directory.
  v1::Application copy = app;
  const std::string committee = testing::MintTestToken(auditor, "");
  EXPECT_EQ(PlanAudit(&copy, Audit({auditor}), committee).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status s = PlanAudit(&copy, Audit({auditor, "nobody-" + auditor}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ::testing::Contains("audit.committee[1]"));
  s = PlanAudit(&app, Audit({auditor}));
  ASSERT_TRUE(s.ok()) << s.error_message();

  v1::GetApplicationRequest get;
  get.set_name(app.name());
  v1::Application out;
  s = stub_->GetApplication(As(committee).get(), get, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.audit().committee(0), "people/" + auditor);
  get.set_name(not_audited.name());
  EXPECT_EQ(stub_->GetApplication(As(committee).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListApplicationsRequest list;
  list.set_parent(kP2);
  list.set_page_size(100);
  v1::ListApplicationsResponse page;
  ASSERT_TRUE(stub_->ListApplications(As(committee).get(), list, &page).ok());
  ASSERT_EQ(page.applications_size(), 1);
  EXPECT_EQ(page.applications(0).name(), app.name());

  // Off the committee (a new plan), they no longer read it.
  ASSERT_TRUE(PlanAudit(&app, Audit({NewPerson("other-auditor")})).ok());
  get.set_name(app.name());
  EXPECT_EQ(stub_->GetApplication(As(committee).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      stub_->ListApplications(As(committee).get(), list, &page).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessionAuditTest, DocumentsAreVersionedAndDownloadedAsUploaded) {
  const std::string org = NewSchool("docs");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  ASSERT_TRUE(Complete(&app, "orientation").ok());
  v1::ApplicationDocument first;
  v1::ApplicationDocument second;
  ASSERT_TRUE(Upload(app, v1::SELF_EVALUATION, "self-evaluation",
                     Pdf(3, "first"), &first)
                  .ok());
  ASSERT_TRUE(Upload(app, v1::SELF_EVALUATION, "self-evaluation",
                     Pdf(3, "second"), &second)
                  .ok());
  EXPECT_EQ(first.version(), 1);
  EXPECT_EQ(second.version(), 2);
  EXPECT_EQ(second.name(), app.name() + "/documents/self-evaluation-v2");
  EXPECT_NE(first.sha256(), second.sha256());
  EXPECT_EQ(Documents(app).size(), 2u);

  v1::DownloadApplicationDocumentRequest req;
  req.set_name(first.name());
  google::api::HttpBody body;
  ASSERT_TRUE(
      stub_->DownloadApplicationDocument(As(Coord()).get(), req, &body).ok());
  EXPECT_EQ(body.content_type(), "application/pdf");
  EXPECT_EQ(body.data(), Pdf(3, "first"));
  // The joining school reads its own; another school's HR does not.
  const std::string own =
      testing::MintTestToken("hr-" + org, "hr@organisations/" + org);
  EXPECT_TRUE(
      stub_->DownloadApplicationDocument(As(own).get(), req, &body).ok());
  const std::string other = testing::MintTestToken(
      "hr-almere", "hr@organisations/almere-college-dronten");
  EXPECT_EQ(stub_->DownloadApplicationDocument(As(other).get(), req, &body)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  req.set_name(app.name() + "/documents/self-evaluation-v9");
  EXPECT_EQ(stub_->DownloadApplicationDocument(As(Coord()).get(), req, &body)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AccessionAuditTest, ConcurrentUploadsOfOneKindGetTheNextVersionsEach) {
  const std::string org = NewSchool("docs-race");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  ASSERT_TRUE(Complete(&app, "orientation").ok());
  constexpr int kUploads = 4;
  std::vector<grpc::Status> results(kUploads);
  std::vector<int> versions(kUploads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kUploads; ++i) {
    threads.emplace_back([&, i] {
      v1::ApplicationDocument doc;
      results[i] = Upload(app, v1::SELF_EVALUATION, "self-evaluation",
                          Pdf(2, absl::StrCat("upload ", i)), &doc);
      versions[i] = doc.version();
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (const auto& r : results) {
    EXPECT_TRUE(r.ok()) << r.error_message();
  }
  std::sort(versions.begin(), versions.end());
  EXPECT_EQ(versions, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(Documents(app).size(), 4u);
}

TEST_F(AccessionAuditTest, BadDocumentsAreRefusedAndNothingIsStored) {
  const std::string org = NewSchool("bad-docs");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  v1::ApplicationDocument doc;
  // Out of order: the self-evaluation before the orientation is done.
  grpc::Status s =
      Upload(app, v1::SELF_EVALUATION, "self-evaluation", Pdf(1), &doc);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("current step is \"orientation\""));
  ASSERT_TRUE(Complete(&app, "orientation").ok());
  // A step of another protocol version (this application follows version 1).
  s = Upload(app, v1::SELF_EVALUATION, "site-visit", Pdf(1), &doc);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("protocol version 1"));
  // A kind the step does not take; a final report before any draft.
  s = Upload(app, v1::FINAL_REPORT, "self-evaluation", Pdf(1), &doc);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // Eleven pages of self-evaluation.
  s = Upload(app, v1::SELF_EVALUATION, "self-evaluation", Pdf(11), &doc);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("at most 10 pages"));
  // A "PDF" that is not one.
  s = Upload(app, v1::SELF_EVALUATION, "self-evaluation", "Dear committee,",
             &doc);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("accepted are PDF"));
  EXPECT_TRUE(Documents(app).empty());
  // Without its self-evaluation the step does not complete.
  s = Complete(&app, "self-evaluation");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("SELF_EVALUATION is uploaded"));
}

TEST_F(AccessionAuditTest,
       MembershipHistoryIsServedAndNoHandChangeContradicts) {
  const std::string org = NewSchool("history");
  v1::Application app = AtOutcome(org);
  auto d = OutcomeDecision(v1::ADMITTED_PARTNER);
  ASSERT_TRUE(Decide(&app, d).ok());

  v1::ListMembershipChangesRequest req;
  req.set_parent(absl::StrCat(kP2, "/memberships/", org));
  v1::ListMembershipChangesResponse resp;
  ASSERT_TRUE(stub_->ListMembershipChanges(As(Coord()).get(), req, &resp).ok());
  ASSERT_EQ(resp.membership_changes_size(), 2);
  EXPECT_EQ(resp.membership_changes(0).role_before(),
            v1::Membership::ROLE_UNSPECIFIED);
  EXPECT_EQ(resp.membership_changes(0).role_after(),
            v1::Membership::COOPERATING);
  EXPECT_EQ(resp.membership_changes(1).role_after(), v1::Membership::PARTNER);
  EXPECT_EQ(resp.membership_changes(1).cause(), app.name());
  EXPECT_EQ(resp.membership_changes(1).actor(), "coord-p2");
  req.set_page_size(1);
  ASSERT_TRUE(stub_->ListMembershipChanges(As(Coord()).get(), req, &resp).ok());
  ASSERT_EQ(resp.membership_changes_size(), 1);
  ASSERT_FALSE(resp.next_page_token().empty());
  const std::string hr =
      testing::MintTestToken("hr-" + org, "hr@organisations/" + org);
  EXPECT_EQ(stub_->ListMembershipChanges(As(hr).get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A coordinator cannot make the PARTNER a FOLLOWING school by hand.
  v1::Membership m = MembershipOf(org);
  v1::UpdateMembershipRequest update;
  *update.mutable_membership() = m;
  update.mutable_membership()->set_role(v1::Membership::FOLLOWING);
  update.mutable_update_mask()->add_paths("role");
  v1::Membership out;
  grpc::Status s = stub_->UpdateMembership(As(Coord()).get(), update, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr(app.name()));
  EXPECT_EQ(MembershipOf(org).role(), v1::Membership::PARTNER);
  // Nor delete it (an end date ends it), nor make one for a school whose
  // application is still open.
  v1::DeleteMembershipRequest del;
  del.set_name(m.name());
  google::protobuf::Empty empty;
  s = stub_->DeleteMembership(As(Coord()).get(), del, &empty);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  const std::string joining = NewSchool("history-open");
  v1::Application open;
  ASSERT_TRUE(Apply(joining, "app-" + joining, &open).ok());
  v1::CreateMembershipRequest create;
  create.set_parent(kP2);
  create.mutable_membership()->set_organisation("organisations/" + joining);
  create.mutable_membership()->set_role(v1::Membership::PARTNER);
  create.mutable_membership()->set_start_date("2026-08-01");
  s = stub_->CreateMembership(As(Coord()).get(), create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr(open.name()));
  // Its end date may still change by hand.
  *update.mutable_membership() = MembershipOf(org);
  update.mutable_membership()->set_end_date("2027-07-31");
  update.mutable_update_mask()->set_paths(0, "end_date");
  s = stub_->UpdateMembership(As(Coord()).get(), update, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(AccessionAuditTest, ACoordinatorCopiesAnotherPartnershipsProtocol) {
  const std::string osof =
      testing::MintTestToken("coord-osof", "coordinator@partnerships/osof");
  const std::string id =
      absl::StrCat("copy-", absl::ToUnixMicros(absl::Now()) % 100000000);
  v1::CopyAccessionProtocolRequest req;
  req.set_parent("partnerships/osof");
  req.set_source(kProtocol);
  req.set_accession_protocol_id("from-p2-" + id);
  req.mutable_accession_protocol()->set_display_name("OSOF toetreding");
  req.mutable_update_mask()->add_paths("display_name");
  v1::AccessionProtocol out;
  grpc::Status s = stub_->CopyAccessionProtocol(As(osof).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.name(), "partnerships/osof/accessionProtocols/from-p2-" + id);
  EXPECT_EQ(out.display_name(), "OSOF toetreding");
  EXPECT_EQ(out.version(), 1);
  EXPECT_EQ(out.steps_size(), 7);
  // Its own, as its next version; another partnership's coordinator may not.
  req.set_parent(kP2);
  req.set_accession_protocol_id("v2-" + id);
  req.clear_update_mask();
  s = stub_->CopyAccessionProtocol(As(Coord()).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.version(), 2);
  EXPECT_EQ(
      stub_->CopyAccessionProtocol(As(osof).get(), req, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessionAuditTest, OverviewListsOpenApplicationsAndExportsCsv) {
  const std::string org = NewSchool("overview");
  v1::Application app;
  ASSERT_TRUE(Apply(org, "app-" + org, &app).ok());
  ASSERT_TRUE(Complete(&app, "orientation").ok());
  v1::GetApplicationsOverviewRequest req;
  req.set_parent(kP2);
  v1::ApplicationsOverview overview;
  ASSERT_TRUE(
      stub_->GetApplicationsOverview(As(Coord()).get(), req, &overview).ok());
  const v1::ApplicationOverviewRow* mine = nullptr;
  for (const auto& row : overview.applications()) {
    if (row.application() == app.name()) {
      mine = &row;
    }
  }
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(mine->current_step(), "self-evaluation");
  EXPECT_EQ(mine->waiting_on(), v1::AccessionStep::SCHOOL);
  EXPECT_EQ(mine->days_in_step(), 0);
  EXPECT_FALSE(mine->step_due_date().empty());

  google::api::HttpBody csv;
  ASSERT_TRUE(
      stub_->ExportApplicationsOverview(As(Coord()).get(), req, &csv).ok());
  EXPECT_EQ(csv.content_type(), "text/csv; charset=utf-8");
  EXPECT_THAT(csv.data(), HasSubstr(absl::StrCat(app.name(), ",organisations/",
                                                 org, ",self-evaluation,")));
  const std::string hr =
      testing::MintTestToken("hr-" + org, "hr@organisations/" + org);
  EXPECT_EQ(
      stub_->GetApplicationsOverview(As(hr).get(), req, &overview).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace samen::partners

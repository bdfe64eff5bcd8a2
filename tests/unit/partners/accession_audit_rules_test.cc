// Joining, continued: the audit and its committee, who sees an application and
// uploads which document, where documents belong, the re-audit and its
// overdue flag, the overview and its CSV, and copying a protocol.

#include "services/partners/accession_audit_rules.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/partners/accession_rules.h"

namespace samen::partners {
namespace {

using ::testing::HasSubstr;

v1::AccessionStep Step(const std::string& id, v1::AccessionStep::Kind kind,
                       v1::AccessionStep::Decision decision =
                           v1::AccessionStep::DECISION_UNSPECIFIED) {
  v1::AccessionStep s;
  s.set_id(id);
  s.set_title("Step " + id);
  s.set_kind(kind);
  s.set_actor(v1::AccessionStep::SCHOOL);
  s.set_decision(decision);
  s.set_due_days(30);
  s.set_needs("what " + id + " needs");
  return s;
}

// self-evaluation, start, audit, report (draft, corrections, final), outcome.
v1::AccessionProtocol Protocol() {
  v1::AccessionProtocol p;
  p.set_name("partnerships/p2/accessionProtocols/standard");
  p.set_display_name("Standard");
  p.set_version(2);
  *p.add_steps() = Step("self-evaluation", v1::AccessionStep::DOCUMENT);
  p.mutable_steps(0)->add_documents(v1::SELF_EVALUATION);
  *p.add_steps() =
      Step("start", v1::AccessionStep::DECISION, v1::AccessionStep::START);
  *p.add_steps() = Step("audit", v1::AccessionStep::AUDIT);
  *p.add_steps() = Step("report", v1::AccessionStep::REPORT);
  p.mutable_steps(3)->add_documents(v1::DRAFT_REPORT);
  p.mutable_steps(3)->add_documents(v1::FACT_CORRECTIONS);
  p.mutable_steps(3)->add_documents(v1::FINAL_REPORT);
  *p.add_steps() =
      Step("outcome", v1::AccessionStep::DECISION, v1::AccessionStep::OUTCOME);
  return p;
}

auth::Principal As(const std::string& subject, const std::string& role,
                   const std::string& scope) {
  auth::Principal p;
  p.subject = subject;
  if (!role.empty()) {
    p.grants.push_back(auth::Grant{role, scope});
  }
  return p;
}

const Act kAct{"coord", absl::FromUnixSeconds(1767225600), "2026-01-01"};

v1::ApplicationAudit Audit() {
  v1::ApplicationAudit a;
  a.set_requested_date("2026-09-01");
  a.set_cost_cents(600000);
  a.add_committee("people/lisa");
  a.add_committee("people/joost");
  auto* i = a.add_interviews();
  i->set_round(v1::AuditInterview::MANAGEMENT);
  i->mutable_start_time()->set_seconds(1794300000);
  i->mutable_end_time()->set_seconds(1794305400);
  i->set_place("Directiekamer");
  return a;
}

v1::Application Started() {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  app.set_name("partnerships/p2/applications/school");
  app.mutable_create_time()->set_seconds(1767225600);
  return app;
}

// An application taken to its outcome step.
v1::Application AtOutcome() {
  v1::Application app = Started();
  EXPECT_TRUE(CompleteStep(&app, "self-evaluation", "", {}, kAct).ok());
  v1::AccessionDecision start;
  start.set_step_id("start");
  start.set_decision_date("2026-02-01");
  start.set_reasons("ok");
  EXPECT_TRUE(Decide(&app, start, kAct).ok());
  EXPECT_TRUE(CompleteStep(&app, "audit", "", {}, kAct).ok());
  EXPECT_TRUE(CompleteStep(&app, "report", "", {}, kAct).ok());
  return app;
}

TEST(AccessionAuditRules, AuditNeedsDateCostCommitteeAndSoundInterviews) {
  EXPECT_TRUE(ValidateAudit(Audit()).ok());
  auto a = Audit();
  a.set_requested_date("2026-02-30");
  EXPECT_THAT(ValidateAudit(a).message(), HasSubstr("audit.requested_date"));
  a = Audit();
  a.set_cost_cents(-1);
  EXPECT_THAT(ValidateAudit(a).message(), HasSubstr("audit.cost_cents"));
  a = Audit();
  a.clear_committee();
  EXPECT_THAT(ValidateAudit(a).message(), HasSubstr("audit.committee"));
  a = Audit();
  a.add_committee("people/lisa");
  EXPECT_THAT(ValidateAudit(a).message(), HasSubstr("audit.committee[2]"));
  a = Audit();
  a.set_committee(0, "organisations/school");
  EXPECT_THAT(ValidateAudit(a).message(), HasSubstr("audit.committee[0]"));
  a = Audit();
  a.mutable_interviews(0)->mutable_end_time()->set_seconds(1794300000);
  EXPECT_THAT(ValidateAudit(a).message(),
              HasSubstr("audit.interviews[0].end_time"));
  a = Audit();
  a.mutable_interviews(0)->clear_place();
  EXPECT_THAT(ValidateAudit(a).message(),
              HasSubstr("audit.interviews[0].place"));
  a = Audit();
  a.mutable_interviews(0)->set_round(v1::AuditInterview::ROUND_UNSPECIFIED);
  EXPECT_THAT(ValidateAudit(a).message(),
              HasSubstr("audit.interviews[0].round"));
}

TEST(AccessionAuditRules, CommitteeMembersSeeOnlyTheApplicationsTheyAudit) {
  v1::Application app = Started();
  ASSERT_TRUE(PlanAudit(&app, Audit()).ok());
  v1::Application other = Started();
  const auto lisa = As("lisa", "", "");
  EXPECT_TRUE(OnCommittee(lisa, app));
  EXPECT_TRUE(MaySeeApplicationOf(lisa, "p2", app).ok());
  EXPECT_EQ(MaySeeApplicationOf(lisa, "p2", other).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      MaySeeApplicationOf(As("x", "hr", "organisations/school"), "p2", other)
          .ok());
  EXPECT_TRUE(
      MaySeeApplicationOf(As("x", "coordinator", "partnerships/p2"), "p2", app)
          .ok());
  for (const auto& who :
       {As("x", "hr", "organisations/elsewhere"),
        As("x", "starter", "organisations/school"),
        As("x", "coordinator", "partnerships/osof"), As("", "", "")}) {
    EXPECT_EQ(MaySeeApplicationOf(who, "p2", app).code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(AccessionAuditRules, SchoolUploadsItsDocumentsCommitteeTheReports) {
  v1::Application app = Started();
  ASSERT_TRUE(PlanAudit(&app, Audit()).ok());
  const auto hr = As("hr1", "hr", "organisations/school");
  const auto lisa = As("lisa", "", "");
  const auto coord = As("c", "coordinator", "partnerships/p2");
  EXPECT_TRUE(MayUploadDocument(hr, "p2", app, v1::SELF_EVALUATION).ok());
  EXPECT_TRUE(MayUploadDocument(hr, "p2", app, v1::FACT_CORRECTIONS).ok());
  EXPECT_EQ(MayUploadDocument(hr, "p2", app, v1::FINAL_REPORT).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(MayUploadDocument(lisa, "p2", app, v1::DRAFT_REPORT).ok());
  EXPECT_EQ(MayUploadDocument(lisa, "p2", app, v1::SELF_EVALUATION).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(MayUploadDocument(coord, "p2", app, v1::FINAL_REPORT).ok());
}

TEST(AccessionAuditRules, DocumentsBelongToTheCurrentStepInOrder) {
  v1::Application app = Started();
  EXPECT_TRUE(
      CheckDocumentStep(app, v1::SELF_EVALUATION, "self-evaluation", {}).ok());
  auto s = CheckDocumentStep(app, v1::SELF_EVALUATION, "intake", {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("protocol version 2"));
  s = CheckDocumentStep(app, v1::DRAFT_REPORT, "report", {});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("current step is \"self-evaluation\""));
  s = CheckDocumentStep(app, v1::DEVELOPMENT_PLAN, "self-evaluation", {});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("takes no DEVELOPMENT_PLAN"));

  app = AtOutcome();
  app.set_current_step("report");  // as if back in the report step
  s = CheckDocumentStep(app, v1::FINAL_REPORT, "report", {});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("after the DRAFT_REPORT"));
  EXPECT_TRUE(
      CheckDocumentStep(app, v1::FINAL_REPORT, "report", {v1::DRAFT_REPORT})
          .ok());
}

TEST(AccessionAuditRules, AStepCompletesOnceItsDocumentsAreUploadedInIt) {
  v1::Application app = Started();
  auto s = CheckStepDocumentsUploaded(app, "self-evaluation", {});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("SELF_EVALUATION"));
  // Uploaded in another step does not count.
  EXPECT_FALSE(CheckStepDocumentsUploaded(app, "self-evaluation",
                                          {{"audit", v1::SELF_EVALUATION}})
                   .ok());
  EXPECT_TRUE(
      CheckStepDocumentsUploaded(app, "self-evaluation",
                                 {{"self-evaluation", v1::SELF_EVALUATION}})
          .ok());
  // Not the current step: CompleteStep says so, not this.
  EXPECT_TRUE(CheckStepDocumentsUploaded(app, "report", {}).ok());

  app = AtOutcome();
  app.set_current_step("report");
  s = CheckStepDocumentsUploaded(app, "report", {{"report", v1::DRAFT_REPORT}});
  EXPECT_THAT(s.message(), HasSubstr("FINAL_REPORT"));
  EXPECT_THAT(s.message(), ::testing::Not(HasSubstr("FACT_CORRECTIONS")));
  EXPECT_TRUE(
      CheckStepDocumentsUploaded(app, "report", {{"report", v1::FINAL_REPORT}})
          .ok());
}

TEST(AccessionAuditRules, DocumentNamesRoundTrip) {
  const std::string name =
      DocumentName("partnerships/p2/applications/ab", v1::FACT_CORRECTIONS, 3);
  EXPECT_EQ(name,
            "partnerships/p2/applications/ab/documents/fact-corrections-v3");
  auto ref = ParseDocumentName(name, "name");
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->kind, v1::FACT_CORRECTIONS);
  EXPECT_EQ(ref->version, 3);
  EXPECT_EQ(ref->application_id, "ab");
  for (const char* bad : {"self-evaluation", "self-evaluation-v0", "memo-v1",
                          "self-evaluation-vx"}) {
    EXPECT_FALSE(
        ParseDocumentName(
            absl::StrCat("partnerships/p2/applications/ab/documents/", bad),
            "name")
            .ok())
        << bad;
  }
}

TEST(AccessionAuditRules, FollowingOutcomeOpensAReauditThatCanBeOverdue) {
  v1::Application app = AtOutcome();
  v1::AccessionDecision d;
  d.set_step_id("outcome");
  d.set_decision_date("2026-03-01");
  d.set_reasons("advice");
  d.set_outcome(v1::ADMITTED_FOLLOWING);
  d.add_deficiencies("Mentors untrained");
  d.set_reaudit_due_date("2026-12-01");
  ASSERT_TRUE(Decide(&app, d, kAct).ok());
  v1::Application re = StartReaudit(app, "2026-03-01");
  EXPECT_EQ(re.reaudit_of(), app.name());
  EXPECT_EQ(re.reaudit_due_date(), "2026-12-01");
  EXPECT_EQ(re.state(), v1::Application::OPEN);
  ASSERT_EQ(re.steps_size(), 3);  // audit, report, outcome
  EXPECT_EQ(re.current_step(), "audit");
  EXPECT_EQ(re.steps(0).due_date(), "2026-03-31");
  EXPECT_FALSE(IsOverdue(re, absl::CivilDay(2026, 12, 1)));
  EXPECT_TRUE(IsOverdue(re, absl::CivilDay(2026, 12, 2)));
  EXPECT_FALSE(IsOverdue(app, absl::CivilDay(2027, 1, 1)));  // closed
  EXPECT_EQ(ReauditId(std::string(63, 'a')).size(), 63u);

  // The re-audit's NOT_ADMITTED (staying) makes the school COOPERATING again.
  ASSERT_TRUE(CompleteStep(&re, "audit", "", {}, kAct).ok());
  ASSERT_TRUE(CompleteStep(&re, "report", "", {}, kAct).ok());
  d.set_outcome(v1::NOT_ADMITTED);
  d.clear_deficiencies();
  d.clear_reaudit_due_date();
  d.set_stay_cooperating(true);
  auto effect = Decide(&re, d, kAct);
  ASSERT_TRUE(effect.ok()) << effect.status();
  EXPECT_EQ(effect->kind, MembershipEffect::kSetRole);
  EXPECT_EQ(effect->role, v1::Membership::COOPERATING);
  v1::Membership following;
  following.set_role(v1::Membership::FOLLOWING);
  following.set_start_date("2025-01-01");
  auto after = MembershipAfter(following, "organisations/school", *effect);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ((*after)->role(), v1::Membership::COOPERATING);
}

TEST(AccessionAuditRules, OverviewSaysStepDaysWaitingOnWhomAndReauditsDue) {
  v1::Application app = Started();
  ASSERT_TRUE(CompleteStep(&app, "self-evaluation", "", {}, kAct).ok());
  v1::Application re = Started();
  re.set_name("partnerships/p2/applications/re");
  re.set_reaudit_due_date("2026-02-01");
  v1::Application later = Started();
  later.set_name("partnerships/p2/applications/later");
  later.set_reaudit_due_date("2027-06-01");
  const auto o = Overview({app, re, later}, absl::CivilDay(2026, 3, 1), 90);
  ASSERT_EQ(o.applications_size(), 3);
  const auto& row = o.applications(0);
  EXPECT_EQ(row.current_step(), "start");
  EXPECT_EQ(row.waiting_on(), v1::AccessionStep::SCHOOL);
  EXPECT_EQ(row.waiting_for(), "what start needs");
  EXPECT_EQ(row.step_since(), "2026-01-01");
  EXPECT_EQ(row.days_in_step(), 59);
  EXPECT_EQ(row.step_due_date(), "2026-01-31");
  EXPECT_TRUE(row.step_overdue());
  ASSERT_EQ(o.reaudits_due_size(), 1);  // `later` is beyond the horizon
  EXPECT_EQ(o.reaudits_due(0).application(), re.name());
  EXPECT_TRUE(o.reaudits_due(0).overdue());

  const std::string csv = OverviewCsv(o);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(csv, HasSubstr("\r\npartnerships/p2/applications/school,"
                             "organisations/school,start,Step start,SCHOOL,"
                             "what start needs,2026-01-01,59,2026-01-31,yes,,"
                             "no\r\n"));
}

TEST(AccessionAuditRules, CopyTakesTheMaskedChangesAndANextVersion) {
  v1::AccessionProtocol source = Protocol();
  v1::AccessionProtocol changes;
  changes.set_display_name("Copied");
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  auto copy = CopyProtocol(source, true, changes, mask);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(copy->version(), 3);
  EXPECT_EQ(copy->display_name(), "Copied");
  EXPECT_EQ(copy->name(), "");
  EXPECT_EQ(CopyProtocol(source, false, changes, mask)->version(), 1);
  mask.add_paths("steps");  // no steps: refused as a protocol
  EXPECT_EQ(CopyProtocol(source, false, changes, mask).status().code(),
            absl::StatusCode::kInvalidArgument);
  mask.Clear();
  mask.add_paths("etag");
  EXPECT_THAT(CopyProtocol(source, false, changes, mask).status().message(),
              HasSubstr("update_mask"));
}

TEST(AccessionAuditRules, StepsTakeDocumentsOnlyWhereTheyFit) {
  v1::AccessionProtocol p = Protocol();
  EXPECT_TRUE(ValidateProtocol(p, "p").ok());
  p.mutable_steps(1)->add_documents(v1::DRAFT_REPORT);  // a decision
  EXPECT_THAT(ValidateProtocol(p, "p").message(),
              HasSubstr("p.steps[1].documents"));
  p = Protocol();
  p.mutable_steps(3)->add_documents(v1::DRAFT_REPORT);  // twice
  EXPECT_THAT(ValidateProtocol(p, "p").message(),
              HasSubstr("p.steps[3].documents[3]"));
}

}  // namespace
}  // namespace samen::partners

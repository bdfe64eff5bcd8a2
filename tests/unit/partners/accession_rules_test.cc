// The accession state machine and its checks: protocols, steps in order,
// decisions after the report, what decisions do to the membership, and who
// sees applications.

#include "services/partners/accession_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

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
  s.set_actor(v1::AccessionStep::STEERING_GROUP);
  s.set_decision(decision);
  s.set_due_days(30);
  return s;
}

// orientation (with a two-point checklist), start, audit, report, outcome.
v1::AccessionProtocol Protocol() {
  v1::AccessionProtocol p;
  p.set_name("partnerships/p2/accessionProtocols/standard");
  p.set_display_name("Standard");
  p.set_version(3);
  auto* intake = p.add_steps();
  *intake = Step("orientation", v1::AccessionStep::MEETING);
  intake->add_checklist()->set_id("vision");
  intake->mutable_checklist(0)->set_text("Agrees with the vision");
  intake->add_checklist()->set_id("mentors");
  intake->mutable_checklist(1)->set_text("Trained mentors present");
  *p.add_steps() =
      Step("start", v1::AccessionStep::DECISION, v1::AccessionStep::START);
  *p.add_steps() = Step("audit", v1::AccessionStep::AUDIT);
  *p.add_steps() = Step("report", v1::AccessionStep::REPORT);
  *p.add_steps() =
      Step("outcome", v1::AccessionStep::DECISION, v1::AccessionStep::OUTCOME);
  return p;
}

auth::Principal As(const std::string& role, const std::string& scope) {
  auth::Principal p;
  p.subject = "someone";
  p.grants.push_back(auth::Grant{role, scope});
  return p;
}

const Act kAct{"coord", absl::FromUnixSeconds(1767225600), "2026-01-01"};

std::vector<v1::ChecklistAnswer> Answers() {
  v1::ChecklistAnswer a;
  a.set_item_id("vision");
  a.set_met(true);
  v1::ChecklistAnswer b;
  b.set_item_id("mentors");
  return {a, b};
}

v1::AccessionDecision Start() {
  v1::AccessionDecision d;
  d.set_step_id("start");
  d.set_decision_date("2026-02-01");
  d.set_reasons("Vision shared");
  d.add_conditions("Development plan by June");
  return d;
}

v1::AccessionDecision Outcome(v1::AccessionOutcome o) {
  v1::AccessionDecision d;
  d.set_step_id("outcome");
  d.set_decision_date("2026-09-01");
  d.set_reasons("Audit advice");
  d.set_outcome(o);
  return d;
}

// An application at its outcome step.
v1::Application AtOutcome() {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  EXPECT_TRUE(CompleteStep(&app, "orientation", "", Answers(), kAct).ok());
  EXPECT_TRUE(Decide(&app, Start(), kAct).ok());
  EXPECT_TRUE(CompleteStep(&app, "audit", "done", {}, kAct).ok());
  EXPECT_TRUE(CompleteStep(&app, "report", "final", {}, kAct).ok());
  return app;
}

TEST(AccessionRules, AcceptsAProtocolWithStartReportAndOutcome) {
  EXPECT_TRUE(ValidateProtocol(Protocol(), "p").ok());
}

TEST(AccessionRules, RejectsAProtocolWithoutReportBeforeOutcome) {
  v1::AccessionProtocol p = Protocol();
  p.mutable_steps()->DeleteSubrange(3, 1);
  absl::Status s = ValidateProtocol(p, "p");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("REPORT"));
}

TEST(AccessionRules, RejectsDuplicateStepIdsAndDecisionWithoutKind) {
  v1::AccessionProtocol p = Protocol();
  p.mutable_steps(2)->set_id("orientation");
  EXPECT_EQ(ValidateProtocol(p, "p").code(),
            absl::StatusCode::kInvalidArgument);
  p = Protocol();
  p.mutable_steps(2)->set_decision(v1::AccessionStep::START);
  EXPECT_EQ(ValidateProtocol(p, "p").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AccessionRules, StartCopiesTheStepsAndVersionWithFirstDueDate) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  EXPECT_EQ(app.state(), v1::Application::OPEN);
  EXPECT_EQ(app.protocol_version(), 3);
  EXPECT_EQ(app.steps_size(), 5);
  EXPECT_EQ(app.current_step(), "orientation");
  EXPECT_EQ(app.steps(0).due_date(), "2026-01-31");
  EXPECT_EQ(app.steps(1).due_date(), "");
}

TEST(AccessionRules, CompletingMovesOnAndRecordsWhoAndAnswers) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  ASSERT_TRUE(
      CompleteStep(&app, "orientation", "good talk", Answers(), kAct).ok());
  EXPECT_EQ(app.current_step(), "start");
  EXPECT_EQ(app.steps(0).completed_by(), "coord");
  EXPECT_EQ(app.steps(0).checklist_answers_size(), 2);
  EXPECT_EQ(app.steps(1).due_date(), "2026-01-31");
}

TEST(AccessionRules, RefusesSkippingAStep) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  absl::Status s = CompleteStep(&app, "audit", "", {}, kAct);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("not yet due"));
  EXPECT_THAT(s.message(), HasSubstr("\"orientation\""));
}

TEST(AccessionRules, RefusesAStepOfAnotherProtocolVersion) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  EXPECT_EQ(CompleteStep(&app, "self-evaluation", "", {}, kAct).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AccessionRules, RequiresEveryChecklistPointOnce) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  auto answers = Answers();
  answers.pop_back();
  EXPECT_EQ(CompleteStep(&app, "orientation", "", answers, kAct).code(),
            absl::StatusCode::kInvalidArgument);
  answers = Answers();
  answers[1].set_item_id("vision");
  EXPECT_EQ(CompleteStep(&app, "orientation", "", answers, kAct).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(app.current_step(), "orientation");
}

TEST(AccessionRules, DecisionStepsAreDecidedNotCompleted) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  ASSERT_TRUE(CompleteStep(&app, "orientation", "", Answers(), kAct).ok());
  absl::Status s = CompleteStep(&app, "start", "", {}, kAct);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr(":decide"));
}

TEST(AccessionRules, StartDecisionMakesTheSchoolCooperating) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  ASSERT_TRUE(CompleteStep(&app, "orientation", "", Answers(), kAct).ok());
  auto effect = Decide(&app, Start(), kAct);
  ASSERT_TRUE(effect.ok()) << effect.status();
  EXPECT_EQ(effect->kind, MembershipEffect::kSetRole);
  EXPECT_EQ(effect->role, v1::Membership::COOPERATING);
  EXPECT_EQ(effect->date, "2026-02-01");
  EXPECT_EQ(app.start_decision().decided_by(), "coord");
  EXPECT_EQ(app.current_step(), "audit");
}

TEST(AccessionRules, OutcomeBeforeTheReportIsRefused) {
  v1::Application app =
      StartApplication(Protocol(), "organisations/school", "2026-01-01");
  ASSERT_TRUE(CompleteStep(&app, "orientation", "", Answers(), kAct).ok());
  ASSERT_TRUE(Decide(&app, Start(), kAct).ok());
  auto s = Decide(&app, Outcome(v1::ADMITTED_PARTNER), kAct).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
}

TEST(AccessionRules, PartnerOutcomeClosesTheApplication) {
  v1::Application app = AtOutcome();
  auto effect = Decide(&app, Outcome(v1::ADMITTED_PARTNER), kAct);
  ASSERT_TRUE(effect.ok()) << effect.status();
  EXPECT_EQ(effect->role, v1::Membership::PARTNER);
  EXPECT_EQ(app.state(), v1::Application::CLOSED);
  EXPECT_EQ(app.current_step(), "");
  EXPECT_EQ(Decide(&app, Outcome(v1::ADMITTED_PARTNER), kAct).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AccessionRules, FollowingNeedsDeficienciesAndReauditWithinAYear) {
  v1::Application app = AtOutcome();
  auto d = Outcome(v1::ADMITTED_FOLLOWING);
  EXPECT_EQ(Decide(&app, d, kAct).status().code(),
            absl::StatusCode::kInvalidArgument);
  d.add_deficiencies("Mentors not yet trained");
  d.set_reaudit_due_date("2027-09-02");
  EXPECT_EQ(Decide(&app, d, kAct).status().code(),
            absl::StatusCode::kInvalidArgument);
  d.clear_reaudit_due_date();
  auto effect = Decide(&app, d, kAct);
  ASSERT_TRUE(effect.ok()) << effect.status();
  EXPECT_EQ(effect->role, v1::Membership::FOLLOWING);
  EXPECT_EQ(app.outcome_decision().reaudit_due_date(), "2027-09-01");
}

TEST(AccessionRules, NotAdmittedKeepsOrEndsTheMembership) {
  v1::Application stay = AtOutcome();
  auto d = Outcome(v1::NOT_ADMITTED);
  d.set_stay_cooperating(true);
  EXPECT_EQ(Decide(&stay, d, kAct)->kind, MembershipEffect::kKeep);
  v1::Application stop = AtOutcome();
  d.set_stay_cooperating(false);
  EXPECT_EQ(Decide(&stop, d, kAct)->kind, MembershipEffect::kEnd);
}

TEST(AccessionRules, MembershipAfterCreatesChangesAndEnds) {
  MembershipEffect coop{MembershipEffect::kSetRole, v1::Membership::COOPERATING,
                        "2026-02-01"};
  auto created = MembershipAfter(std::nullopt, "organisations/s", coop);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(created->has_value());
  EXPECT_EQ((*created)->start_date(), "2026-02-01");
  EXPECT_EQ((*created)->role(), v1::Membership::COOPERATING);

  MembershipEffect partner{MembershipEffect::kSetRole, v1::Membership::PARTNER,
                           "2026-09-01"};
  auto promoted = MembershipAfter(**created, "organisations/s", partner);
  EXPECT_EQ((*promoted)->role(), v1::Membership::PARTNER);
  EXPECT_EQ((*promoted)->start_date(), "2026-02-01");

  EXPECT_EQ(
      MembershipAfter(**promoted, "organisations/s", coop).status().code(),
      absl::StatusCode::kFailedPrecondition);

  MembershipEffect end{MembershipEffect::kEnd, {}, "2026-09-01"};
  auto ended = MembershipAfter(**created, "organisations/s", end);
  EXPECT_EQ((*ended)->end_date(), "2026-09-01");
  EXPECT_FALSE(
      MembershipAfter(std::nullopt, "organisations/s", end)->has_value());
}

TEST(AccessionRules, OnlyManagersAndTheJoiningSchoolSeeApplications) {
  const auth::Principal coord = As("coordinator", "partnerships/p2");
  const auth::Principal other = As("coordinator", "partnerships/osof");
  const auth::Principal hr = As("hr", "organisations/school");
  const auth::Principal starter = As("starter", "organisations/school");
  EXPECT_TRUE(MayManageAccession(coord, "p2").ok());
  EXPECT_FALSE(MayManageAccession(other, "p2").ok());
  EXPECT_FALSE(MayManageAccession(hr, "p2").ok());
  EXPECT_TRUE(MaySeeApplication(hr, "p2", "school").ok());
  EXPECT_FALSE(MaySeeApplication(hr, "p2", "other-school").ok());
  EXPECT_FALSE(MaySeeApplication(starter, "p2", "school").ok());
  EXPECT_EQ(JoiningOrganisationsOf(hr), std::vector<std::string>{"school"});
  EXPECT_TRUE(JoiningOrganisationsOf(starter).empty());
}

}  // namespace
}  // namespace samen::partners

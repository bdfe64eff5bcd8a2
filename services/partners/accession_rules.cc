#include "services/partners/accession_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"

namespace samen::partners {
namespace {

constexpr int kMaxSteps = 30;
constexpr int kMaxDueDays = 730;

absl::Status Precondition(absl::string_view what) {
  return absl::FailedPreconditionError(what);
}

std::string AddDays(const std::string& day, int days) {
  auto parsed = resource::ParseDate(day, "day");
  return parsed.ok() ? resource::FormatDate(*parsed + days) : day;
}

absl::Status ValidateStep(const v1::AccessionStep& s, const std::string& f) {
  RETURN_IF_ERROR(resource::ValidateId(s.id(), absl::StrCat(f, ".id")));
  RETURN_IF_ERROR(
      resource::ValidateText(s.title(), absl::StrCat(f, ".title"), 200, true));
  RETURN_IF_ERROR(resource::ValidateText(s.needs(), absl::StrCat(f, ".needs"),
                                         2000, false, true));
  if (s.kind() == v1::AccessionStep::KIND_UNSPECIFIED) {
    return InvalidField(absl::StrCat(f, ".kind"), "is required");
  }
  if (s.actor() == v1::AccessionStep::ACTOR_UNSPECIFIED) {
    return InvalidField(absl::StrCat(f, ".actor"), "is required");
  }
  const bool is_decision = s.kind() == v1::AccessionStep::DECISION;
  if (is_decision !=
      (s.decision() != v1::AccessionStep::DECISION_UNSPECIFIED)) {
    return InvalidField(absl::StrCat(f, ".decision"),
                        "is required for DECISION steps and only for them");
  }
  if (s.due_days() < 0 || s.due_days() > kMaxDueDays) {
    return InvalidField(absl::StrCat(f, ".due_days"), "must be 0 to 730");
  }
  std::set<std::string> items;
  for (int i = 0; i < s.checklist_size(); ++i) {
    const std::string item = absl::StrCat(f, ".checklist[", i, "]");
    RETURN_IF_ERROR(
        resource::ValidateId(s.checklist(i).id(), absl::StrCat(item, ".id")));
    RETURN_IF_ERROR(resource::ValidateText(
        s.checklist(i).text(), absl::StrCat(item, ".text"), 500, true));
    if (!items.insert(s.checklist(i).id()).second) {
      return InvalidField(absl::StrCat(item, ".id"), "is given twice");
    }
  }
  return absl::OkStatus();
}

// The documents a step takes: DOCUMENT, AUDIT, REPORT and CORRECTION steps
// only, each kind once (a kind may come back in a later step: the follow-up
// self-evaluation with the audit request is its next version).
absl::Status CheckStepDocuments(const v1::AccessionStep& s,
                                const std::string& f) {
  std::set<int> seen;
  if (s.documents_size() == 0) {
    return absl::OkStatus();
  }
  if (s.kind() == v1::AccessionStep::MEETING ||
      s.kind() == v1::AccessionStep::DECISION) {
    return InvalidField(absl::StrCat(f, ".documents"),
                        "only DOCUMENT, AUDIT, REPORT and CORRECTION steps "
                        "take documents");
  }
  for (int i = 0; i < s.documents_size(); ++i) {
    if (s.documents(i) == v1::DOCUMENT_KIND_UNSPECIFIED ||
        !seen.insert(s.documents(i)).second) {
      return InvalidField(absl::StrCat(f, ".documents[", i, "]"),
                          "is unspecified or given twice");
    }
  }
  return absl::OkStatus();
}

// Index of the step `id` in `app`, or -1.
int StepIndex(const v1::Application& app, const std::string& id) {
  for (int i = 0; i < app.steps_size(); ++i) {
    if (app.steps(i).step().id() == id) {
      return i;
    }
  }
  return -1;
}

// The current step, checked to be `step_id`.
absl::StatusOr<int> CurrentStep(const v1::Application& app,
                                const std::string& step_id) {
  if (app.state() != v1::Application::OPEN) {
    return Precondition("the application is closed");
  }
  const int index = StepIndex(app, step_id);
  if (index < 0) {
    return InvalidField("step_id",
                        absl::StrCat("the application's protocol version has "
                                     "no step \"",
                                     step_id, "\""));
  }
  if (step_id != app.current_step()) {
    const int current = StepIndex(app, app.current_step());
    return Precondition(
        absl::StrCat("step \"", step_id, "\" is ",
                     index < current ? "already complete" : "not yet due",
                     "; the current step is \"", app.current_step(), "\""));
  }
  return index;
}

// Marks step `index` complete by `act` and moves to the next step (or none).
void Advance(v1::Application* app, int index, const Act& act) {
  v1::ApplicationStep* step = app->mutable_steps(index);
  step->set_completed_by(act.actor);
  ToTimestamp(act.now, step->mutable_complete_time());
  if (index + 1 < app->steps_size()) {
    v1::ApplicationStep* next = app->mutable_steps(index + 1);
    app->set_current_step(next->step().id());
    if (next->step().due_days() > 0) {
      next->set_due_date(AddDays(act.today, next->step().due_days()));
    }
  } else {
    app->clear_current_step();
  }
}

absl::Status CheckAnswers(const v1::AccessionStep& step,
                          const std::vector<v1::ChecklistAnswer>& answers) {
  std::set<std::string> items;
  for (const auto& item : step.checklist()) {
    items.insert(item.id());
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < answers.size(); ++i) {
    const std::string f = absl::StrCat("checklist_answers[", i, "]");
    if (!items.contains(answers[i].item_id())) {
      return InvalidField(absl::StrCat(f, ".item_id"),
                          absl::StrCat("the step has no checklist point \"",
                                       answers[i].item_id(), "\""));
    }
    if (!seen.insert(answers[i].item_id()).second) {
      return InvalidField(absl::StrCat(f, ".item_id"), "is answered twice");
    }
    RETURN_IF_ERROR(resource::ValidateText(
        answers[i].note(), absl::StrCat(f, ".note"), 2000, false, true));
  }
  if (seen.size() != items.size()) {
    return InvalidField("checklist_answers",
                        absl::StrCat("answer every point of the checklist (",
                                     items.size(), ")"));
  }
  return absl::OkStatus();
}

bool IsReportComplete(const v1::Application& app, int before) {
  for (int i = 0; i < before; ++i) {
    if (app.steps(i).step().kind() == v1::AccessionStep::REPORT &&
        !app.steps(i).completed_by().empty()) {
      return true;
    }
  }
  return false;
}

absl::Status ValidateOutcome(v1::AccessionDecision* d, absl::CivilDay day) {
  if (d->outcome() == v1::ACCESSION_OUTCOME_UNSPECIFIED) {
    return InvalidField("decision.outcome", "is required for the outcome");
  }
  if (d->outcome() != v1::ADMITTED_FOLLOWING) {
    if (d->deficiencies_size() > 0 || !d->reaudit_due_date().empty()) {
      return InvalidField("decision.deficiencies",
                          "only a FOLLOWING outcome has deficiencies and a "
                          "re-audit date");
    }
    return absl::OkStatus();
  }
  if (d->deficiencies_size() == 0) {
    return InvalidField("decision.deficiencies",
                        "a FOLLOWING outcome lists at least one deficiency");
  }
  for (int i = 0; i < d->deficiencies_size(); ++i) {
    RETURN_IF_ERROR(resource::ValidateText(
        d->deficiencies(i), absl::StrCat("decision.deficiencies[", i, "]"),
        1000, true, true));
  }
  const absl::CivilDay year_later(day.year() + 1, day.month(), day.day());
  if (d->reaudit_due_date().empty()) {
    d->set_reaudit_due_date(resource::FormatDate(year_later));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(auto due, resource::ParseDate(d->reaudit_due_date(),
                                                 "decision.reaudit_due_date"));
  if (due <= day || due > year_later) {
    return InvalidField("decision.reaudit_due_date",
                        "must fall after the decision and within one year");
  }
  return absl::OkStatus();
}

MembershipEffect EffectOf(const v1::AccessionDecision& d, bool start) {
  MembershipEffect e;
  e.date = d.decision_date();
  if (start) {
    e.kind = MembershipEffect::kSetRole;
    e.role = v1::Membership::COOPERATING;
  } else if (d.outcome() == v1::ADMITTED_PARTNER) {
    e.kind = MembershipEffect::kSetRole;
    e.role = v1::Membership::PARTNER;
  } else if (d.outcome() == v1::ADMITTED_FOLLOWING) {
    e.kind = MembershipEffect::kSetRole;
    e.role = v1::Membership::FOLLOWING;
  } else {
    e.kind =
        d.stay_cooperating() ? MembershipEffect::kKeep : MembershipEffect::kEnd;
  }
  return e;
}

}  // namespace

absl::StatusOr<AccessionName> ParseProtocolName(absl::string_view name,
                                                absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids,
                   resource::ParseNamePattern(name,
                                              "partnerships/{partnership}/"
                                              "accessionProtocols/{protocol}",
                                              field));
  return AccessionName{ids[0], ids[1]};
}

absl::StatusOr<AccessionName> ParseApplicationName(absl::string_view name,
                                                   absl::string_view field) {
  ASSIGN_OR_RETURN(
      auto ids,
      resource::ParseNamePattern(
          name, "partnerships/{partnership}/applications/{application}",
          field));
  return AccessionName{ids[0], ids[1]};
}

std::string ProtocolName(const std::string& partnership_id,
                         const std::string& id) {
  return absl::StrCat("partnerships/", partnership_id, "/accessionProtocols/",
                      id);
}

std::string ApplicationName(const std::string& partnership_id,
                            const std::string& id) {
  return absl::StrCat("partnerships/", partnership_id, "/applications/", id);
}

absl::Status ValidateProtocol(const v1::AccessionProtocol& p,
                              absl::string_view prefix) {
  const std::string f(prefix);
  RETURN_IF_ERROR(resource::ValidateText(
      p.display_name(), absl::StrCat(f, ".display_name"), 200, true));
  if (p.version() < 1) {
    return InvalidField(absl::StrCat(f, ".version"), "must be 1 or more");
  }
  if (p.steps_size() < 1 || p.steps_size() > kMaxSteps) {
    return InvalidField(absl::StrCat(f, ".steps"), "must hold 1 to 30 steps");
  }
  std::set<std::string> ids;
  int start = -1;
  int outcome = -1;
  int report = -1;
  for (int i = 0; i < p.steps_size(); ++i) {
    const std::string sf = absl::StrCat(f, ".steps[", i, "]");
    const auto& s = p.steps(i);
    RETURN_IF_ERROR(ValidateStep(s, sf));
    if (!ids.insert(s.id()).second) {
      return InvalidField(absl::StrCat(sf, ".id"), "is used by two steps");
    }
    RETURN_IF_ERROR(CheckStepDocuments(s, sf));
    int& slot = s.decision() == v1::AccessionStep::START     ? start
                : s.decision() == v1::AccessionStep::OUTCOME ? outcome
                                                             : report;
    if (s.kind() == v1::AccessionStep::DECISION && slot >= 0) {
      return InvalidField(absl::StrCat(sf, ".decision"),
                          "a protocol has one START and one OUTCOME decision");
    }
    if (s.kind() == v1::AccessionStep::DECISION ||
        (s.kind() == v1::AccessionStep::REPORT && report < 0)) {
      slot = i;
    }
  }
  if (start < 0 || outcome < 0 || start > outcome) {
    return InvalidField(absl::StrCat(f, ".steps"),
                        "need a START decision before an OUTCOME decision");
  }
  if (report < 0 || report > outcome) {
    return InvalidField(absl::StrCat(f, ".steps"),
                        "need a REPORT step before the OUTCOME decision");
  }
  return absl::OkStatus();
}

v1::Application StartApplication(const v1::AccessionProtocol& protocol,
                                 const std::string& organisation,
                                 const std::string& today) {
  v1::Application app;
  app.set_organisation(organisation);
  app.set_protocol(protocol.name());
  app.set_protocol_version(protocol.version());
  app.set_state(v1::Application::OPEN);
  for (const auto& s : protocol.steps()) {
    *app.add_steps()->mutable_step() = s;
  }
  if (app.steps_size() > 0) {
    v1::ApplicationStep* first = app.mutable_steps(0);
    app.set_current_step(first->step().id());
    if (first->step().due_days() > 0) {
      first->set_due_date(AddDays(today, first->step().due_days()));
    }
  }
  return app;
}

absl::Status CompleteStep(v1::Application* app, const std::string& step_id,
                          const std::string& comment,
                          const std::vector<v1::ChecklistAnswer>& answers,
                          const Act& act) {
  ASSIGN_OR_RETURN(int index, CurrentStep(*app, step_id));
  v1::ApplicationStep* step = app->mutable_steps(index);
  if (step->step().kind() == v1::AccessionStep::DECISION) {
    return Precondition(absl::StrCat("step \"", step_id,
                                     "\" is a decision: record it with "
                                     ":decide"));
  }
  RETURN_IF_ERROR(
      resource::ValidateText(comment, "comment", 4000, false, true));
  RETURN_IF_ERROR(CheckAnswers(step->step(), answers));
  step->set_comment(comment);
  for (const auto& a : answers) {
    *step->add_checklist_answers() = a;
  }
  Advance(app, index, act);
  return absl::OkStatus();
}

absl::StatusOr<MembershipEffect> Decide(v1::Application* app,
                                        v1::AccessionDecision d,
                                        const Act& act) {
  ASSIGN_OR_RETURN(int index, CurrentStep(*app, d.step_id()));
  const v1::AccessionStep& step = app->steps(index).step();
  if (step.kind() != v1::AccessionStep::DECISION) {
    return Precondition(absl::StrCat("step \"", d.step_id(),
                                     "\" is no decision: complete it with "
                                     ":completeStep"));
  }
  RETURN_IF_ERROR(resource::ValidateText(d.reasons(), "decision.reasons", 4000,
                                         true, true));
  ASSIGN_OR_RETURN(auto day, resource::ParseDate(d.decision_date(),
                                                 "decision.decision_date"));
  const bool start = step.decision() == v1::AccessionStep::START;
  if (start) {
    if (d.outcome() != v1::ACCESSION_OUTCOME_UNSPECIFIED ||
        d.deficiencies_size() > 0 || !d.reaudit_due_date().empty()) {
      return InvalidField("decision.outcome",
                          "the start decision has conditions, no outcome");
    }
    for (int i = 0; i < d.conditions_size(); ++i) {
      RETURN_IF_ERROR(resource::ValidateText(
          d.conditions(i), absl::StrCat("decision.conditions[", i, "]"), 1000,
          true, true));
    }
  } else {
    if (!IsReportComplete(*app, index)) {
      return Precondition("the outcome is decided only after the audit report");
    }
    if (d.conditions_size() > 0) {
      return InvalidField("decision.conditions",
                          "only the start decision has conditions");
    }
    RETURN_IF_ERROR(ValidateOutcome(&d, day));
  }
  d.set_decided_by(act.actor);
  ToTimestamp(act.now, d.mutable_record_time());
  *(start ? app->mutable_start_decision() : app->mutable_outcome_decision()) =
      d;
  app->mutable_steps(index)->set_comment(d.reasons());
  Advance(app, index, act);
  if (!start) {
    app->set_state(v1::Application::CLOSED);
    app->clear_current_step();
  }
  MembershipEffect effect = EffectOf(d, start);
  if (!app->reaudit_of().empty() && d.outcome() == v1::NOT_ADMITTED &&
      d.stay_cooperating()) {
    effect.kind = MembershipEffect::kSetRole;
    effect.role = v1::Membership::COOPERATING;
    effect.demote = true;
  }
  return effect;
}

absl::StatusOr<std::optional<v1::Membership>> MembershipAfter(
    const std::optional<v1::Membership>& current,
    const std::string& organisation, const MembershipEffect& effect) {
  if (effect.kind == MembershipEffect::kKeep) {
    return std::nullopt;
  }
  const bool active = current.has_value() && current->end_date().empty();
  if (effect.kind == MembershipEffect::kEnd) {
    if (!active) {
      return std::nullopt;
    }
    v1::Membership m = *current;
    m.set_end_date(effect.date);
    return m;
  }
  if (effect.role == v1::Membership::COOPERATING && active && !effect.demote &&
      (current->role() == v1::Membership::PARTNER ||
       current->role() == v1::Membership::FOLLOWING)) {
    return Precondition(
        absl::StrCat(organisation, " is already a ",
                     v1::Membership::Role_Name(current->role()),
                     " member of the partnership; end that membership first"));
  }
  v1::Membership m;
  if (current.has_value()) {
    m = *current;
  }
  m.set_organisation(organisation);
  m.set_role(effect.role);
  if (!active) {
    m.set_start_date(effect.date);
    m.clear_end_date();
  }
  return m;
}

absl::Status MayManageAccession(const auth::Principal& who,
                                absl::string_view partnership_id) {
  if (who.IsAdmin() ||
      who.HasRoleIn(auth::kCoordinator,
                    absl::StrCat("partnerships/", partnership_id))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only coordinators of this partnership and administrators manage "
      "accession");
}

std::vector<std::string> JoiningOrganisationsOf(const auth::Principal& who) {
  std::set<std::string> ids;
  for (absl::string_view role : {auth::kHr, auth::kSchoolEducator}) {
    for (const auto& scope : who.ScopesWithRole(role)) {
      auto id = resource::ParseName(scope, "organisations", "scope");
      if (id.ok()) {
        ids.insert(*id);
      }
    }
  }
  return {ids.begin(), ids.end()};
}

absl::Status MaySeeApplication(const auth::Principal& who,
                               absl::string_view partnership_id,
                               absl::string_view organisation_id) {
  if (MayManageAccession(who, partnership_id).ok()) {
    return absl::OkStatus();
  }
  const std::string scope = absl::StrCat("organisations/", organisation_id);
  if (who.HasRoleIn(auth::kHr, scope) ||
      who.HasRoleIn(auth::kSchoolEducator, scope)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the partnership's coordinators and the joining school see this "
      "application");
}

}  // namespace samen::partners

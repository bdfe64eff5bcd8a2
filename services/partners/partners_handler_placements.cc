// Placement rounds (partnerships/{p}/placementRounds/{round}): capacities and
// rules, :propose (the solver, placement_solver.h), hand-made changes and
// locks, :publish. Coordinators of the partnership and administrators manage;
// institute educators read; schools and students see published placements
// that concern them (placement_round_rules.h).

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/partners/partners_handler.h"
#include "services/partners/placement_round_rules.h"
#include "services/partners/placement_solver.h"
#include "services/partners/student_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

using resource::Tail;

bool InCapacities(const v1::PlacementRound& round, const std::string& school) {
  for (const v1::SchoolCapacity& c : round.capacities()) {
    if (c.school() == school) {
      return true;
    }
  }
  return false;
}

// The solver's placements as the API's.
std::vector<v1::Placement> ToPlacements(const placement::Proposal& p) {
  std::vector<v1::Placement> out;
  for (const placement::Placement& pl : p.placements) {
    v1::Placement v;
    v.set_student(absl::StrCat("students/", pl.student_id));
    if (!pl.school_id.empty()) {
      v.set_school(absl::StrCat("organisations/", pl.school_id));
    } else {
      v.add_reasons("not placed: see the round's last_proposal.blockers");
    }
    v.set_locked(pl.locked);
    v.set_preference_rank(pl.preference_rank);
    v.set_travel_minutes(pl.travel_minutes);
    for (const std::string& r : pl.reasons) {
      v.add_reasons(r);
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

ServerUnaryReactor* PartnersHandler::GetPlacementRound(
    CallbackServerContext* ctx, const v1::GetPlacementRoundRequest* req,
    v1::PlacementRound* resp) {
  return runtime_->Serve(
      ctx, "GetPlacementRound", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(RoundName name,
                         ParsePlacementRoundName(req.name(), "name"));
        ASSIGN_OR_RETURN(auto round,
                         placements_->GetPlacementRound(name, call.deadline));
        RETURN_IF_ERROR(
            MayReadRound(call.principal, name.partnership_id, round));
        *resp = std::move(round);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListPlacementRounds(
    CallbackServerContext* ctx, const v1::ListPlacementRoundsRequest* req,
    v1::ListPlacementRoundsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListPlacementRounds", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            std::string p,
            resource::ParseName(req.parent(), "partnerships", "parent"));
        const auth::Principal& who = call.principal;
        if (!MayManageRound(who, p).ok() &&
            !who.HasRole(auth::kInstituteEducator) &&
            !who.HasRole(auth::kSchoolEducator)) {
          return MayManageRound(who, p);
        }
        return resource::ServeListPage(
            req, absl::StrCat("placementRounds|", p),
            [&](const resource::PageQuery& q) {
              return placements_->ListPlacementRounds(p, q.after, q.size,
                                                      call.deadline);
            },
            [&](auto* r, auto item) {
              if (MayReadRound(who, p, item).ok()) {
                *r->add_placement_rounds() = std::move(item);
              }
            },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreatePlacementRound(
    CallbackServerContext* ctx, const v1::CreatePlacementRoundRequest* req,
    v1::PlacementRound* resp) {
  return runtime_->Serve(
      ctx, "CreatePlacementRound", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            std::string p,
            resource::ParseName(req.parent(), "partnerships", "parent"));
        RETURN_IF_ERROR(MayManageRound(call.principal, p));
        const v1::PlacementRound& round = req.placement_round();
        RETURN_IF_ERROR(ValidatePlacementRound(round, "placement_round"));
        std::string id = req.placement_round_id();
        if (id.empty()) {
          id = absl::StrCat("round-", round.school_year());
        }
        RETURN_IF_ERROR(resource::ValidateId(id, "placement_round_id"));
        ASSIGN_OR_RETURN(*resp, placements_->CreatePlacementRound(
                                    {p, id}, round, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdatePlacementRound(
    CallbackServerContext* ctx, const v1::UpdatePlacementRoundRequest* req,
    v1::PlacementRound* resp) {
  return runtime_->Serve(
      ctx, "UpdatePlacementRound", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const v1::PlacementRound& patch = req.placement_round();
        ASSIGN_OR_RETURN(
            RoundName name,
            ParsePlacementRoundName(patch.name(), "placement_round.name"));
        RETURN_IF_ERROR(MayManageRound(call.principal, name.partnership_id));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), patch,
                                        UpdatablePlacementRoundFields()));
        ASSIGN_OR_RETURN(*resp, placements_->UpdatePlacementRound(
                                    name, patch.etag(),
                                    [&](v1::PlacementRound* current) {
                                      resource::ApplyMask(mask, patch, current);
                                      return ValidatePlacementRound(
                                          *current, "placement_round");
                                    },
                                    call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ProposePlacements(
    CallbackServerContext* ctx, const v1::ProposePlacementsRequest* req,
    v1::PlacementRound* resp) {
  return runtime_->Serve(
      ctx, "ProposePlacements", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(RoundName name,
                         ParsePlacementRoundName(req.name(), "name"));
        RETURN_IF_ERROR(MayManageRound(call.principal, name.partnership_id));
        if (req.time_limit_seconds() < 0 || req.time_limit_seconds() > 300) {
          return InvalidField("time_limit_seconds", "must be 0 (60) to 300");
        }
        const double limit =
            req.time_limit_seconds() == 0 ? 60 : req.time_limit_seconds();
        ASSIGN_OR_RETURN(RoundInputs in,
                         placements_->LoadRoundInputs(name, call.deadline));
        if (in.round.state() != v1::PlacementRound::OPEN) {
          return absl::FailedPreconditionError(
              absl::StrCat(in.round.name(), " is published"));
        }
        ASSIGN_OR_RETURN(
            placement::Round round,
            BuildSolverRound(in.round, in.schools, in.students, limit));
        ASSIGN_OR_RETURN(placement::Proposal proposal, placement::Solve(round));
        if (proposal.status == placement::SolveStatus::kNoSolution) {
          return absl::DeadlineExceededError(
              absl::StrCat("the solver found no placement within ", limit,
                           " seconds; raise time_limit_seconds"));
        }
        ASSIGN_OR_RETURN(*resp, placements_->SaveProposal(
                                    name, in.version, ToPlacements(proposal),
                                    SummaryOf(proposal), call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListPlacements(
    CallbackServerContext* ctx, const v1::ListPlacementsRequest* req,
    v1::ListPlacementsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListPlacements", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(RoundName name,
                         ParsePlacementRoundName(req.parent(), "parent"));
        std::string school;
        if (!req.school().empty()) {
          ASSIGN_OR_RETURN(
              school,
              resource::ParseName(req.school(), "organisations", "school"));
        }
        // Whether schools and students may look depends on publication.
        auto manage = ReadablePlacements(call.principal, name.partnership_id,
                                         /*published=*/false);
        PlacementReadScope scope;
        if (manage.ok()) {
          scope = *manage;
        } else {
          ASSIGN_OR_RETURN(auto round,
                           placements_->GetPlacementRound(name, call.deadline));
          ASSIGN_OR_RETURN(scope,
                           ReadablePlacements(
                               call.principal, name.partnership_id,
                               round.state() == v1::PlacementRound::PUBLISHED));
        }
        return resource::ServeListPage(
            req,
            absl::StrCat("placements|", name.partnership_id, "|", name.round_id,
                         "|", school),
            [&](const resource::PageQuery& q)
                -> absl::StatusOr<resource::Page<v1::Placement>> {
              ASSIGN_OR_RETURN(auto page, placements_->ListPlacements(
                                              name, scope, school, q.after,
                                              q.size, call.deadline));
              // The students shown, on their records (all but the
              // caller's own).
              std::vector<std::string> ids;
              for (const v1::Placement& p : page.items) {
                ids.push_back(resource::Tail(p.student()));
              }
              RETURN_IF_ERROR(RecordStudentReads(call, ids, nullptr, "LIST",
                                                 "ListPlacements"));
              return page;
            },
            [](auto* r, auto item) { *r->add_placements() = std::move(item); },
            resp, 100, 500);
      });
}

ServerUnaryReactor* PartnersHandler::UpdatePlacement(
    CallbackServerContext* ctx, const v1::UpdatePlacementRequest* req,
    v1::Placement* resp) {
  return runtime_->Serve(
      ctx, "UpdatePlacement", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const v1::Placement& patch = req.placement();
        ASSIGN_OR_RETURN(RoundStudentName name,
                         ParsePlacementName(patch.name(), "placement.name"));
        RETURN_IF_ERROR(MayManageRound(call.principal, name.partnership_id));
        static const auto* kFields =
            new std::vector<std::string>{"school", "locked"};
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(req.update_mask(),
                                                            patch, *kFields));
        if (!patch.school().empty()) {
          RETURN_IF_ERROR(resource::ParseName(patch.school(), "organisations",
                                              "placement.school")
                              .status());
        }
        ASSIGN_OR_RETURN(
            *resp,
            placements_->UpdatePlacement(
                name, patch.etag(),
                [&](v1::Placement* current, const RoundInputs& in,
                    const RoundStudent& student) -> absl::Status {
                  const std::string before = current->school();
                  resource::ApplyMask(mask, patch, current);
                  if (!current->school().empty() &&
                      !InCapacities(in.round, current->school())) {
                    return InvalidField(
                        "placement.school",
                        absl::StrCat(current->school(),
                                     " offers no places in this round"));
                  }
                  if (current->locked() && current->school().empty()) {
                    return InvalidField("placement.locked",
                                        "a placement without a school cannot "
                                        "be locked");
                  }
                  if (current->school() != before ||
                      current->reasons().empty()) {
                    v1::Placement explained = ExplainManualPlacement(
                        in.round, in.schools, student, Tail(current->school()));
                    current->set_student(explained.student());
                    current->set_preference_rank(explained.preference_rank());
                    current->set_travel_minutes(explained.travel_minutes());
                    *current->mutable_reasons() = explained.reasons();
                  }
                  return absl::OkStatus();
                },
                call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::PublishPlacementRound(
    CallbackServerContext* ctx, const v1::PublishPlacementRoundRequest* req,
    v1::PlacementRound* resp) {
  return runtime_->Serve(
      ctx, "PublishPlacementRound", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(RoundName name,
                         ParsePlacementRoundName(req.name(), "name"));
        RETURN_IF_ERROR(MayManageRound(call.principal, name.partnership_id));
        ASSIGN_OR_RETURN(
            *resp, placements_->PublishPlacementRound(name, call.deadline));
        return absl::OkStatus();
      });
}

// A student's preference: the student themself, institute educators of their
// institute, the partnership's coordinators and administrators. Only the
// latter two groups ("managers" here) set the learning question and the duo
// partner.
namespace {

bool ManagesPreference(const auth::Principal& who, const StudentFacts& f) {
  return MayManageRound(who, f.partnership_id).ok() ||
         who.HasRoleIn(auth::kInstituteEducator,
                       absl::StrCat("organisations/", f.institute_id));
}

absl::Status MayReadPreference(const auth::Principal& who,
                               const StudentFacts& f) {
  if (ManagesPreference(who, f) ||
      (!who.subject.empty() && who.subject == f.person_id)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "a student's preferences are for the student, their institute and the "
      "partnership's coordinators");
}

}  // namespace

ServerUnaryReactor* PartnersHandler::GetPlacementPreference(
    CallbackServerContext* ctx, const v1::GetPlacementPreferenceRequest* req,
    v1::PlacementPreference* resp) {
  return runtime_->Serve(
      ctx, "GetPlacementPreference", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(RoundStudentName name,
                         ParsePreferenceName(req.name(), "name"));
        RETURN_IF_ERROR(VisibleStudents(call.principal).status());
        ASSIGN_OR_RETURN(StoredPreference stored,
                         placements_->GetPreference(name, call.deadline));
        RETURN_IF_ERROR(MayReadPreference(call.principal, stored.student));
        *resp = std::move(stored.preference);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdatePlacementPreference(
    CallbackServerContext* ctx, const v1::UpdatePlacementPreferenceRequest* req,
    v1::PlacementPreference* resp) {
  return runtime_->Serve(
      ctx, "UpdatePlacementPreference", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const v1::PlacementPreference& patch = req.preference();
        ASSIGN_OR_RETURN(RoundStudentName name,
                         ParsePreferenceName(patch.name(), "preference.name"));
        RETURN_IF_ERROR(VisibleStudents(call.principal).status());
        const auth::Principal& who = call.principal;
        ASSIGN_OR_RETURN(
            *resp,
            placements_->UpdatePreference(
                name, patch.etag(),
                [&](v1::PlacementPreference* current,
                    const StoredPreference& stored) -> absl::Status {
                  RETURN_IF_ERROR(MayReadPreference(who, stored.student));
                  const bool manager = ManagesPreference(who, stored.student);
                  ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                                  req.update_mask(), patch,
                                                  PreferenceFields(manager)));
                  resource::ApplyMask(mask, patch, current);
                  RETURN_IF_ERROR(ValidatePreference(
                      *current,
                      EffectiveRules(stored.round.rules()).max_preferences,
                      name.student_id, "preference"));
                  for (int k = 0; k < current->choices_size(); ++k) {
                    if (!InCapacities(stored.round,
                                      current->choices(k).school())) {
                      return InvalidField(
                          absl::StrCat("preference.choices[", k, "].school"),
                          absl::StrCat(current->choices(k).school(),
                                       " offers no places in this round"));
                    }
                  }
                  return absl::OkStatus();
                },
                call.deadline));
        return absl::OkStatus();
      });
}

}  // namespace samen::partners

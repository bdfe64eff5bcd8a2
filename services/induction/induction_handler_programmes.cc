// Programmes and starters.

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/induction/access_rules.h"
#include "services/induction/induction_handler.h"
#include "services/induction/names.h"
#include "services/induction/programme_rules.h"

namespace samen::induction {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

absl::Status CheckOwnerUnchanged(const v1::Programme& before,
                                 const v1::Programme& after) {
  return before.owner() == after.owner()
             ? absl::OkStatus()
             : InvalidField("programme.owner", "cannot change");
}

// What creating or updating a starter checks of the result: that `who` may
// manage it there, and that it fits its programme.
InductionRepository::StarterCheck MayManageValidStarter(
    const auth::Principal& who) {
  return [&who](const StarterScope& scope, const v1::Starter& starter,
                const v1::Programme& programme) -> absl::Status {
    RETURN_IF_ERROR(MayManageStarter(who, scope));
    return ValidateStarter(starter, programme.duration_years());
  };
}

// Which starters a listing may show the caller.
StarterVisibility VisibilityOf(const auth::Principal& who) {
  StarterVisibility v;
  v.all = who.IsAdmin();
  v.self_id = who.subject;
  v.coach_id = who.subject;
  constexpr absl::string_view kOrg = "organisations/";
  for (const auto& s : who.ScopesWithRole(auth::kHr)) {
    if (absl::StartsWith(s, kOrg)) {
      v.organisation_ids.push_back(s.substr(kOrg.size()));
    }
  }
  for (const auto& s : who.ScopesWithRole(auth::kSchoolEducator)) {
    if (absl::StartsWith(s, kOrg)) {
      v.educator_school_ids.push_back(s.substr(kOrg.size()));
    }
  }
  for (const auto& s : who.ScopesWithRole(auth::kCoordinator)) {
    if (absl::StartsWith(s, "partnerships/")) {
      v.programme_owners.push_back(s);
    }
  }
  return v;
}

// Every coach named must be in the directory.
absl::Status CheckCoaches(directory::Directory* directory,
                          const CallContext& call, const v1::Starter& s) {
  for (const auto& coach : s.coaches()) {
    auto person = directory->GetPerson(call, coach.substr(7));
    if (!person.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("starter.coaches: ", person.status().message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status InductionHandler::Audit(const CallContext& call,
                                     const std::vector<StarterRecord>& starters,
                                     absl::string_view action) {
  std::vector<AccessEntry> entries;
  for (const auto& r : starters) {
    Access access = AccessToStarter(call.principal, r.scope);
    if (access.relation == Relation::kStaff) {
      entries.push_back({r.scope.starter_id, call.principal.subject,
                         call.principal.display_name, access.role,
                         std::string(action)});
    }
  }
  if (entries.empty()) {
    return absl::OkStatus();
  }
  return repo_->RecordAccess(entries, clock_->Now(), call.deadline);
}

ServerUnaryReactor* InductionHandler::GetProgramme(
    CallbackServerContext* ctx, const v1::GetProgrammeRequest* req,
    v1::Programme* resp) {
  return runtime_->Serve(
      ctx, "GetProgramme", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id,
                         resource::ParseName(req.name(), "programmes", "name"));
        ASSIGN_OR_RETURN(*resp, repo_->GetProgramme(id, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ListProgrammes(
    CallbackServerContext* ctx, const v1::ListProgrammesRequest* req,
    v1::ListProgrammesResponse* resp) {
  return runtime_->Serve(
      ctx, "ListProgrammes", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (!req.owner().empty()) {
          if (auto o = ParseOwner(req.owner(), "owner"); !o.ok()) {
            return o.status();
          }
        }
        const std::string fingerprint =
            absl::StrCat("programmes|", req.owner());
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListProgrammes(req.owner(), q.after, q.size,
                                           call.deadline);
            },
            [](auto* r, auto item) { *r->add_programmes() = std::move(item); },
            resp);
      });
}

ServerUnaryReactor* InductionHandler::CreateProgramme(
    CallbackServerContext* ctx, const v1::CreateProgrammeRequest* req,
    v1::Programme* resp) {
  return runtime_->Serve(
      ctx, "CreateProgramme", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(
            resource::ValidateId(req.programme_id(), "programme_id"));
        RETURN_IF_ERROR(ValidateProgramme(req.programme()));
        RETURN_IF_ERROR(
            MayManageProgramme(call.principal, req.programme().owner()));
        ASSIGN_OR_RETURN(
            *resp, repo_->CreateProgramme(req.programme_id(), req.programme(),
                                          call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::UpdateProgramme(
    CallbackServerContext* ctx, const v1::UpdateProgrammeRequest* req,
    v1::Programme* resp) {
  return runtime_->Serve(
      ctx, "UpdateProgramme", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto id, resource::ParseName(req.programme().name(), "programmes",
                                         "programme.name"));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), req.programme(),
                                        UpdatableProgrammeFields()));
        ASSIGN_OR_RETURN(
            auto p,
            repo_->UpdateProgramme(
                id, req.programme().etag(),
                [&](v1::Programme* current) -> absl::Status {
                  RETURN_IF_ERROR(
                      MayManageProgramme(call.principal, current->owner()));
                  const v1::Programme before = *current;
                  resource::ApplyMask(mask, req.programme(), current);
                  RETURN_IF_ERROR(CheckOwnerUnchanged(before, *current));
                  return ValidateProgramme(*current);
                },
                call.deadline));
        *resp = std::move(p);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::GetStarter(
    CallbackServerContext* ctx, const v1::GetStarterRequest* req,
    v1::Starter* resp) {
  return runtime_->Serve(
      ctx, "GetStarter", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id,
                         resource::ParseName(req.name(), "starters", "name"));
        ASSIGN_OR_RETURN(auto r, repo_->GetStarter(id, call.deadline));
        if (AccessToStarter(call.principal, r.scope).relation ==
            Relation::kNone) {
          return Denied(
              "only the starter, their coaches, HR and school educators of "
              "their school and coordinators of their programme see a "
              "starter");
        }
        if (auto s = Audit(call, {r}, "GetStarter"); !s.ok()) {
          return s;
        }
        *resp = std::move(r.starter);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ListStarters(
    CallbackServerContext* ctx, const v1::ListStartersRequest* req,
    v1::ListStartersResponse* resp) {
  return runtime_->Serve(
      ctx, "ListStarters", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        StarterFilter filter;
        if (!req.school().empty()) {
          ASSIGN_OR_RETURN(
              auto id,
              resource::ParseName(req.school(), "organisations", "school"));
          filter.school_id = id;
        }
        if (!req.programme().empty()) {
          ASSIGN_OR_RETURN(
              auto id,
              resource::ParseName(req.programme(), "programmes", "programme"));
          filter.programme_id = id;
        }
        if (!req.coach().empty()) {
          ASSIGN_OR_RETURN(auto id,
                           resource::ParseName(req.coach(), "people", "coach"));
          filter.coach_id = id;
        }
        const std::string fingerprint =
            absl::StrCat("starters|", req.school(), "|", req.programme(), "|",
                         req.coach(), "|", call.principal.subject);
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q)
                -> absl::StatusOr<Page<StarterRecord>> {
              ASSIGN_OR_RETURN(
                  auto page,
                  repo_->ListStarters(VisibilityOf(call.principal), filter,
                                      q.after, q.size, call.deadline));
              RETURN_IF_ERROR(Audit(call, page.items, "ListStarters"));
              return page;
            },
            [](auto* r, StarterRecord item) {
              *r->add_starters() = std::move(item.starter);
            },
            resp);
      });
}

ServerUnaryReactor* InductionHandler::CreateStarter(
    CallbackServerContext* ctx, const v1::CreateStarterRequest* req,
    v1::Starter* resp) {
  return runtime_->Serve(
      ctx, "CreateStarter", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        v1::Starter s = req.starter();
        ASSIGN_OR_RETURN(
            auto person_id,
            resource::ParseName(s.person(), "people", "starter.person"));
        ASSIGN_OR_RETURN(
            auto school_id,
            resource::ParseName(s.school(), "organisations", "starter.school"));
        if (auto p = resource::ParseName(s.programme(), "programmes",
                                         "starter.programme");
            !p.ok()) {
          return p.status();
        }
        if (s.current_year() == 0) {
          s.set_current_year(1);
        }
        if (s.status() == v1::Starter::STATUS_UNSPECIFIED) {
          s.set_status(v1::Starter::ACTIVE);
        }
        // Field checks that do not need the programme come first.
        RETURN_IF_ERROR(ValidateStarter(s, 3));
        auto person = directory_->GetPerson(call, person_id);
        if (!person.ok()) {
          return absl::FailedPreconditionError(
              absl::StrCat("starter.person: ", person.status().message()));
        }
        const auto& orgs = person->organisation_ids;
        if (std::find(orgs.begin(), orgs.end(), school_id) == orgs.end()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "starter.person: ", s.person(), " is not affiliated with ",
              s.school(), " in the directory"));
        }
        RETURN_IF_ERROR(CheckCoaches(directory_, call, s));
        auto school = directory_->GetOrganisation(call, school_id);
        if (!school.ok()) {
          return absl::FailedPreconditionError(
              absl::StrCat("starter.school: ", school.status().message()));
        }
        if (school->type != directory::Organisation::Type::kSchool) {
          return absl::FailedPreconditionError(
              absl::StrCat("starter.school: ", s.school(), " is not a school"));
        }
        NewStarter n{s, person_id, person->display_name, school->board_id};
        ASSIGN_OR_RETURN(auto r, repo_->CreateStarter(
                                     n, MayManageValidStarter(call.principal),
                                     call.deadline));
        *resp = std::move(r.starter);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::UpdateStarter(
    CallbackServerContext* ctx, const v1::UpdateStarterRequest* req,
    v1::Starter* resp) {
  return runtime_->Serve(
      ctx, "UpdateStarter", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id,
                         resource::ParseName(req.starter().name(), "starters",
                                             "starter.name"));
        ASSIGN_OR_RETURN(
            auto mask, resource::EffectiveMask(req.update_mask(), req.starter(),
                                               UpdatableStarterFields()));
        const bool coaches_change =
            std::find(mask.paths().begin(), mask.paths().end(), "coaches") !=
            mask.paths().end();
        if (coaches_change) {
          if (auto st = ValidateStarter(
                  [&] {
                    v1::Starter probe;
                    probe.set_start_date("2000-01-01");
                    probe.set_current_year(1);
                    probe.set_status(v1::Starter::ACTIVE);
                    *probe.mutable_coaches() = req.starter().coaches();
                    return probe;
                  }(),
                  3);
              !st.ok()) {
            return st;
          }
          RETURN_IF_ERROR(CheckCoaches(directory_, call, req.starter()));
        }
        ASSIGN_OR_RETURN(
            auto r, repo_->UpdateStarter(
                        id, req.starter().etag(),
                        [&](const StarterScope& scope) {
                          return MayManageStarter(call.principal, scope);
                        },
                        [&](v1::Starter* current) -> absl::Status {
                          resource::ApplyMask(mask, req.starter(), current);
                          return absl::OkStatus();
                        },
                        MayManageValidStarter(call.principal), call.deadline));
        *resp = std::move(r.starter);
        return absl::OkStatus();
      });
}

}  // namespace samen::induction

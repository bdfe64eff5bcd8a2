// Programmes and starters.

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
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
absl::Status CheckCoaches(Directory* directory, const CallContext& call,
                          const v1::Starter& s) {
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
  return runtime_->Serve(ctx, "GetProgramme", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           auto id =
                               ParseName(req.name(), "programmes", "name");
                           if (!id.ok()) {
                             return id.status();
                           }
                           auto p = repo_->GetProgramme(*id, call.deadline);
                           if (!p.ok()) {
                             return p.status();
                           }
                           *resp = *std::move(p);
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
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        if (!req.owner().empty()) {
          if (auto o = ParseOwner(req.owner(), "owner"); !o.ok()) {
            return o.status();
          }
        }
        const std::string fingerprint =
            absl::StrCat("programmes|", req.owner());
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page =
            repo_->ListProgrammes(req.owner(), *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& p : page->items) {
          *resp->add_programmes() = std::move(p);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::CreateProgramme(
    CallbackServerContext* ctx, const v1::CreateProgrammeRequest* req,
    v1::Programme* resp) {
  return runtime_->Serve(
      ctx, "CreateProgramme", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = ValidateSlug(req.programme_id(), "programme_id");
            !s.ok()) {
          return s;
        }
        if (auto s = ValidateProgramme(req.programme()); !s.ok()) {
          return s;
        }
        if (auto s =
                MayManageProgramme(call.principal, req.programme().owner());
            !s.ok()) {
          return s;
        }
        auto p = repo_->CreateProgramme(req.programme_id(), req.programme(),
                                        call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
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
        auto id =
            ParseName(req.programme().name(), "programmes", "programme.name");
        if (!id.ok()) {
          return id.status();
        }
        auto mask = EffectiveMask(req.update_mask(), req.programme(),
                                  UpdatableProgrammeFields());
        if (!mask.ok()) {
          return mask.status();
        }
        auto p = repo_->UpdateProgramme(
            *id, req.programme().etag(),
            [&](v1::Programme* current) -> absl::Status {
              if (auto s = MayManageProgramme(call.principal, current->owner());
                  !s.ok()) {
                return s;
              }
              const v1::Programme before = *current;
              ApplyMask(*mask, req.programme(), current);
              if (auto s = CheckOwnerUnchanged(before, *current); !s.ok()) {
                return s;
              }
              return ValidateProgramme(*current);
            },
            call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
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
        auto id = ParseName(req.name(), "starters", "name");
        if (!id.ok()) {
          return id.status();
        }
        auto r = repo_->GetStarter(*id, call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        if (AccessToStarter(call.principal, r->scope).relation ==
            Relation::kNone) {
          return Denied(
              "only the starter, their coaches, HR and school educators of "
              "their school and coordinators of their programme see a "
              "starter");
        }
        if (auto s = Audit(call, {*r}, "GetStarter"); !s.ok()) {
          return s;
        }
        *resp = std::move(r->starter);
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
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        StarterFilter filter;
        if (!req.school().empty()) {
          auto id = ParseName(req.school(), "organisations", "school");
          if (!id.ok()) {
            return id.status();
          }
          filter.school_id = *id;
        }
        if (!req.programme().empty()) {
          auto id = ParseName(req.programme(), "programmes", "programme");
          if (!id.ok()) {
            return id.status();
          }
          filter.programme_id = *id;
        }
        if (!req.coach().empty()) {
          auto id = ParseName(req.coach(), "people", "coach");
          if (!id.ok()) {
            return id.status();
          }
          filter.coach_id = *id;
        }
        const std::string fingerprint =
            absl::StrCat("starters|", req.school(), "|", req.programme(), "|",
                         req.coach(), "|", call.principal.subject);
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page = repo_->ListStarters(VisibilityOf(call.principal), filter,
                                        *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        if (auto s = Audit(call, page->items, "ListStarters"); !s.ok()) {
          return s;
        }
        for (auto& r : page->items) {
          *resp->add_starters() = std::move(r.starter);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
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
        auto person_id = ParseName(s.person(), "people", "starter.person");
        if (!person_id.ok()) {
          return person_id.status();
        }
        auto school_id =
            ParseName(s.school(), "organisations", "starter.school");
        if (!school_id.ok()) {
          return school_id.status();
        }
        if (auto p =
                ParseName(s.programme(), "programmes", "starter.programme");
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
        if (auto st = ValidateStarter(s, 3); !st.ok()) {
          return st;
        }
        auto person = directory_->GetPerson(call, *person_id);
        if (!person.ok()) {
          return absl::FailedPreconditionError(
              absl::StrCat("starter.person: ", person.status().message()));
        }
        const auto& orgs = person->organisation_ids;
        if (std::find(orgs.begin(), orgs.end(), *school_id) == orgs.end()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "starter.person: ", s.person(), " is not affiliated with ",
              s.school(), " in the directory"));
        }
        if (auto st = CheckCoaches(directory_, call, s); !st.ok()) {
          return st;
        }
        auto board = directory_->BoardOf(call, *school_id);
        if (!board.ok()) {
          return absl::FailedPreconditionError(
              absl::StrCat("starter.school: ", board.status().message()));
        }
        NewStarter n{s, *person_id, person->display_name, *board};
        auto r = repo_->CreateStarter(
            n,
            [&](const StarterScope& scope, const v1::Starter& starter,
                const v1::Programme& programme) -> absl::Status {
              if (auto st = MayManageStarter(call.principal, scope); !st.ok()) {
                return st;
              }
              return ValidateStarter(starter, programme.duration_years());
            },
            call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        *resp = std::move(r->starter);
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
        auto id = ParseName(req.starter().name(), "starters", "starter.name");
        if (!id.ok()) {
          return id.status();
        }
        auto mask = EffectiveMask(req.update_mask(), req.starter(),
                                  UpdatableStarterFields());
        if (!mask.ok()) {
          return mask.status();
        }
        const bool coaches_change =
            std::find(mask->paths().begin(), mask->paths().end(), "coaches") !=
            mask->paths().end();
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
          if (auto st = CheckCoaches(directory_, call, req.starter());
              !st.ok()) {
            return st;
          }
        }
        auto r = repo_->UpdateStarter(
            *id, req.starter().etag(),
            [&](const StarterScope& scope) {
              return MayManageStarter(call.principal, scope);
            },
            [&](v1::Starter* current) -> absl::Status {
              ApplyMask(*mask, req.starter(), current);
              return absl::OkStatus();
            },
            [&](const StarterScope& scope, const v1::Starter& starter,
                const v1::Programme& programme) -> absl::Status {
              if (auto st = MayManageStarter(call.principal, scope); !st.ok()) {
                return st;
              }
              return ValidateStarter(starter, programme.duration_years());
            },
            call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        *resp = std::move(r->starter);
        return absl::OkStatus();
      });
}

}  // namespace samen::induction

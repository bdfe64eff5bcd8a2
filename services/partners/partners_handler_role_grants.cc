// Role grants: the roles people hold in a scope for a period, and their
// history. The rules are in role_grant_rules.h; every change is decided again
// inside the repository's transaction, on what the directory says then.

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/partners/partners_handler.h"
#include "services/partners/role_grant_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

constexpr absl::string_view kReadDenied =
    "you may only read your own role grants and those within the "
    "partnerships you coordinate";

// A server-chosen grant id: "g" and 15 hex digits.
std::string NewRoleGrantId() {
  thread_local absl::BitGen gen;
  return absl::StrFormat("g%015x", absl::Uniform<uint64_t>(gen) >> 4);
}

// A list's `scope` filter: empty, or a partnership or organisation name.
absl::Status ValidateScopeFilter(absl::string_view scope) {
  if (scope.empty()) {
    return absl::OkStatus();
  }
  const bool partnership = absl::StartsWith(scope, "partnerships/");
  if (!partnership && !absl::StartsWith(scope, "organisations/")) {
    return InvalidField("scope",
                        "must be partnerships/{partnership} or "
                        "organisations/{organisation}");
  }
  return resource::ParseName(
             scope, partnership ? "partnerships" : "organisations", "scope")
      .status();
}

RoleGrantFilter FilterFor(const std::string& person_id,
                          const GrantReadScope& read, const std::string& scope,
                          const std::string& role) {
  RoleGrantFilter filter;
  filter.person_id = person_id;
  filter.role = role;
  if (!read.all) {
    filter.all_scopes = false;
    filter.scopes = read.scopes;
  } else if (!scope.empty()) {
    filter.all_scopes = false;
    filter.scopes = {scope};
  }
  return filter;
}

}  // namespace

std::string PartnersHandler::Today() const {
  return resource::FormatDate(TodayInAmsterdam(clock_->Now()));
}

absl::StatusOr<GrantReadScope> PartnersHandler::GrantReader(
    const CallContext& call, const std::string& person_id,
    const std::string& scope) {
  const auth::Principal& who = call.principal;
  std::vector<std::string> managed;
  const std::vector<std::string> coordinated = CoordinatedPartnerships(who);
  if (!who.IsAdmin() && person_id != who.subject && !coordinated.empty()) {
    ASSIGN_OR_RETURN(managed,
                     repo_->ScopesWithin(coordinated, Today(), call.deadline));
  }
  return ReadableGrants(who, person_id, scope, managed);
}

ServerUnaryReactor* PartnersHandler::GetRoleGrant(
    CallbackServerContext* ctx, const v1::GetRoleGrantRequest* req,
    v1::RoleGrant* resp) {
  return runtime_->Serve(
      ctx, "GetRoleGrant", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseRoleGrantName(req.name(), "name"));
        const bool self_or_admin = call.principal.IsAdmin() ||
                                   call.principal.subject == name.person_id;
        auto grant = repo_->GetRoleGrant(name.person_id, name.role_grant_id,
                                         call.deadline);
        if (!grant.ok()) {
          // Whether someone holds a grant is itself a detail.
          if (grant.status().code() == absl::StatusCode::kNotFound &&
              !self_or_admin) {
            return absl::PermissionDeniedError(kReadDenied);
          }
          return grant.status();
        }
        if (!self_or_admin) {
          auto read = GrantReader(call, name.person_id, "");
          if (!read.ok() || !MayShow(*read, grant->scope())) {
            return absl::PermissionDeniedError(kReadDenied);
          }
        }
        *resp = *std::move(grant);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListRoleGrants(
    CallbackServerContext* ctx, const v1::ListRoleGrantsRequest* req,
    v1::ListRoleGrantsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListRoleGrants", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person,
                         ParseRoleGrantParent(req.parent(), "parent"));
        RETURN_IF_ERROR(ValidateScopeFilter(req.scope()));
        if (!req.role().empty()) {
          RETURN_IF_ERROR(ScopeKindOf(req.role(), "role").status());
        }
        ASSIGN_OR_RETURN(auto read, GrantReader(call, person, req.scope()));
        const RoleGrantFilter filter =
            FilterFor(person, read, req.scope(), req.role());
        return resource::ServeListPage(
            req,
            absl::StrCat("roleGrants|", person, "|", req.scope(), "|",
                         req.role()),
            [&](const resource::PageQuery& q) {
              return repo_->ListRoleGrants(filter, q.after, q.size,
                                           call.deadline);
            },
            [](auto* r, auto item) { *r->add_role_grants() = std::move(item); },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreateRoleGrant(
    CallbackServerContext* ctx, const v1::CreateRoleGrantRequest* req,
    v1::RoleGrant* resp) {
  return runtime_->Serve(
      ctx, "CreateRoleGrant", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person,
                         resource::ParseName(req.parent(), "people", "parent"));
        RETURN_IF_ERROR(MayGrantRole(call.principal, req.role_grant().role()));
        std::string id = req.role_grant_id();
        if (id.empty()) {
          id = NewRoleGrantId();
        } else {
          RETURN_IF_ERROR(resource::ValidateId(id, "role_grant_id"));
        }
        const GrantChangeContext change{call.principal.subject, Today()};
        v1::RoleGrant grant;
        grant.set_role(req.role_grant().role());
        grant.set_scope(req.role_grant().scope());
        grant.set_start_date(req.role_grant().start_date().empty()
                                 ? change.today
                                 : req.role_grant().start_date());
        grant.set_end_date(req.role_grant().end_date());
        RETURN_IF_ERROR(ValidateRoleGrant(grant, "role_grant"));
        ASSIGN_OR_RETURN(
            *resp, repo_->CreateRoleGrant(
                       person, id, grant, change,
                       [&](const v1::RoleGrant& g, const ScopeFacts& facts) {
                         return MayChangeRoleGrant(call.principal, g.role(),
                                                   g.scope(), facts);
                       },
                       call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdateRoleGrant(
    CallbackServerContext* ctx, const v1::UpdateRoleGrantRequest* req,
    v1::RoleGrant* resp) {
  return runtime_->Serve(
      ctx, "UpdateRoleGrant", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseRoleGrantName(req.role_grant().name(),
                                                       "role_grant.name"));
        RETURN_IF_ERROR(MayGrantRole(call.principal, ""));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), req.role_grant(),
                                        UpdatableRoleGrantFields()));
        ASSIGN_OR_RETURN(
            *resp,
            repo_->UpdateRoleGrant(
                name.person_id, name.role_grant_id, req.role_grant().etag(),
                GrantChangeContext{call.principal.subject, Today()},
                [&](const v1::RoleGrant& g, const ScopeFacts& facts) {
                  return MayChangeRoleGrant(call.principal, g.role(), g.scope(),
                                            facts);
                },
                [&](v1::RoleGrant* current) {
                  resource::ApplyMask(mask, req.role_grant(), current);
                  return ValidateRoleGrant(*current, "role_grant");
                },
                call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeleteRoleGrant(
    CallbackServerContext* ctx, const v1::DeleteRoleGrantRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteRoleGrant", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseRoleGrantName(req.name(), "name"));
        RETURN_IF_ERROR(MayGrantRole(call.principal, ""));
        return repo_->DeleteRoleGrant(
            name.person_id, name.role_grant_id, req.etag(),
            GrantChangeContext{call.principal.subject, Today()},
            [&](const v1::RoleGrant& g, const ScopeFacts& facts) {
              return MayChangeRoleGrant(call.principal, g.role(), g.scope(),
                                        facts);
            },
            call.deadline);
      });
}

ServerUnaryReactor* PartnersHandler::ListRoleGrantChanges(
    CallbackServerContext* ctx, const v1::ListRoleGrantChangesRequest* req,
    v1::ListRoleGrantChangesResponse* resp) {
  return runtime_->Serve(
      ctx, "ListRoleGrantChanges", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person,
                         resource::ParseName(req.parent(), "people", "parent"));
        ASSIGN_OR_RETURN(auto read, GrantReader(call, person, ""));
        const RoleGrantFilter filter = FilterFor(person, read, "", "");
        return resource::ServeListPage(
            req, absl::StrCat("roleGrantChanges|", person),
            [&](const resource::PageQuery& q) {
              return repo_->ListRoleGrantChanges(filter, q.after, q.size,
                                                 call.deadline);
            },
            [](auto* r, auto item) {
              *r->add_role_grant_changes() = std::move(item);
            },
            resp);
      });
}

}  // namespace samen::partners

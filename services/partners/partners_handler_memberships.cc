// Memberships: an organisation's place in a partnership.

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/partners/partners_handler.h"
#include "services/partners/partners_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* PartnersHandler::GetMembership(
    CallbackServerContext* ctx, const v1::GetMembershipRequest* req,
    v1::Membership* resp) {
  return runtime_->Serve(
      ctx, "GetMembership", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        ASSIGN_OR_RETURN(auto name, ParseMembershipName(req.name(), "name"));
        ASSIGN_OR_RETURN(
            *resp, repo_->GetMembership(name.partnership_id,
                                        name.organisation_id, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListMemberships(
    CallbackServerContext* ctx, const v1::ListMembershipsRequest* req,
    v1::ListMembershipsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListMemberships", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto parent,
                         ParseMembershipParent(req.parent(), "parent"));
        MembershipFilter filter;
        filter.partnership_id = parent;
        filter.role = req.role();
        if (!req.organisation().empty()) {
          ASSIGN_OR_RETURN(
              auto org, resource::ParseName(req.organisation(), "organisations",
                                            "organisation"));
          filter.organisation_id = org;
        }
        if (!req.cluster().empty()) {
          RETURN_IF_ERROR(resource::ValidateId(req.cluster(), "cluster"));
          filter.cluster_id = req.cluster();
        }
        const std::string fingerprint = absl::StrCat(
            "memberships|", filter.partnership_id, "|", filter.organisation_id,
            "|", filter.role, "|", filter.cluster_id);
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListMemberships(filter, q.after, q.size,
                                            call.deadline);
            },
            [](auto* r, auto item) { *r->add_memberships() = std::move(item); },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreateMembership(
    CallbackServerContext* ctx, const v1::CreateMembershipRequest* req,
    v1::Membership* resp) {
  return runtime_->Serve(
      ctx, "CreateMembership", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto partnership,
            resource::ParseName(req.parent(), "partnerships", "parent"));
        RETURN_IF_ERROR(MayChangeMemberships(call.principal, partnership));
        RETURN_IF_ERROR(ValidateMembership(req.membership(), "membership"));
        ASSIGN_OR_RETURN(*resp,
                         repo_->CreateMembership(partnership, req.membership(),
                                                 call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdateMembership(
    CallbackServerContext* ctx, const v1::UpdateMembershipRequest* req,
    v1::Membership* resp) {
  return runtime_->Serve(
      ctx, "UpdateMembership", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseMembershipName(req.membership().name(),
                                                        "membership.name"));
        RETURN_IF_ERROR(
            MayChangeMemberships(call.principal, name.partnership_id));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), req.membership(),
                                        UpdatableMembershipFields()));
        ASSIGN_OR_RETURN(
            auto m, repo_->UpdateMembership(
                        name.partnership_id, name.organisation_id,
                        req.membership().etag(),
                        [&](v1::Membership* current) {
                          resource::ApplyMask(mask, req.membership(), current);
                          return ValidateMembership(*current, "membership");
                        },
                        call.deadline));
        *resp = std::move(m);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeleteMembership(
    CallbackServerContext* ctx, const v1::DeleteMembershipRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteMembership", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseMembershipName(req.name(), "name"));
        RETURN_IF_ERROR(
            MayChangeMemberships(call.principal, name.partnership_id));
        return repo_->DeleteMembership(name.partnership_id,
                                       name.organisation_id, req.etag(),
                                       call.deadline);
      });
}

}  // namespace samen::partners

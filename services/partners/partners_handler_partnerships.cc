// Partnerships: get, list, create, update, delete.

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

ServerUnaryReactor* PartnersHandler::GetPartnership(
    CallbackServerContext* ctx, const v1::GetPartnershipRequest* req,
    v1::Partnership* resp) {
  return runtime_->Serve(
      ctx, "GetPartnership", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        ASSIGN_OR_RETURN(
            auto id, resource::ParseName(req.name(), "partnerships", "name"));
        ASSIGN_OR_RETURN(*resp, repo_->GetPartnership(id, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListPartnerships(
    CallbackServerContext* ctx, const v1::ListPartnershipsRequest* req,
    v1::ListPartnershipsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListPartnerships", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(
            resource::ValidateText(req.region(), "region", 100, false));
        PartnershipFilter filter{req.region(), req.status(), req.sector()};
        const std::string fingerprint =
            absl::StrCat("partnerships|", absl::AsciiStrToLower(req.region()),
                         "|", req.status(), "|", req.sector());
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListPartnerships(filter, q.after, q.size,
                                             call.deadline);
            },
            [](auto* r, auto item) {
              *r->add_partnerships() = std::move(item);
            },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreatePartnership(
    CallbackServerContext* ctx, const v1::CreatePartnershipRequest* req,
    v1::Partnership* resp) {
  return runtime_->Serve(
      ctx, "CreatePartnership", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(MayCreatePartnership(call.principal));
        RETURN_IF_ERROR(
            resource::ValidateId(req.partnership_id(), "partnership_id"));
        RETURN_IF_ERROR(ValidatePartnership(req.partnership(), "partnership"));
        ASSIGN_OR_RETURN(
            *resp, repo_->CreatePartnership(req.partnership_id(),
                                            req.partnership(), call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdatePartnership(
    CallbackServerContext* ctx, const v1::UpdatePartnershipRequest* req,
    v1::Partnership* resp) {
  return runtime_->Serve(
      ctx, "UpdatePartnership", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto id, resource::ParseName(req.partnership().name(),
                                         "partnerships", "partnership.name"));
        RETURN_IF_ERROR(MayUpdatePartnership(call.principal, id));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), req.partnership(),
                                        UpdatablePartnershipFields()));
        ASSIGN_OR_RETURN(
            auto p, repo_->UpdatePartnership(
                        id, req.partnership().etag(),
                        [&](v1::Partnership* current) {
                          resource::ApplyMask(mask, req.partnership(), current);
                          return ValidatePartnership(*current, "partnership");
                        },
                        call.deadline));
        *resp = std::move(p);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeletePartnership(
    CallbackServerContext* ctx, const v1::DeletePartnershipRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeletePartnership", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto id, resource::ParseName(req.name(), "partnerships", "name"));
        RETURN_IF_ERROR(MayDeletePartnership(call.principal));
        return repo_->DeletePartnership(id, req.etag(), req.force(),
                                        call.deadline);
      });
}

}  // namespace samen::partners

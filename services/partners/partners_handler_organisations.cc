// Organisations: get, list, create, update, delete.

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

ServerUnaryReactor* PartnersHandler::GetOrganisation(
    CallbackServerContext* ctx, const v1::GetOrganisationRequest* req,
    v1::Organisation* resp) {
  return runtime_->Serve(
      ctx, "GetOrganisation", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        ASSIGN_OR_RETURN(
            auto id, resource::ParseName(req.name(), "organisations", "name"));
        ASSIGN_OR_RETURN(*resp, repo_->GetOrganisation(id, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListOrganisations(
    CallbackServerContext* ctx, const v1::ListOrganisationsRequest* req,
    v1::ListOrganisationsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListOrganisations", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        OrganisationFilter filter;
        filter.type = req.type();
        filter.sector = req.sector();
        filter.city = req.city();
        RETURN_IF_ERROR(resource::ValidateText(req.city(), "city", 100, false));
        if (!req.board().empty()) {
          ASSIGN_OR_RETURN(
              auto board,
              resource::ParseName(req.board(), "organisations", "board"));
          filter.board_id = board;
        }
        if (!req.partnership().empty()) {
          ASSIGN_OR_RETURN(
              auto p, resource::ParseName(req.partnership(), "partnerships",
                                          "partnership"));
          filter.partnership_id = p;
        }
        const std::string fingerprint =
            absl::StrCat("organisations|", filter.type, "|", filter.sector, "|",
                         absl::AsciiStrToLower(filter.city), "|",
                         filter.board_id, "|", filter.partnership_id);
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListOrganisations(filter, q.after, q.size,
                                              call.deadline);
            },
            [](auto* r, auto item) {
              *r->add_organisations() = std::move(item);
            },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreateOrganisation(
    CallbackServerContext* ctx, const v1::CreateOrganisationRequest* req,
    v1::Organisation* resp) {
  return runtime_->Serve(
      ctx, "CreateOrganisation", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(MayCreateOrganisation(call.principal));
        RETURN_IF_ERROR(
            resource::ValidateId(req.organisation_id(), "organisation_id"));
        RETURN_IF_ERROR(
            ValidateOrganisation(req.organisation(), "organisation"));
        ASSIGN_OR_RETURN(*resp, repo_->CreateOrganisation(req.organisation_id(),
                                                          req.organisation(),
                                                          call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdateOrganisation(
    CallbackServerContext* ctx, const v1::UpdateOrganisationRequest* req,
    v1::Organisation* resp) {
  return runtime_->Serve(
      ctx, "UpdateOrganisation", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto id, resource::ParseName(req.organisation().name(),
                                         "organisations", "organisation.name"));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), req.organisation(),
                                        UpdatableOrganisationFields()));
        ASSIGN_OR_RETURN(
            auto o,
            repo_->UpdateOrganisation(
                id, req.organisation().etag(),
                [&](v1::Organisation* current,
                    const std::vector<std::string>& member_of) {
                  RETURN_IF_ERROR(
                      MayUpdateOrganisation(call.principal, id, member_of));
                  resource::ApplyMask(mask, req.organisation(), current);
                  return ValidateOrganisation(*current, "organisation");
                },
                call.deadline));
        *resp = std::move(o);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeleteOrganisation(
    CallbackServerContext* ctx, const v1::DeleteOrganisationRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteOrganisation", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto id, resource::ParseName(req.name(), "organisations", "name"));
        RETURN_IF_ERROR(MayDeleteOrganisation(call.principal));
        return repo_->DeleteOrganisation(id, req.etag(), call.deadline);
      });
}

}  // namespace samen::partners

// Partnerships and organisations. Memberships and people:
// partners_handler_people.cc.

#include "services/partners/partners_handler.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/partners/partners_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

// ---- Partnerships
// ----------------------------------------------------------------

ServerUnaryReactor* PartnersHandler::GetPartnership(
    CallbackServerContext* ctx, const v1::GetPartnershipRequest* req,
    v1::Partnership* resp) {
  return runtime_->Serve(
      ctx, "GetPartnership", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        auto id = ParseName(req.name(), "partnerships", "name");
        if (!id.ok()) {
          return id.status();
        }
        auto p = repo_->GetPartnership(*id, call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
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
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        if (auto s = ValidateText(req.region(), "region", 100, false);
            !s.ok()) {
          return s;
        }
        PartnershipFilter filter{req.region(), req.status(), req.sector()};
        const std::string fingerprint =
            absl::StrCat("partnerships|", absl::AsciiStrToLower(req.region()),
                         "|", req.status(), "|", req.sector());
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page =
            repo_->ListPartnerships(filter, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& p : page->items) {
          *resp->add_partnerships() = std::move(p);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::CreatePartnership(
    CallbackServerContext* ctx, const v1::CreatePartnershipRequest* req,
    v1::Partnership* resp) {
  return runtime_->Serve(
      ctx, "CreatePartnership", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = MayCreatePartnership(call.principal); !s.ok()) {
          return s;
        }
        if (auto s = ValidateResourceId(req.partnership_id(), "partnership_id");
            !s.ok()) {
          return s;
        }
        if (auto s = ValidatePartnership(req.partnership(), "partnership");
            !s.ok()) {
          return s;
        }
        auto p = repo_->CreatePartnership(req.partnership_id(),
                                          req.partnership(), call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
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
        auto id = ParseName(req.partnership().name(), "partnerships",
                            "partnership.name");
        if (!id.ok()) {
          return id.status();
        }
        if (auto s = MayUpdatePartnership(call.principal, *id); !s.ok()) {
          return s;
        }
        auto mask = EffectiveMask(req.update_mask(), req.partnership(),
                                  UpdatablePartnershipFields());
        if (!mask.ok()) {
          return mask.status();
        }
        auto p = repo_->UpdatePartnership(
            *id, req.partnership().etag(),
            [&](v1::Partnership* current) {
              ApplyMask(*mask, req.partnership(), current);
              return ValidatePartnership(*current, "partnership");
            },
            call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeletePartnership(
    CallbackServerContext* ctx, const v1::DeletePartnershipRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeletePartnership", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        auto id = ParseName(req.name(), "partnerships", "name");
        if (!id.ok()) {
          return id.status();
        }
        if (auto s = MayDeletePartnership(call.principal); !s.ok()) {
          return s;
        }
        return repo_->DeletePartnership(*id, req.etag(), req.force(),
                                        call.deadline);
      });
}

// ---- Organisations
// ---------------------------------------------------------------

ServerUnaryReactor* PartnersHandler::GetOrganisation(
    CallbackServerContext* ctx, const v1::GetOrganisationRequest* req,
    v1::Organisation* resp) {
  return runtime_->Serve(
      ctx, "GetOrganisation", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        auto id = ParseName(req.name(), "organisations", "name");
        if (!id.ok()) {
          return id.status();
        }
        auto o = repo_->GetOrganisation(*id, call.deadline);
        if (!o.ok()) {
          return o.status();
        }
        *resp = *std::move(o);
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
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        OrganisationFilter filter;
        filter.type = req.type();
        filter.sector = req.sector();
        filter.city = req.city();
        if (auto s = ValidateText(req.city(), "city", 100, false); !s.ok()) {
          return s;
        }
        if (!req.board().empty()) {
          auto board = ParseName(req.board(), "organisations", "board");
          if (!board.ok()) {
            return board.status();
          }
          filter.board_id = *board;
        }
        if (!req.partnership().empty()) {
          auto p = ParseName(req.partnership(), "partnerships", "partnership");
          if (!p.ok()) {
            return p.status();
          }
          filter.partnership_id = *p;
        }
        const std::string fingerprint =
            absl::StrCat("organisations|", filter.type, "|", filter.sector, "|",
                         absl::AsciiStrToLower(filter.city), "|",
                         filter.board_id, "|", filter.partnership_id);
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page =
            repo_->ListOrganisations(filter, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& o : page->items) {
          *resp->add_organisations() = std::move(o);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::CreateOrganisation(
    CallbackServerContext* ctx, const v1::CreateOrganisationRequest* req,
    v1::Organisation* resp) {
  return runtime_->Serve(
      ctx, "CreateOrganisation", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = MayCreateOrganisation(call.principal); !s.ok()) {
          return s;
        }
        if (auto s =
                ValidateResourceId(req.organisation_id(), "organisation_id");
            !s.ok()) {
          return s;
        }
        if (auto s = ValidateOrganisation(req.organisation(), "organisation");
            !s.ok()) {
          return s;
        }
        auto o = repo_->CreateOrganisation(req.organisation_id(),
                                           req.organisation(), call.deadline);
        if (!o.ok()) {
          return o.status();
        }
        *resp = *std::move(o);
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
        auto id = ParseName(req.organisation().name(), "organisations",
                            "organisation.name");
        if (!id.ok()) {
          return id.status();
        }
        auto mask = EffectiveMask(req.update_mask(), req.organisation(),
                                  UpdatableOrganisationFields());
        if (!mask.ok()) {
          return mask.status();
        }
        auto o = repo_->UpdateOrganisation(
            *id, req.organisation().etag(),
            [&](v1::Organisation* current,
                const std::vector<std::string>& member_of) {
              if (auto s =
                      MayUpdateOrganisation(call.principal, *id, member_of);
                  !s.ok()) {
                return s;
              }
              ApplyMask(*mask, req.organisation(), current);
              return ValidateOrganisation(*current, "organisation");
            },
            call.deadline);
        if (!o.ok()) {
          return o.status();
        }
        *resp = *std::move(o);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeleteOrganisation(
    CallbackServerContext* ctx, const v1::DeleteOrganisationRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteOrganisation", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        auto id = ParseName(req.name(), "organisations", "name");
        if (!id.ok()) {
          return id.status();
        }
        if (auto s = MayDeleteOrganisation(call.principal); !s.ok()) {
          return s;
        }
        return repo_->DeleteOrganisation(*id, req.etag(), call.deadline);
      });
}

}  // namespace samen::partners

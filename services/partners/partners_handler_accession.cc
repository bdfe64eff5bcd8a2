// Joining a partnership: accession protocols and applications
// (docs/joining.md). Coordinators of the partnership and administrators
// manage; the joining organisation's HR and school educators read their own
// application.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/partners/accession_audit_rules.h"
#include "services/partners/accession_rules.h"
#include "services/partners/partners_handler.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* PartnersHandler::GetAccessionProtocol(
    CallbackServerContext* ctx, const v1::GetAccessionProtocolRequest* req,
    v1::AccessionProtocol* resp) {
  return runtime_->Serve(
      ctx, "GetAccessionProtocol", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseProtocolName(req.name(), "name"));
        RETURN_IF_ERROR(
            MayManageAccession(call.principal, name.partnership_id));
        ASSIGN_OR_RETURN(
            *resp, repo_->GetAccessionProtocol(name.partnership_id, name.id,
                                               call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListAccessionProtocols(
    CallbackServerContext* ctx, const v1::ListAccessionProtocolsRequest* req,
    v1::ListAccessionProtocolsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListAccessionProtocols", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto p, resource::ParseName(req.parent(),
                                                     "partnerships", "parent"));
        RETURN_IF_ERROR(MayManageAccession(call.principal, p));
        return resource::ServeListPage(
            req, absl::StrCat("accessionProtocols|", p),
            [&](const resource::PageQuery& q) {
              return repo_->ListAccessionProtocols(p, q.after, q.size,
                                                   call.deadline);
            },
            [](auto* r, auto item) {
              *r->add_accession_protocols() = std::move(item);
            },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreateAccessionProtocol(
    CallbackServerContext* ctx, const v1::CreateAccessionProtocolRequest* req,
    v1::AccessionProtocol* resp) {
  return runtime_->Serve(
      ctx, "CreateAccessionProtocol", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto p, resource::ParseName(req.parent(),
                                                     "partnerships", "parent"));
        RETURN_IF_ERROR(MayManageAccession(call.principal, p));
        RETURN_IF_ERROR(resource::ValidateId(req.accession_protocol_id(),
                                             "accession_protocol_id"));
        RETURN_IF_ERROR(
            ValidateProtocol(req.accession_protocol(), "accession_protocol"));
        ASSIGN_OR_RETURN(*resp, repo_->CreateAccessionProtocol(
                                    p, req.accession_protocol_id(),
                                    req.accession_protocol(), call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::GetApplication(
    CallbackServerContext* ctx, const v1::GetApplicationRequest* req,
    v1::Application* resp) {
  return runtime_->Serve(
      ctx, "GetApplication", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(*resp, SeenApplication(call, req.name(), "name"));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListApplications(
    CallbackServerContext* ctx, const v1::ListApplicationsRequest* req,
    v1::ListApplicationsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListApplications", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ApplicationFilter filter;
        ASSIGN_OR_RETURN(
            filter.partnership_id,
            resource::ParseName(req.parent(), "partnerships", "parent"));
        auto manage = MayManageAccession(call.principal, filter.partnership_id);
        if (!manage.ok()) {
          // The joining school's own, and those the caller audits.
          filter.all_organisations = false;
          filter.organisation_ids = JoiningOrganisationsOf(call.principal);
          filter.committee_person_id = call.principal.subject;
        }
        std::string fingerprint =
            absl::StrCat("applications|", filter.partnership_id, "|",
                         filter.committee_person_id);
        for (const auto& o : filter.organisation_ids) {
          absl::StrAppend(&fingerprint, "|", o);
        }
        const absl::CivilDay today = TodayInAmsterdam(clock_->Now());
        RETURN_IF_ERROR(resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListApplications(filter, q.after, q.size,
                                             call.deadline);
            },
            [&](auto* r, auto item) {
              MarkOverdue(&item, today);
              *r->add_applications() = std::move(item);
            },
            resp));
        // Neither coordinator, nor joining school, nor on any committee:
        // none of it is theirs to see.
        if (!manage.ok() && filter.organisation_ids.empty() &&
            req.page_token().empty() && resp->applications_size() == 0) {
          return manage;
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::CreateApplication(
    CallbackServerContext* ctx, const v1::CreateApplicationRequest* req,
    v1::Application* resp) {
  return runtime_->Serve(
      ctx, "CreateApplication", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto p, resource::ParseName(req.parent(),
                                                     "partnerships", "parent"));
        RETURN_IF_ERROR(MayManageAccession(call.principal, p));
        RETURN_IF_ERROR(
            resource::ValidateId(req.application_id(), "application_id"));
        const auto& a = req.application();
        RETURN_IF_ERROR(resource::ParseName(a.organisation(), "organisations",
                                            "application.organisation")
                            .status());
        ASSIGN_OR_RETURN(
            auto protocol,
            ParseProtocolName(a.protocol(), "application.protocol"));
        if (protocol.partnership_id != p) {
          return InvalidField("application.protocol",
                              "must be a protocol of the same partnership");
        }
        const std::string today = Today();
        ASSIGN_OR_RETURN(*resp, repo_->CreateApplication(
                                    p, req.application_id(), protocol.id,
                                    [&](const v1::AccessionProtocol& proto) {
                                      return StartApplication(
                                          proto, a.organisation(), today);
                                    },
                                    call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::CompleteApplicationStep(
    CallbackServerContext* ctx, const v1::CompleteApplicationStepRequest* req,
    v1::Application* resp) {
  return runtime_->Serve(
      ctx, "CompleteApplicationStep", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseApplicationName(req.name(), "name"));
        RETURN_IF_ERROR(
            MayManageAccession(call.principal, name.partnership_id));
        if (req.etag().empty()) {
          return InvalidField("etag", "is required: send the etag you read");
        }
        const Act act{call.principal.subject, clock_->Now(), Today()};
        const std::vector<v1::ChecklistAnswer> answers(
            req.checklist_answers().begin(), req.checklist_answers().end());
        // Read before the lock: uploads are never removed, so what is there
        // now is there when the step completes.
        ASSIGN_OR_RETURN(auto uploaded,
                         repo_->ListUploadedDocuments(name.partnership_id,
                                                      name.id, call.deadline));
        ASSIGN_OR_RETURN(
            *resp,
            repo_->ChangeApplication(
                name.partnership_id, name.id, req.etag(), act.actor,
                [&](v1::Application* app) -> absl::StatusOr<MembershipEffect> {
                  RETURN_IF_ERROR(CheckStepDocumentsUploaded(
                      *app, req.step_id(), uploaded));
                  RETURN_IF_ERROR(CompleteStep(app, req.step_id(),
                                               req.comment(), answers, act));
                  return MembershipEffect{};
                },
                call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DecideApplication(
    CallbackServerContext* ctx, const v1::DecideApplicationRequest* req,
    v1::Application* resp) {
  return runtime_->Serve(
      ctx, "DecideApplication", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseApplicationName(req.name(), "name"));
        RETURN_IF_ERROR(
            MayManageAccession(call.principal, name.partnership_id));
        if (req.etag().empty()) {
          return InvalidField("etag", "is required: send the etag you read");
        }
        const Act act{call.principal.subject, clock_->Now(), Today()};
        ASSIGN_OR_RETURN(
            *resp, repo_->ChangeApplication(
                       name.partnership_id, name.id, req.etag(), act.actor,
                       [&](v1::Application* app) {
                         return Decide(app, req.decision(), act);
                       },
                       call.deadline));
        return absl::OkStatus();
      });
}

}  // namespace samen::partners

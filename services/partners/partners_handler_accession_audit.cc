// Joining, continued (docs/joining.md): the audit, the application's
// documents, the steering group's overview and its CSV, a membership's
// history, and copying a protocol. Who may do what: accession_audit_rules.h.

#include <set>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/csv.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/partners/accession_audit_rules.h"
#include "services/partners/accession_rules.h"
#include "services/partners/document_rules.h"
#include "services/partners/partners_handler.h"

ABSL_FLAG(int64_t, max_document_bytes, 20 << 20,
          "Largest application document (self-evaluation, reports) the "
          "Partners service stores, in bytes");

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

absl::StatusOr<v1::Application> PartnersHandler::SeenApplication(
    const CallContext& call, const std::string& name_text,
    absl::string_view field) {
  ASSIGN_OR_RETURN(auto name, ParseApplicationName(name_text, field));
  const auto& who = call.principal;
  auto app = repo_->GetApplication(name.partnership_id, name.id, call.deadline);
  if (absl::IsNotFound(app.status()) &&
      !MayManageAccession(who, name.partnership_id).ok()) {
    // Whether it exists is not for everyone to learn.
    return absl::PermissionDeniedError(
        "only the partnership's coordinators, the joining school and the "
        "audit committee see this application");
  }
  RETURN_IF_ERROR(app.status());
  RETURN_IF_ERROR(MaySeeApplicationOf(who, name.partnership_id, *app));
  MarkOverdue(&*app, TodayInAmsterdam(clock_->Now()));
  return app;
}

ServerUnaryReactor* PartnersHandler::PlanApplicationAudit(
    CallbackServerContext* ctx, const v1::PlanApplicationAuditRequest* req,
    v1::Application* resp) {
  return runtime_->Serve(
      ctx, "PlanApplicationAudit", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseApplicationName(req.name(), "name"));
        RETURN_IF_ERROR(
            MayManageAccession(call.principal, name.partnership_id));
        if (req.etag().empty()) {
          return InvalidField("etag", "is required: send the etag you read");
        }
        RETURN_IF_ERROR(ValidateAudit(req.audit()));
        ASSIGN_OR_RETURN(
            *resp, repo_->PlanApplicationAudit(
                       name.partnership_id, name.id, req.etag(), req.audit(),
                       [&](v1::Application* app) {
                         return PlanAudit(app, req.audit());
                       },
                       call.deadline));
        MarkOverdue(resp, TodayInAmsterdam(clock_->Now()));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UploadApplicationDocument(
    CallbackServerContext* ctx, const v1::UploadApplicationDocumentRequest* req,
    v1::ApplicationDocument* resp) {
  return runtime_->Serve(
      ctx, "UploadApplicationDocument", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name,
                         ParseApplicationName(req.parent(), "parent"));
        ASSIGN_OR_RETURN(auto app,
                         SeenApplication(call, req.parent(), "parent"));
        if (req.kind() == v1::DOCUMENT_KIND_UNSPECIFIED) {
          return InvalidField("kind", "is required");
        }
        RETURN_IF_ERROR(MayUploadDocument(call.principal, name.partnership_id,
                                          app, req.kind()));
        ASSIGN_OR_RETURN(
            CheckedDocument checked,
            CheckDocument(req.content().data(), req.content().content_type(),
                          req.kind(), absl::GetFlag(FLAGS_max_document_bytes)));
        NewDocument doc;
        doc.kind = req.kind();
        doc.step_id = req.step_id();
        doc.content_type = checked.content_type;
        doc.page_count = checked.page_count;
        doc.sha256 = Sha256Hex(req.content().data());
        doc.uploaded_by = call.principal.subject;
        ASSIGN_OR_RETURN(
            *resp,
            repo_->AddApplicationDocument(
                name.partnership_id, name.id, doc, req.content().data(),
                [&](const v1::Application& locked,
                    const std::set<v1::DocumentKind>& present) -> absl::Status {
                  // Again under the lock: the committee may have
                  // changed since the read above.
                  RETURN_IF_ERROR(MayUploadDocument(
                      call.principal, name.partnership_id, locked, req.kind()));
                  return CheckDocumentStep(locked, req.kind(), req.step_id(),
                                           present);
                },
                call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListApplicationDocuments(
    CallbackServerContext* ctx, const v1::ListApplicationDocumentsRequest* req,
    v1::ListApplicationDocumentsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListApplicationDocuments", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name,
                         ParseApplicationName(req.parent(), "parent"));
        RETURN_IF_ERROR(SeenApplication(call, req.parent(), "parent").status());
        return resource::ServeListPage(
            req, absl::StrCat("documents|", req.parent(), "|", req.kind()),
            [&](const resource::PageQuery& q) {
              return repo_->ListApplicationDocuments(
                  name.partnership_id, name.id, req.kind(), q.after, q.size,
                  call.deadline);
            },
            [](auto* r, auto item) { *r->add_documents() = std::move(item); },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::DownloadApplicationDocument(
    CallbackServerContext* ctx,
    const v1::DownloadApplicationDocumentRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->Serve(
      ctx, "DownloadApplicationDocument", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto ref, ParseDocumentName(req.name(), "name"));
        RETURN_IF_ERROR(
            SeenApplication(
                call, ApplicationName(ref.partnership_id, ref.application_id),
                "name")
                .status());
        ASSIGN_OR_RETURN(auto doc, repo_->ReadApplicationDocument(
                                       ref.partnership_id, ref.application_id,
                                       ref.kind, ref.version, call.deadline));
        resp->set_content_type(doc.first.content_type());
        resp->set_data(std::move(doc.second));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::GetApplicationsOverview(
    CallbackServerContext* ctx, const v1::GetApplicationsOverviewRequest* req,
    v1::ApplicationsOverview* resp) {
  return runtime_->Serve(
      ctx, "GetApplicationsOverview", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto p, resource::ParseName(req.parent(),
                                                     "partnerships", "parent"));
        RETURN_IF_ERROR(MayManageAccession(call.principal, p));
        if (req.horizon_days() < 0 || req.horizon_days() > 730) {
          return InvalidField("horizon_days", "must be 0 to 730");
        }
        ASSIGN_OR_RETURN(auto open,
                         repo_->ListOpenApplications(p, call.deadline));
        *resp = Overview(open, TodayInAmsterdam(clock_->Now()),
                         req.horizon_days() == 0 ? 90 : req.horizon_days());
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ExportApplicationsOverview(
    CallbackServerContext* ctx, const v1::GetApplicationsOverviewRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->Serve(
      ctx, "ExportApplicationsOverview", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto p, resource::ParseName(req.parent(),
                                                     "partnerships", "parent"));
        RETURN_IF_ERROR(MayManageAccession(call.principal, p));
        ASSIGN_OR_RETURN(auto open,
                         repo_->ListOpenApplications(p, call.deadline));
        resp->set_content_type(resource::kCsvContentType);
        resp->set_data(
            OverviewCsv(Overview(open, TodayInAmsterdam(clock_->Now()), 90)));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListMembershipChanges(
    CallbackServerContext* ctx, const v1::ListMembershipChangesRequest* req,
    v1::ListMembershipChangesResponse* resp) {
  return runtime_->Serve(
      ctx, "ListMembershipChanges", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto ids, resource::ParseNamePattern(
                                       req.parent(),
                                       "partnerships/{partnership}/memberships/"
                                       "{organisation}",
                                       "parent"));
        RETURN_IF_ERROR(MayManageAccession(call.principal, ids[0]));
        return resource::ServeListPage(
            req, absl::StrCat("membershipChanges|", req.parent()),
            [&](const resource::PageQuery& q) {
              return repo_->ListMembershipChanges(ids[0], ids[1], q.after,
                                                  q.size, call.deadline);
            },
            [](auto* r, auto item) {
              *r->add_membership_changes() = std::move(item);
            },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CopyAccessionProtocol(
    CallbackServerContext* ctx, const v1::CopyAccessionProtocolRequest* req,
    v1::AccessionProtocol* resp) {
  return runtime_->Serve(
      ctx, "CopyAccessionProtocol", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto p, resource::ParseName(req.parent(),
                                                     "partnerships", "parent"));
        RETURN_IF_ERROR(MayManageAccession(call.principal, p));
        RETURN_IF_ERROR(resource::ValidateId(req.accession_protocol_id(),
                                             "accession_protocol_id"));
        ASSIGN_OR_RETURN(auto source,
                         ParseProtocolName(req.source(), "source"));
        ASSIGN_OR_RETURN(*resp, repo_->CopyAccessionProtocol(
                                    p, req.accession_protocol_id(),
                                    source.partnership_id, source.id,
                                    [&](const v1::AccessionProtocol& from) {
                                      return CopyProtocol(
                                          from, source.partnership_id == p,
                                          req.accession_protocol(),
                                          req.update_mask());
                                    },
                                    call.deadline));
        return absl::OkStatus();
      });
}

}  // namespace samen::partners

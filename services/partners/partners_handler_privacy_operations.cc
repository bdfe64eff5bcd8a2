// A person's export and erasure across the services, as operations
// (AIP-151; docs/privacy.md): started here, worked off by the privacy worker
// (privacy_worker.h), read and the export downloaded here.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/privacy/person_data_rpc.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/partners/partners_handler.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

constexpr size_t kMaxReason = 500;

v1::PrivacyOperationStep::State StepStateOf(StepState s) {
  switch (s) {
    case StepState::kWaiting:
      return v1::PrivacyOperationStep::WAITING;
    case StepState::kPending:
      return v1::PrivacyOperationStep::PENDING;
    case StepState::kDone:
      return v1::PrivacyOperationStep::DONE;
    case StepState::kFailed:
      return v1::PrivacyOperationStep::FAILED;
    case StepState::kCancelled:
      return v1::PrivacyOperationStep::CANCELLED;
  }
  return v1::PrivacyOperationStep::STATE_UNSPECIFIED;
}

v1::Operation ToProto(const OperationRow& op) {
  v1::Operation out;
  out.set_name(absl::StrCat("operations/", op.id));
  auto* meta = out.mutable_metadata();
  meta->set_kind(op.kind == OperationKind::kExport ? v1::EXPORT : v1::ERASE);
  meta->set_person(absl::StrCat("people/", op.person_id));
  meta->set_requested_by(absl::StrCat("people/", op.requested_by));
  ToTimestamp(op.create_time, meta->mutable_create_time());
  ToTimestamp(op.update_time, meta->mutable_update_time());
  for (const OperationStep& s : op.steps) {
    auto* step = meta->add_steps();
    step->set_service(s.service);
    step->set_state(StepStateOf(s.state));
    step->set_attempts(s.attempts);
    step->set_last_error(s.last_error);
    ToTimestamp(s.update_time, step->mutable_update_time());
  }
  switch (op.state) {
    case OperationState::kRunning:
      break;
    case OperationState::kFailed:
      out.set_done(true);
      out.mutable_error()->set_code(op.error_code);
      out.mutable_error()->set_message(op.error_message);
      break;
    case OperationState::kSucceeded:
      out.set_done(true);
      if (op.kind == OperationKind::kExport) {
        auto* e = out.mutable_response()->mutable_data_export();
        e->set_name(
            absl::StrCat("people/", op.person_id, "/dataExports/", op.id));
        if (op.archive) {
          e->set_size_bytes(op.archive->size_bytes);
          e->set_sha256(op.archive->sha256);
          ToTimestamp(op.archive->expire_time, e->mutable_expire_time());
        }
      } else {
        auto* summary = out.mutable_response()->mutable_erasure();
        for (const OperationStep& s : op.steps) {
          auto* service = summary->add_services();
          service->set_service(s.service);
          privacy::v1::ErasePersonDataResponse counts;
          if (counts.ParseFromString(s.erasure)) {
            *service->mutable_tables() = counts.tables();
          }
        }
      }
      break;
  }
  return out;
}

// The person of `people/{person}`, refusing pseudonyms (an erased person
// is not exported or erased again).
absl::StatusOr<std::string> PersonOfName(absl::string_view name,
                                         absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, resource::ParseName(name, "people", field));
  if (privacy::IsPseudonym(id)) {
    return absl::FailedPreconditionError(absl::StrCat(
        name, " is an erased person's pseudonym: nothing to export or erase"));
  }
  return id;
}

}  // namespace

absl::Status PartnersHandler::StartOperation(const CallContext& call,
                                             OperationKind kind,
                                             absl::string_view name,
                                             const std::string& request_id,
                                             const std::string& reason,
                                             v1::Operation* resp) {
  NewOperation op;
  op.kind = kind;
  op.requested_by = call.principal.subject;
  op.request_id = request_id;
  op.reason = reason;
  op.services = privacy_.services;
  op.requester_name = call.principal.display_name;
  op.requester_role = "admin";  // whoever exports someone else (MayExport)
  if (request_id.size() > 128) {
    return InvalidField("request_id", "at most 128 characters");
  }
  if (reason.size() > kMaxReason) {
    return InvalidField("reason", "at most 500 characters");
  }
  // Who may comes first: whether someone exists is not told to those who
  // may not ask.
  ASSIGN_OR_RETURN(op.person_id, resource::ParseName(name, "people", "name"));
  RETURN_IF_ERROR(kind == OperationKind::kExport
                      ? MayExport(call.principal, op.person_id)
                      : MayErase(call.principal));
  if (privacy::IsPseudonym(op.person_id) && request_id.empty()) {
    return PersonOfName(name, "name").status();
  }
  if (call.principal.subject.empty()) {
    return absl::PermissionDeniedError("sign in as a person");
  }
  absl::StatusOr<OperationRow> started =
      privacy_.repository->Start(op, call.deadline);
  if (!started.ok()) {
    // `people/erased-...` again with a new request: refused as such.
    if (privacy::IsPseudonym(op.person_id)) {
      return PersonOfName(name, "name").status();
    }
    return started.status();
  }
  if (privacy_.wake) {
    privacy_.wake();
  }
  *resp = ToProto(*started);
  return absl::OkStatus();
}

ServerUnaryReactor* PartnersHandler::ExportPersonalData(
    CallbackServerContext* ctx, const v1::ExportPersonalDataRequest* req,
    v1::Operation* resp) {
  return runtime_->Serve(ctx, "ExportPersonalData", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return StartOperation(call, OperationKind::kExport,
                                                 req.name(), req.request_id(),
                                                 "", resp);
                         });
}

ServerUnaryReactor* PartnersHandler::ErasePerson(
    CallbackServerContext* ctx, const v1::ErasePersonRequest* req,
    v1::Operation* resp) {
  return runtime_->Serve(ctx, "ErasePerson", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return StartOperation(call, OperationKind::kErase,
                                                 req.name(), req.request_id(),
                                                 req.reason(), resp);
                         });
}

ServerUnaryReactor* PartnersHandler::GetOperation(
    CallbackServerContext* ctx, const v1::GetOperationRequest* req,
    v1::Operation* resp) {
  return runtime_->Serve(
      ctx, "GetOperation", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id,
                         resource::ParseName(req.name(), "operations", "name"));
        auto op = privacy_.repository->Get(id, call.deadline);
        // That someone asked for an export or erasure is itself about them:
        // who may not read the operation learns nothing, not even that it
        // exists.
        if (!op.ok() && op.status().code() == absl::StatusCode::kNotFound) {
          return ResourceNotFound(req.name());
        }
        RETURN_IF_ERROR(op.status());
        if (!MayReadOperations(call.principal, op->person_id)) {
          return ResourceNotFound(req.name());
        }
        *resp = ToProto(*op);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListOperations(
    CallbackServerContext* ctx, const v1::ListOperationsRequest* req,
    v1::ListOperationsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListOperations", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person,
                         resource::ParseName(req.parent(), "people", "parent"));
        if (!MayReadOperations(call.principal, person)) {
          return absl::PermissionDeniedError(
              "only the person themselves and administrators see the "
              "exports and erasures of a person");
        }
        return resource::ServeListPage(
            req, absl::StrCat("operations|", person),
            [&](const resource::PageQuery& q) {
              return privacy_.repository->List(person, q.after, q.size,
                                               call.deadline);
            },
            [](auto* resp, OperationRow op) {
              *resp->add_operations() = ToProto(op);
            },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::DownloadDataExport(
    CallbackServerContext* ctx, const v1::DownloadDataExportRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->Serve(
      ctx, "DownloadDataExport", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto ids,
            resource::ParseNamePattern(
                req.name(), "people/{person}/dataExports/{export}", "name"));
        RETURN_IF_ERROR(MayDownload(call.principal, ids[0]));
        ASSIGN_OR_RETURN(std::string zip,
                         privacy_.repository->ReadArchive(
                             ids[1], ids[0], clock_->Now(), call.deadline));
        resp->set_content_type("application/zip");
        resp->set_data(std::move(zip));
        return absl::OkStatus();
      });
}

}  // namespace samen::partners

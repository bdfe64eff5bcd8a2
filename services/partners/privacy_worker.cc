#include "services/partners/privacy_worker.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/impl/codegen/rpc_method.h"
#include "samen/privacy/v1/person_data.pb.h"
#include "services/common/errors.h"
#include "services/common/logging.h"
#include "services/common/retry_schedule.h"

namespace samen::partners {
namespace {

template <typename Request, typename Response>
grpc::Status CallUnary(grpc::Channel* channel, const std::string& method,
                       grpc::ClientContext* ctx, const Request& req,
                       Response* resp) {
  const grpc::internal::RpcMethod rpc(method.c_str(),
                                      grpc::internal::RpcMethod::NORMAL_RPC);
  return grpc::internal::BlockingUnaryCall<Request, Response>(channel, rpc, ctx,
                                                              req, resp);
}

}  // namespace

PrivacyWorker::PrivacyWorker(PrivacyOperationRepository* repo, Peers* peers,
                             notify::ServiceTokenSource* tokens,
                             const Clock* clock, const PrivacyOptions* options)
    : repo_(repo),
      peers_(peers),
      tokens_(tokens),
      clock_(clock),
      options_(options),
      threads_(options->workers, options->batch, options->poll_interval,
               [this](int) { return RunOnce(); }) {}

PrivacyWorker::~PrivacyWorker() { stopping_ = true; }

int PrivacyWorker::RunOnce() {
  if (stopping_) {
    return 0;
  }
  const absl::Time now = clock_->Now();
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  auto expired = repo_->DeleteExpiredArchives(now, 20, deadline);
  if (!expired.ok()) {
    log::Warning("deleting expired data exports failed",
                 {{"error", expired.status().ToString()}});
  } else if (*expired > 0) {
    log::Info("deleted expired data exports",
              {{"count", absl::StrCat(*expired)}});
  }
  auto claimed = repo_->Claim(now, options_->batch, lease(), deadline);
  if (!claimed.ok()) {
    log::Warning("claiming privacy steps failed",
                 {{"error", claimed.status().ToString()}});
    return 0;
  }
  for (const ClaimedStep& step : *claimed) {
    Run(step);
  }
  return static_cast<int>(claimed->size());
}

absl::StatusOr<std::string> PrivacyWorker::Call(const ClaimedStep& step) {
  auto call = notify::ServiceCall(
      *tokens_, absl::StrCat("privacy/", step.operation_id, "/", step.service),
      options_->call_timeout);
  if (!call.ok()) {
    return absl::UnavailableError(
        absl::StrCat("no service token: ", call.status().message()));
  }
  grpc::ClientContext ctx;
  PrepareOutgoing(*call, &ctx);
  auto channel = peers_->Channel(step.service);
  const std::string method = PersonDataMethod(step.service, step.kind);
  const std::string person = absl::StrCat("people/", step.person_id);
  grpc::Status status;
  std::string result;
  if (step.kind == OperationKind::kExport) {
    privacy::v1::ExportPersonDataRequest req;
    req.set_person(person);
    if (step.requested_by != step.person_id) {
      // An administrator's export on the person's behalf: a read of their
      // record that the services keeping reads on record record.
      req.set_requested_by(absl::StrCat("people/", step.requested_by));
    }
    privacy::v1::PersonData resp;
    status = CallUnary(channel.get(), method, &ctx, req, &resp);
    result = resp.SerializeAsString();
  } else {
    privacy::v1::ErasePersonDataRequest req;
    req.set_person(person);
    req.set_pseudonym(step.pseudonym);
    privacy::v1::ErasePersonDataResponse resp;
    status = CallUnary(channel.get(), method, &ctx, req, &resp);
    result = resp.SerializeAsString();
  }
  if (!status.ok()) {
    return FromGrpcStatus(status);
  }
  return result;
}

void PrivacyWorker::Run(const ClaimedStep& step) {
  absl::StatusOr<std::string> result = Call(step);
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  if (result.ok()) {
    bool woke = false;
    auto done = repo_->Complete(step, *result, &BuildExportArchive,
                                options_->export_ttl, &woke, deadline);
    if (!done.ok()) {
      // The step stays leased; when the lease runs out it is called again.
      log::Warning("recording a privacy step failed",
                   {{"operation", step.operation_id},
                    {"service", step.service},
                    {"error", done.status().ToString()}});
    } else if (!*done) {
      log::Info("privacy step was taken over or its operation ended",
                {{"operation", step.operation_id}, {"service", step.service}});
    } else if (woke) {
      Wake();
    }
    return;
  }
  std::optional<absl::Time> retry_at;
  if (RetryableStepFailure(result.status().code())) {
    if (auto delay = JitteredRetryDelay(options_->retry_schedule, step.attempts,
                                        options_->jitter)) {
      retry_at = clock_->Now() + *delay;
    }
  }
  log::Warning(retry_at ? "privacy step failed; calling again later"
                        : "privacy step failed; the operation has failed",
               {{"operation", step.operation_id},
                {"service", step.service},
                {"attempt", absl::StrCat(step.attempts)},
                {"error", result.status().ToString()}});
  auto failed = repo_->Fail(step, result.status(), retry_at, deadline);
  if (!failed.ok()) {
    log::Warning("recording a privacy step's failure failed",
                 {{"operation", step.operation_id},
                  {"service", step.service},
                  {"error", failed.status().ToString()}});
  }
}

}  // namespace samen::partners

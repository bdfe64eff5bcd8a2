#include "services/common/call.h"

#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "services/common/logging.h"

namespace samen {
namespace {

std::string Metadata(const grpc::CallbackServerContext& ctx,
                     absl::string_view key) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) {
    return "";
  }
  return std::string(it->second.data(), it->second.size());
}

// Request ids come from clients: keep them short and printable.
bool IsAcceptableRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 128) {
    return false;
  }
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

log::Level LevelFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnavailable:
      return log::Level::kError;
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kDeadlineExceeded:
      return log::Level::kWarning;
    default:
      return log::Level::kInfo;
  }
}

}  // namespace

std::string NewRequestId() {
  thread_local absl::BitGen gen;
  return absl::StrFormat("%016x", absl::Uniform<uint64_t>(gen));
}

grpc::ServerUnaryReactor* CallRuntime::Dispatch(
    grpc::CallbackServerContext* ctx, absl::string_view method,
    bool allow_anonymous,
    std::function<absl::Status(const CallContext&)> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const absl::Time now = absl::Now();

  auto call = std::make_shared<CallContext>();
  call->method = std::string(method);
  call->request_id = Metadata(*ctx, "x-request-id");
  if (!IsAcceptableRequestId(call->request_id)) {
    call->request_id = NewRequestId();
  }
  ctx->AddInitialMetadata("x-request-id", call->request_id);
  call->deadline =
      std::min(absl::FromChrono(ctx->deadline()), now + max_deadline_);

  auto finish = [reactor, call](const absl::Status& status) {
    if (!status.ok()) {
      log::Log(LevelFor(status.code()), "request failed",
               {{"request_id", call->request_id},
                {"method", call->method},
                {"subject", call->principal.subject},
                {"code", absl::StatusCodeToString(status.code())},
                {"error", std::string(status.message())}});
    }
    reactor->Finish(ToGrpcStatus(status));
  };

  call->authorization = Metadata(*ctx, "authorization");
  absl::StatusOr<auth::Principal> principal = auth::Principal();
  if (!allow_anonymous || !call->authorization.empty()) {
    principal = auth::AuthenticateHeader(*verifier_, call->authorization, now);
  }
  if (!principal.ok()) {
    finish(principal.status());
    return reactor;
  }
  call->principal = *std::move(principal);

  const bool queued =
      executor_->Submit([ctx, call, finish, work = std::move(work)] {
        if (ctx->IsCancelled()) {
          finish(absl::CancelledError("the client cancelled the call"));
          return;
        }
        if (absl::Now() >= call->deadline) {
          finish(absl::DeadlineExceededError(
              "deadline passed while the request was queued"));
          return;
        }
        finish(work(*call));
      });
  if (!queued) {
    finish(absl::ResourceExhaustedError(
        "server busy: too many requests queued, retry later"));
  }
  return reactor;
}

}  // namespace samen

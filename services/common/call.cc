#include "services/common/call.h"

#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"

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

absl::Status CallRuntime::Admit(grpc::CallbackServerContext* ctx,
                                absl::string_view method, bool allow_anonymous,
                                absl::Duration max_duration,
                                CallContext* call) const {
  const absl::Time now = absl::Now();
  call->method = std::string(method);
  call->request_id = Metadata(*ctx, "x-request-id");
  if (!IsAcceptableRequestId(call->request_id)) {
    call->request_id = NewRequestId();
  }
  ctx->AddInitialMetadata("x-request-id", call->request_id);
  call->deadline =
      std::min(absl::FromChrono(ctx->deadline()), now + max_duration);
  call->authorization = Metadata(*ctx, "authorization");
  if (allow_anonymous && call->authorization.empty()) {
    call->principal = auth::Principal();
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(
      auth::Principal principal,
      auth::AuthenticateHeader(*verifier_, call->authorization, now));
  call->principal = std::move(principal);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* CallRuntime::Dispatch(
    grpc::CallbackServerContext* ctx, absl::string_view method,
    bool allow_anonymous,
    std::function<absl::Status(const CallContext&)> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  auto call = std::make_shared<CallContext>();
  const absl::Status admitted =
      Admit(ctx, method, allow_anonymous, max_deadline_, call.get());

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
  if (!admitted.ok()) {
    finish(admitted);
    return reactor;
  }

  const std::optional<Executor::Refusal> refused = executor_->SubmitBefore(
      call->deadline, [ctx, call, finish, work = std::move(work)] {
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
  if (refused.has_value()) {
    finish(WithRetryDelay(
        absl::ResourceExhaustedError(
            refused->queue_full
                ? "server busy: too many requests queued, retry later"
                : absl::StrCat("server busy: the work queued ahead (about ",
                               absl::ToInt64Milliseconds(refused->wait),
                               " ms) would not finish before the deadline; "
                               "retry later")),
        refused->wait));
  }
  return reactor;
}

absl::Status CallRuntime::Idempotently(
    const CallContext& call, const google::protobuf::Message& request,
    google::protobuf::Message* response,
    const std::function<absl::Status()>& work) {
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (idempotency_ == nullptr || field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return work();
  }
  const std::string request_id =
      request.GetReflection()->GetString(request, field);
  if (request_id.empty()) {
    return work();
  }
  if (request_id.size() > 255) {
    return InvalidField("request_id", "must be at most 255 characters");
  }
  // The fingerprint is the request without its key: a retry matches, another
  // request under the same key does not.
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  copy->GetReflection()->ClearField(copy.get(), field);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  const IdempotencyStore::Key key{call.principal.subject, call.method,
                                  request_id};
  ASSIGN_OR_RETURN(auto begun,
                   idempotency_->Begin(key, Sha256Hex(bytes), call.deadline));
  if (begun.has_value()) {
    const IdempotencyStore::Outcome& outcome = *begun;
    if (outcome.status.ok() && !response->ParseFromString(outcome.response)) {
      return absl::InternalError("stored idempotent response is unreadable");
    }
    return outcome.status;
  }
  absl::Status status = work();
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      // Nothing reliable to replay: let a retry run again.
      idempotency_->Forget(key, call.deadline + absl::Seconds(2));
      break;
    default:
      idempotency_->Finish(
          key, {status, status.ok() ? response->SerializeAsString() : ""},
          call.deadline + absl::Seconds(2));
  }
  return status;
}

}  // namespace samen

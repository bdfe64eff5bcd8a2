#pragma once

// The shape of every unary RPC in Samen (callback API):
//
//   grpc::ServerUnaryReactor* GetPartnership(grpc::CallbackServerContext* ctx,
//                                            const GetPartnershipRequest* req,
//                                            Partnership* resp) override {
//     return runtime_.Serve(ctx, "GetPartnership", req, resp,
//         [this](const CallContext& call, const auto& req, auto* resp) {
//           return DoGetPartnership(call, req, resp);   // absl::Status
//         });
//   }
//
// Serve authenticates the bearer token (every hop verifies,
// docs/architecture.md, decision 6), takes the request id and deadline from the
// call, runs the work on the bounded executor (never on gRPC's threads),
// converts the status once, and logs failures.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/common/auth/auth.h"
#include "services/common/auth/random.h"
#include "services/common/errors.h"
#include "services/common/executor.h"

// Declares a handler's override of a unary RPC, the one way every service
// declares its RPCs:
//   SAMEN_UNARY_RPC(GetPartnership, v1::GetPartnershipRequest,
//   v1::Partnership);
// The definition is written out in the handler's <svc>_handler_<resource>.cc.
#define SAMEN_UNARY_RPC(Method, Request, Response)                     \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,   \
                                   const Request* req, Response* resp) \
      override

namespace samen {

// What a handler knows about the call it serves.
struct CallContext {
  auth::Principal principal;
  std::string request_id;
  absl::Time deadline = absl::InfiniteFuture();
  std::string method;
  // The caller's Authorization value, forwarded on calls to other services.
  std::string authorization;
};

// Keeps the outcome of requests that carry a `request_id` (AIP-155), so that a
// retried request returns the first outcome instead of acting twice, across
// replicas. Implemented over the service's MySQL database
// (idempotency_store.h).
class IdempotencyStore {
 public:
  struct Key {
    std::string subject;
    std::string method;
    std::string request_id;
  };
  // What a finished request answered: its status and serialized response.
  struct Outcome {
    absl::Status status;
    std::string response;
  };
  virtual ~IdempotencyStore() = default;

  // Claims `key` for a request whose content hashes to `fingerprint`. Returns
  // nullopt when the caller should do the work (then Finish or Forget), or the
  // recorded outcome to replay. FAILED_PRECONDITION (reason
  // IDEMPOTENCY_KEY_REUSED) when the key was used for a different request;
  // ABORTED (reason IDEMPOTENCY_KEY_IN_USE) while the first request still runs.
  virtual absl::StatusOr<std::optional<Outcome>> Begin(
      const Key& key, absl::string_view fingerprint, absl::Time deadline) = 0;
  // Records the outcome.
  virtual void Finish(const Key& key, const Outcome& outcome,
                      absl::Time deadline) = 0;
  // Releases the key without an outcome (transient failure: a retry may run
  // again).
  virtual void Forget(const Key& key, absl::Time deadline) = 0;
};

class CallRuntime {
 public:
  // Unary calls that come without a deadline (or with a longer one) get this.
  static constexpr absl::Duration kDefaultMaxDeadline = absl::Seconds(30);

  // `max_deadline` caps calls that come without one (or with a longer one).
  CallRuntime(const auth::TokenVerifier* verifier, Executor* executor,
              absl::Duration max_deadline = kDefaultMaxDeadline)
      : verifier_(verifier), executor_(executor), max_deadline_(max_deadline) {}

  // Makes requests with a non-empty `request_id` field idempotent. Optional.
  void set_idempotency_store(IdempotencyStore* store) { idempotency_ = store; }

  // What Serve does before the work, for server streams (which run their own
  // reactor): fills `call` (request id, echoed in the initial metadata; the
  // deadline, capped at `max_duration` from now; the principal) and returns
  // the authentication failure, if any.
  absl::Status Admit(grpc::CallbackServerContext* ctx, absl::string_view method,
                     bool allow_anonymous, absl::Duration max_duration,
                     CallContext* call) const;

  // The bounded executor request work runs on.
  Executor* executor() const { return executor_; }

  template <typename Request, typename Response, typename Fn>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* ctx,
                                  absl::string_view method,
                                  const Request* request, Response* response,
                                  Fn&& fn) {
    return Dispatch(ctx, method, /*allow_anonymous=*/false,
                    [this, request, response, fn = std::forward<Fn>(fn)](
                        const CallContext& call) mutable {
                      return Idempotently(call, *request, response, [&] {
                        return fn(call, *request, response);
                      });
                    });
  }

  // Like Serve, for the few RPCs that answer without a bearer token (published
  // vacancies, a calendar feed authorised by a token in the request). A token
  // that is sent is still verified; without one, `call.principal.subject` is
  // empty.
  template <typename Request, typename Response, typename Fn>
  grpc::ServerUnaryReactor* ServePublic(grpc::CallbackServerContext* ctx,
                                        absl::string_view method,
                                        const Request* request,
                                        Response* response, Fn&& fn) {
    return Dispatch(ctx, method, /*allow_anonymous=*/true,
                    [request, response, fn = std::forward<Fn>(fn)](
                        const CallContext& call) mutable {
                      return fn(call, *request, response);
                    });
  }

 private:
  grpc::ServerUnaryReactor* Dispatch(
      grpc::CallbackServerContext* ctx, absl::string_view method,
      bool allow_anonymous,
      std::function<absl::Status(const CallContext&)> work);

  // Runs `work` unless the request's request_id says it already ran (see
  // IdempotencyStore); without a store or request_id it just runs it.
  absl::Status Idempotently(const CallContext& call,
                            const google::protobuf::Message& request,
                            google::protobuf::Message* response,
                            const std::function<absl::Status()>& work);

  const auth::TokenVerifier* verifier_;
  IdempotencyStore* idempotency_ = nullptr;
  Executor* executor_;
  absl::Duration max_deadline_;
};

// Hex SHA-256 of `bytes` (one implementation, in services/common/auth).
using auth::Sha256Hex;

// A fresh random request id (16 hex characters).
std::string NewRequestId();

}  // namespace samen

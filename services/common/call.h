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
// Serve authenticates the bearer token (every hop verifies, DESIGN.md decision
// 6), takes the request id and deadline from the call, runs the work on the
// bounded executor (never on gRPC's threads), converts the status once, and
// logs failures.

#include <functional>
#include <string>
#include <utility>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/common/auth/auth.h"
#include "services/common/errors.h"
#include "services/common/executor.h"

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

class CallRuntime {
 public:
  // `max_deadline` caps calls that come without one (or with a longer one).
  CallRuntime(const auth::TokenVerifier* verifier, Executor* executor,
              absl::Duration max_deadline = absl::Seconds(30))
      : verifier_(verifier), executor_(executor), max_deadline_(max_deadline) {}

  template <typename Request, typename Response, typename Fn>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* ctx,
                                  absl::string_view method,
                                  const Request* request, Response* response,
                                  Fn&& fn) {
    return Dispatch(ctx, method, /*allow_anonymous=*/false,
                    [request, response, fn = std::forward<Fn>(fn)](
                        const CallContext& call) mutable {
                      return fn(call, *request, response);
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

  const auth::TokenVerifier* verifier_;
  Executor* executor_;
  absl::Duration max_deadline_;
};

// A fresh random request id (16 hex characters).
std::string NewRequestId();

}  // namespace samen

#pragma once

// gateway/session: the gateway as the web app's backend for frontend and as
// the edge of Samen's authorization server, on top of
// samen.identity.v1.SignInService (see gateway/README.md):
//   * its own endpoints, answered before the filter chain: /auth/login,
//     /auth/callback, /auth/session, /auth/logout (auth_endpoints.h),
//     /oauth/token and /.well-known/{jwks.json,oauth-authorization-server}
//     (token_endpoints.h);
//   * cookie sessions on every other request (cookie_session.h);
//   * the edge verifier kept on Samen's published keys (edge_keys.h).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gateway/call_registry.h"
#include "gateway/filter.h"
#include "gateway/http_server.h"
#include "gateway/session/cookie_session.h"
#include "gateway/session/edge_keys.h"
#include "gateway/session/session_state.h"
#include "grpcpp/channel.h"
#include "services/common/auth/auth.h"

namespace samen::gateway::session {

class SessionFrontend {
 public:
  // `identity` reaches SignInService; `calls` must outlive the frontend and
  // its calls. With `verifier` and `verifier_options` the edge verifier
  // follows the published keys.
  SessionFrontend(const SessionOptions& options,
                  std::shared_ptr<grpc::Channel> identity, CallRegistry* calls,
                  SwappableVerifier* verifier,
                  std::optional<auth::VerifierOptions> verifier_options);
  ~SessionFrontend();

  // Stops refreshing keys (before the gateway cancels its calls).
  void Stop();

  // One of the endpoints above: answers it (through `respond`, which it
  // takes) and returns true. The /auth/ paths exist only with a public URL.
  bool Answer(const std::shared_ptr<Exchange>& exchange, Responder& respond);

  // The cookie session, then `next`.
  void Admit(std::shared_ptr<Exchange> exchange, Responder respond,
             const Next& next) {
    AdmitWithCookie(*state_, std::move(exchange), std::move(respond), next);
  }

  // The endpoints' paths, for the metrics.
  static std::vector<std::string> Routes();

 private:
  // 429 when the client address has sent too many requests; else nullopt.
  std::optional<Reply> Limit(const Exchange& exchange);

  const std::unique_ptr<SessionState> state_;
  RateLimiter limiter_;
  std::unique_ptr<KeyRefresher> refresher_;
};

}  // namespace samen::gateway::session

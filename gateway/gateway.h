#pragma once

// The request handler: /healthz and /readyz, route lookup (404, 405 + Allow),
// bearer token check at the edge (401 + WWW-Authenticate), transcoding, the
// backend call through the generic stub (caller's Authorization, X-Request-Id,
// a deadline), and the HTTP answer: 200, 201 + Location for Create*, 204 for
// Delete* returning Empty, or RFC 9457 problem details mapped from the gRPC
// status.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "gateway/backends.h"
#include "gateway/http_server.h"
#include "gateway/route_table.h"
#include "services/common/auth/auth.h"

namespace samen::gateway {

struct GatewayOptions {
  // Deadline of a backend call when the client asks for none
  // (X-Request-Timeout).
  absl::Duration request_timeout = absl::Seconds(30);
  // No deadline is ever longer than this.
  absl::Duration max_request_timeout = absl::Seconds(60);
  // How long /readyz waits for the backends' health answers.
  absl::Duration readiness_timeout = absl::Seconds(2);
};

class Gateway {
 public:
  // `verifier` may be null: tokens are then only checked by the backends.
  Gateway(RouteTable routes, std::unique_ptr<Backends> backends,
          std::unique_ptr<auth::TokenVerifier> verifier,
          GatewayOptions options);

  // Handles one request; `respond` is called exactly once, possibly on a gRPC
  // thread.
  void Handle(HttpRequest request, RequestContext context,
              Responder respond) const;

  const RouteTable& routes() const { return routes_; }

 private:
  void HandleReadiness(const RequestContext& context, Responder respond) const;
  absl::Duration Timeout(const HttpRequest& request, absl::Status* error) const;

  const RouteTable routes_;
  const std::unique_ptr<Backends> backends_;
  const std::unique_ptr<auth::TokenVerifier> verifier_;
  const GatewayOptions options_;
  // GET /openapi.json, generated from routes_ at start-up.
  const std::string openapi_json_;
};

}  // namespace samen::gateway

#pragma once

// The request handler: /healthz, /readyz, /metrics, CORS preflights, route
// lookup (404, 405 + Allow), bearer token check at the edge (401 +
// WWW-Authenticate), the rate limit (429), conditional and idempotent request
// headers, transcoding, the backend call through the generic stub (caller's
// Authorization, X-Request-Id, a deadline; server streams as Server-Sent
// Events), and the HTTP answer: 200 + ETag or 304, 201 + Location for Create*,
// 204 for Delete* returning Empty, HttpBody as is, or RFC 9457 problem details
// mapped from the gRPC status. Every answer then gets its CORS and RateLimit
// headers and, when worth it, gzip.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "gateway/backends.h"
#include "gateway/cors/cors.h"
#include "gateway/http_server.h"
#include "gateway/metrics/gateway_metrics.h"
#include "gateway/ratelimit/rate_limiter.h"
#include "gateway/route_table.h"
#include "services/common/auth/auth.h"

namespace samen::gateway {

struct GatewayOptions {
  // Deadline of a backend call when the client asks for none
  // (X-Request-Timeout).
  absl::Duration request_timeout = absl::Seconds(30);
  // No unary deadline is ever longer than this (streams: stream_timeout).
  absl::Duration max_request_timeout = absl::Seconds(60);
  // How long /readyz waits for the backends' health answers.
  absl::Duration readiness_timeout = absl::Seconds(2);
  // Deadline of a server stream (Server-Sent Events) when the client asks for
  // none; X-Request-Timeout may shorten it.
  absl::Duration stream_timeout = absl::Minutes(10);
  CorsOptions cors;
  // Callers with a valid token (keyed by subject); anonymous callers too when
  // `anonymous_rate_limit` is off.
  RateLimitOptions rate_limit;
  // Callers without a valid token (keyed by client address): the public
  // routes and every 401. On by default, since those callers are anyone.
  RateLimitOptions anonymous_rate_limit;
};

class Gateway {
 public:
  // `verifier` may be null: tokens are then only checked by the backends.
  Gateway(RouteTable routes, std::unique_ptr<Backends> backends,
          std::unique_ptr<auth::TokenVerifier> verifier,
          GatewayOptions options);
  ~Gateway();

  // Handles one request; `respond` is called exactly once, possibly on a gRPC
  // thread.
  void Handle(HttpRequest request, RequestContext context,
              Responder respond) const;

  const RouteTable& routes() const { return routes_; }
  // The metrics; also what the HTTP server reports to.
  GatewayMetrics* metrics() const { return metrics_.get(); }

 private:
  struct Edge;

  // `respond` with the final touches (CORS, RateLimit headers, gzip).
  Responder Finishing(Responder respond, const Edge& edge) const;
  void HandleOptions(const HttpRequest& request, absl::string_view path,
                     const RequestContext& context, Responder respond) const;
  void HandleReadiness(const RequestContext& context, Responder respond) const;
  absl::Duration Timeout(const HttpRequest& request, bool server_streaming,
                         absl::Status* error) const;

  const RouteTable routes_;
  const std::unique_ptr<Backends> backends_;
  const std::unique_ptr<auth::TokenVerifier> verifier_;
  const GatewayOptions options_;
  const Cors cors_;
  const std::unique_ptr<RateLimiter> rate_limiter_;
  const std::unique_ptr<RateLimiter> anonymous_rate_limiter_;
  const std::unique_ptr<GatewayMetrics> metrics_;
  // GET /openapi.json, generated from routes_ at start-up.
  const std::string openapi_json_;
};

}  // namespace samen::gateway

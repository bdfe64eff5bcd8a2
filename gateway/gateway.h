#pragma once

// The request handler: the probes (/healthz, /readyz, /openapi.json), the
// web app (web/, with --web_root), the sign-in and token endpoints and cookie
// sessions (session/), then route
// lookup, the edge filters (filter_chain.cc: compression, CORS, token
// check, rate limit, deadline, `fields=`, conditional and idempotent request
// headers), transcoding, the backend call through the generic stub (caller's
// Authorization, X-Request-Id, X-Forwarded-For, a deadline; server streams as
// Server-Sent Events), and the HTTP answer (replies.h) back through the
// filters. /metrics, OPTIONS, 404 and 405 pass the filters as well.

#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "gateway/backends.h"
#include "gateway/call_registry.h"
#include "gateway/cors/cors.h"
#include "gateway/filter_chain.h"
#include "gateway/http_server.h"
#include "gateway/metrics/gateway_metrics.h"
#include "gateway/ratelimit/rate_limiter.h"
#include "gateway/route_table.h"
#include "gateway/session/edge_keys.h"
#include "gateway/session/session_frontend.h"
#include "gateway/streaming/event_stream.h"
#include "gateway/web/static_files.h"
#include "gateway/web/web_site.h"
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
  // The web sign-in and Samen's token endpoints (session/); active when
  // samen.identity.v1.IdentityService has a backend.
  session::SessionOptions session;
  // What the edge verifier was built from: with an identity backend, it is
  // rebuilt from these plus the published JWKS whenever the keys change.
  std::optional<auth::VerifierOptions> verifier_options;
  // The web app's files (--web_root), served at `/` before the filter chain;
  // null: no app (`/` is the API's 404).
  std::shared_ptr<const web::StaticFiles> web_files;
  // The body limit of routes whose body is a google.api.HttpBody (uploads);
  // other requests keep the HTTP server's `max_body_bytes`.
  uint64_t max_upload_bytes = 25 << 20;
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
  // The body limit for a request: `max_upload_bytes` for an upload route
  // (google.api.HttpBody body), else 0 (the server's default).
  uint64_t BodyLimitFor(absl::string_view method, absl::string_view path) const;
  // The metrics; also what the HTTP server reports to.
  GatewayMetrics* metrics() const { return metrics_.get(); }

  // Cancels the backend calls in flight (unary ones answer CANCELLED,
  // streams write their last event) and waits, at most `limit`, until each
  // has finished: call before the HTTP server goes away. The destructor does
  // it too, so no completion outlives the gateway.
  void EndCalls(absl::Duration limit) const;

 private:
  // The request path after the probes, the gateway's own endpoints and the
  // cookie session: route, filters, backend. Runs on an I/O thread or, after
  // a session was resumed, on a gRPC thread.
  void HandleRoute(std::shared_ptr<Exchange> exchange, Responder respond) const;
  // /healthz, /readyz and GET /openapi.json, which skip the filters; false
  // for any other request.
  bool AnswerProbe(const Exchange& exchange, Responder& respond) const;
  void HandleReadiness(const RequestContext& context, Responder respond) const;
  void FindRoute(Exchange& exchange) const;
  // /metrics, OPTIONS, and the paths and methods the API does not serve.
  void AnswerWithoutRoute(FilterChain::Pass& pass) const;
  void AnswerOptions(FilterChain::Pass& pass) const;
  // Builds the request message, lets the filters see it, calls the backend.
  void Forward(std::shared_ptr<FilterChain::Pass> pass) const;
  void CallUnary(std::shared_ptr<FilterChain::Pass> pass,
                 grpc::GenericStub* stub,
                 std::unique_ptr<grpc::ClientContext> rpc,
                 grpc::ByteBuffer request) const;
  void CallStreaming(std::shared_ptr<FilterChain::Pass> pass,
                     grpc::GenericStub* stub,
                     std::unique_ptr<grpc::ClientContext> rpc,
                     grpc::ByteBuffer request) const;

  const RouteTable routes_;
  const std::unique_ptr<Backends> backends_;
  // The edge verifier (null: none), swappable so it can follow the keys.
  const std::unique_ptr<session::SwappableVerifier> verifier_;
  const GatewayOptions options_;
  const std::unique_ptr<GatewayMetrics> metrics_;
  const FilterChain chain_;
  const std::unique_ptr<CallRegistry> calls_ = std::make_unique<CallRegistry>();
  // Null without an identity backend.
  const std::unique_ptr<session::SessionFrontend> sessions_;
  // Null without --web_root.
  const std::unique_ptr<web::WebSite> web_;
  // GET /openapi.json, generated from routes_ at start-up.
  const std::string openapi_json_;
};

}  // namespace samen::gateway

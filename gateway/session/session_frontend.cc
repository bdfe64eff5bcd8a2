#include "gateway/session/session_frontend.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/problem.h"
#include "gateway/replies.h"
#include "gateway/session/auth_endpoints.h"
#include "gateway/session/token_endpoints.h"

namespace samen::gateway::session {
namespace {

namespace http = boost::beast::http;

using Endpoint = void (*)(SessionState&, std::shared_ptr<Exchange>, Responder);

struct EndpointSpec {
  const char* path;
  // "GET" (HEAD too) or "POST".
  const char* method;
  Endpoint handle;
  bool needs_public_url;
  // Rate-limited per client address (anyone can call it and make the
  // identity service work: a sign-in row, a secret check).
  bool limited;
};

constexpr EndpointSpec kEndpoints[] = {
    {"/auth/login", "GET", &Login, true, true},
    {"/auth/callback", "GET", &Callback, true, true},
    {"/auth/session", "GET", &CurrentSession, true, false},
    {"/auth/logout", "POST", &Logout, true, false},
    {"/oauth/token", "POST", &Token, false, true},
    {"/.well-known/jwks.json", "GET", &Jwks, false, false},
    {"/.well-known/oauth-authorization-server", "GET",
     &AuthorizationServerMetadata, false, false},
};

Reply MethodNotAllowed(const Exchange& exchange, const EndpointSpec& spec) {
  return MethodNotAllowedReply(
      exchange.context, exchange.method,
      absl::string_view(spec.method) == "GET" ? "GET, HEAD" : spec.method,
      spec.path);
}

}  // namespace

SessionFrontend::SessionFrontend(
    const SessionOptions& options, std::shared_ptr<grpc::Channel> identity,
    CallRegistry* calls, SwappableVerifier* verifier,
    std::optional<auth::VerifierOptions> verifier_options)
    : state_(
          std::make_unique<SessionState>(options, std::move(identity), calls)),
      limiter_(options.rate_limit) {
  if (verifier != nullptr && verifier_options.has_value()) {
    refresher_ = std::make_unique<KeyRefresher>(*std::move(verifier_options),
                                                &state_->documents, verifier,
                                                options.key_refresh_interval);
  }
}

SessionFrontend::~SessionFrontend() { Stop(); }

void SessionFrontend::Stop() {
  if (refresher_ != nullptr) {
    refresher_->Stop();
  }
}

bool SessionFrontend::Answer(const std::shared_ptr<Exchange>& exchange,
                             Responder& respond) {
  for (const EndpointSpec& spec : kEndpoints) {
    if (exchange->path != spec.path) {
      continue;
    }
    if (spec.needs_public_url && !state_->sign_in_enabled()) {
      return false;  // no web sign-in here: 404 like any unknown path
    }
    const std::string& method = exchange->method;
    const bool allowed =
        method == spec.method ||
        (method == "HEAD" && absl::string_view(spec.method) == "GET");
    if (!allowed) {
      respond(MethodNotAllowed(*exchange, spec));
      return true;
    }
    if (spec.limited) {
      if (std::optional<Reply> refused = Limit(*exchange)) {
        respond(*std::move(refused));
        return true;
      }
    }
    spec.handle(*state_, exchange, std::move(respond));
    return true;
  }
  return false;
}

std::optional<Reply> SessionFrontend::Limit(const Exchange& exchange) {
  if (!limiter_.enabled()) {
    return std::nullopt;
  }
  const RateLimiter::Decision decision = limiter_.Acquire(
      RateLimitKey("", exchange.context.remote_address,
                   exchange.Header("X-Forwarded-For"),
                   state_->options.rate_limit.trusted_proxy_hops),
      absl::Now());
  if (decision.allowed) {
    return std::nullopt;
  }
  Problem problem =
      ProblemForCode(absl::StatusCode::kResourceExhausted,
                     absl::StrCat("too many requests; retry in ",
                                  decision.retry_after_seconds, " s"));
  problem.type = "rate-limited";
  problem.title = "Too many requests";
  problem.reason = "RATE_LIMITED";
  Reply reply = ProblemReply(problem, exchange.context, exchange.path);
  limiter_.SetHeaders(decision, &reply.response);
  return reply;
}

std::vector<std::string> SessionFrontend::Routes() {
  std::vector<std::string> routes;
  for (const EndpointSpec& spec : kEndpoints) {
    routes.push_back(spec.path);
  }
  return routes;
}

}  // namespace samen::gateway::session

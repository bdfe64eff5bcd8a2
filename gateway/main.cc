// samen-gateway: HTTP/JSON in front of Samen's gRPC services. Flags (each also
// from SAMEN_<FLAG>) become Options; everything else lives in
// samen_gateway_core.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "gateway/backends.h"
#include "gateway/cors/cors.h"
#include "gateway/gateway_app.h"
#include "services/common/auth_flags.h"
#include "services/common/config.h"
#include "services/common/logging.h"

ABSL_FLAG(std::string, listen, "0.0.0.0:8080",
          "HTTP listen address, host:port");
ABSL_FLAG(int, threads, 0, "I/O threads; 0 means one per core");
ABSL_FLAG(std::string, backend, "",
          "Default gRPC target for the services --backends does not name "
          "(e.g. dns:///samen-server:9090). When both are empty: "
          "localhost:9090. Services with no target are not served and not "
          "checked by /readyz");
ABSL_FLAG(std::string, backends, "",
          "Per-service targets: "
          "samen.partners.v1.PartnersService=dns:///partners:9090,...");
ABSL_FLAG(absl::Duration, request_timeout, absl::Seconds(30),
          "Backend deadline when the client sends no shorter X-Request-Timeout "
          "(max 60s)");
ABSL_FLAG(int64_t, max_body_bytes, 1 << 20,
          "Largest request body accepted (413 beyond)");
ABSL_FLAG(int64_t, max_upload_bytes, 25 << 20,
          "Largest body of an upload (a route whose body is a "
          "google.api.HttpBody, e.g. a document) accepted (413 beyond)");
ABSL_FLAG(int, max_connections, 10000,
          "Open connections beyond which new ones get 503");
ABSL_FLAG(absl::Duration, read_timeout, absl::Seconds(30),
          "Time allowed to send one request");
ABSL_FLAG(absl::Duration, idle_timeout, absl::Seconds(60),
          "Keep-alive idle time before closing");
ABSL_FLAG(absl::Duration, stream_timeout, absl::Minutes(10),
          "Deadline of a server-streaming call (Server-Sent Events)");
ABSL_FLAG(std::string, cors_allowed_origins, "",
          "Origins whose web pages may call the API, comma-separated "
          "(https://app.example.org,...), or * for any; empty: no CORS");
ABSL_FLAG(bool, cors_allow_credentials, false,
          "Send Access-Control-Allow-Credentials (cookies, client "
          "certificates); not with *");
ABSL_FLAG(absl::Duration, cors_max_age, absl::Hours(1),
          "How long browsers may cache a preflight answer");
ABSL_FLAG(double, rate_limit_rps, 0,
          "Requests per second per caller (token subject, else client "
          "address), per gateway replica; 0: no rate limit");
ABSL_FLAG(int, rate_limit_burst, 0,
          "Requests a caller may send at once (bucket size); default "
          "2 x --rate_limit_rps");
ABSL_FLAG(double, anonymous_rate_limit_rps, 5,
          "Requests per second per client address for callers without a "
          "valid token (published vacancies, calendar feeds, and 401s), per "
          "gateway replica; 0: they share --rate_limit_rps");
ABSL_FLAG(int, anonymous_rate_limit_burst, 0,
          "Bucket size for callers without a valid token; default 4 x "
          "--anonymous_rate_limit_rps");
ABSL_FLAG(int, trusted_proxy_hops, 0,
          "Proxies in front of the gateway that append to X-Forwarded-For; "
          "the client address for rate limiting is the entry this many from "
          "the right");
ABSL_FLAG(std::string, public_url, "",
          "The gateway's public base URL as browsers see it "
          "(https://samen.example.org, http://localhost:8080): the web "
          "sign-in's callback and the origin cookie requests must come from. "
          "Empty: no web sign-in (/auth/* answer 404, session cookies are "
          "ignored)");
ABSL_FLAG(std::string, web_root, "",
          "The web app's built files (web/dist: index.html, assets/, sw.js, "
          "...), read into memory at start-up and served at / (deep links "
          "get index.html); empty: no web app");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");

namespace {

// A rate-limit policy from its flags; a burst of 0 means `burst_factor` x the
// rate (at least 1).
samen::gateway::RateLimitOptions RateLimitFromFlags(const char* policy,
                                                    double rps, int burst,
                                                    double burst_factor,
                                                    int trusted_proxy_hops) {
  samen::gateway::RateLimitOptions options;
  options.policy = policy;
  options.rps = std::max(0.0, rps);
  options.burst =
      burst > 0 ? burst
                : std::max(1, static_cast<int>(std::ceil(burst_factor * rps)));
  options.trusted_proxy_hops = trusted_proxy_hops;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  samen::config::DisableMutexDeadlockDetection();
  samen::config::ParseFlagsWithEnv(argc, argv);
  samen::log::Level level;
  if (samen::log::ParseLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    samen::log::SetMinLevel(level);
  }
  samen::log::Info("samen-gateway starting",
                   {{"flags", samen::config::DescribeEffectiveFlags()}});

  samen::gateway::Options options;
  options.http.listen = absl::GetFlag(FLAGS_listen);
  const int threads = absl::GetFlag(FLAGS_threads);
  options.http.threads =
      threads > 0
          ? threads
          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  options.http.max_body_bytes =
      static_cast<uint64_t>(absl::GetFlag(FLAGS_max_body_bytes));
  options.gateway.max_upload_bytes =
      static_cast<uint64_t>(absl::GetFlag(FLAGS_max_upload_bytes));
  options.http.max_connections = absl::GetFlag(FLAGS_max_connections);
  options.http.read_timeout = absl::GetFlag(FLAGS_read_timeout);
  options.http.idle_timeout = absl::GetFlag(FLAGS_idle_timeout);
  options.gateway.request_timeout = absl::GetFlag(FLAGS_request_timeout);
  options.gateway.stream_timeout = absl::GetFlag(FLAGS_stream_timeout);
  options.gateway.cors.allowed_origins = samen::gateway::ParseOriginList(
      absl::GetFlag(FLAGS_cors_allowed_origins));
  options.gateway.cors.allow_credentials =
      absl::GetFlag(FLAGS_cors_allow_credentials);
  options.gateway.cors.max_age = absl::GetFlag(FLAGS_cors_max_age);
  const int hops = absl::GetFlag(FLAGS_trusted_proxy_hops);
  options.gateway.rate_limit =
      RateLimitFromFlags("edge", absl::GetFlag(FLAGS_rate_limit_rps),
                         absl::GetFlag(FLAGS_rate_limit_burst), 2, hops);
  options.gateway.anonymous_rate_limit = RateLimitFromFlags(
      "anonymous", absl::GetFlag(FLAGS_anonymous_rate_limit_rps),
      absl::GetFlag(FLAGS_anonymous_rate_limit_burst), 4, hops);
  options.gateway.session.public_url = absl::GetFlag(FLAGS_public_url);
  options.web.root = absl::GetFlag(FLAGS_web_root);
  options.backends.default_target = absl::GetFlag(FLAGS_backend);
  auto per_service =
      samen::gateway::ParseBackendsFlag(absl::GetFlag(FLAGS_backends));
  if (!per_service.ok()) {
    samen::log::Error("bad flag",
                      {{"error", std::string(per_service.status().message())}});
    return 2;
  }
  options.backends.per_service = *std::move(per_service);
  if (options.backends.default_target.empty() &&
      options.backends.per_service.empty()) {
    options.backends.default_target = "localhost:9090";
  }

  auto verifier_options = samen::VerifierOptionsFromFlags();
  if (!verifier_options.ok()) {
    samen::log::Error(
        "bad token flags",
        {{"error", std::string(verifier_options.status().message())}});
    return 2;
  }
  if (!verifier_options->hs256_secret.empty() ||
      !verifier_options->jwks_file.empty() ||
      !verifier_options->jwks_url.empty()) {
    options.auth = *std::move(verifier_options);
  }
  return samen::gateway::RunGateway(options);
}

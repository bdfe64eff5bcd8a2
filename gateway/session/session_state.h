#pragma once

// What the sign-in endpoints and cookie sessions share: the options, the
// SignInService client, the session cache and the public documents.

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/call_registry.h"
#include "gateway/http_server.h"
#include "gateway/ratelimit/rate_limiter.h"
#include "gateway/session/public_documents.h"
#include "gateway/session/session_cache.h"
#include "gateway/session/sign_in_client.h"
#include "grpcpp/channel.h"

namespace samen::gateway::session {

struct SessionOptions {
  // The gateway's public base URL ("https://samen.example.org"); the OAuth
  // redirect and post-logout URIs and the origin cookie requests must come
  // from derive from it. Empty: no web sign-in (/auth/* answer 404) and the
  // session cookie is ignored.
  std::string public_url;
  // Deadline of each SignInService call.
  absl::Duration call_timeout = absl::Seconds(10);
  size_t cache_entries = 10000;
  // How long the public documents are reused.
  absl::Duration documents_max_age = absl::Seconds(60);
  // How often the edge verifier's keys are refreshed.
  absl::Duration key_refresh_interval = absl::Seconds(60);
  // Per client address, for the endpoints anyone can call that make the
  // identity service work (/auth/login, /auth/callback, /oauth/token); the
  // gateway passes its anonymous policy. rps 0: no limit.
  RateLimitOptions rate_limit;
};

struct SessionState {
  SessionState(const SessionOptions& options,
               std::shared_ptr<grpc::Channel> identity, CallRegistry* calls);

  bool sign_in_enabled() const { return !public_url.empty(); }

  const SessionOptions options;
  // --public_url without a trailing '/'.
  const std::string public_url;
  // Its origin ("scheme://host[:port]").
  const std::string public_origin;
  SignInClient client;
  SessionCache cache;
  PublicDocumentsCache documents;
};

}  // namespace samen::gateway::session

namespace samen::gateway {
struct Exchange;
}  // namespace samen::gateway

namespace samen::gateway::session {

// Cookie `name` from the request's Cookie header(s); nullopt when absent or
// empty; INVALID_ARGUMENT when sent twice.
absl::StatusOr<std::optional<std::string>> RequestCookie(
    const Exchange& exchange, absl::string_view name);

// A problem+json reply for the sign-in endpoints (not cached).
Reply SessionProblem(absl::StatusCode code, std::string detail,
                     const Exchange& exchange, std::string route);

}  // namespace samen::gateway::session

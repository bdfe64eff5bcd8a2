#pragma once

// Cross-site request forgery defence for requests that a session cookie
// authenticates (the cookie is ambient authority: the browser sends it with
// any request to the gateway). An unsafe method must carry the session's
// anti-CSRF token in X-CSRF-Token, which another site cannot read, and, when
// the browser sends an Origin, come from the gateway's own origin.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace samen::gateway::session {

// POST, PUT, PATCH, DELETE (and any method that is not GET, HEAD or OPTIONS).
bool IsUnsafeMethod(absl::string_view method);

// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// "scheme://host[:port]" of an absolute URL, scheme and host lower-cased and
// a default port (80 for http, 443 for https) dropped; "" when `url` has no
// scheme and host.
std::string OriginOf(absl::string_view url);

struct CsrfCheck {
  absl::string_view method;
  // X-CSRF-Token ("" when absent).
  absl::string_view token_header;
  // Origin ("" when absent).
  absl::string_view origin_header;
  // The session's token.
  absl::string_view expected_token;
  // The gateway's public origin (OriginOf(--public_url)).
  absl::string_view expected_origin;
};

// OK when the request's Host names the gateway's public origin (an ingress
// passes the public Host through): the session cookie is the public host's
// (__Host- prefix), so a cookie sent to any other host name was carried there
// by something other than the browser. Else PERMISSION_DENIED naming both.
absl::Status CheckCookieHost(absl::string_view host_header,
                             absl::string_view expected_origin);

// OK for a safe method or a matching token and origin; else
// PERMISSION_DENIED saying what was missing or wrong.
absl::Status CheckCsrf(const CsrfCheck& check);

}  // namespace samen::gateway::session

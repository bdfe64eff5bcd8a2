#pragma once

// The answers of the sign-in endpoints: redirects, the Dutch error page a
// browser sees when signing in fails, the session document, and the
// decisions behind them.

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http_server.h"
#include "grpcpp/support/status.h"
#include "samen/identity/v1/identity_service.pb.h"

namespace samen::gateway::session {

// `status` (302, 303) to `location`, not to be cached.
Reply Redirect(unsigned status, const std::string& location, std::string route);
// The logout's answer to the app: where to send the browser next (the
// provider's logout page), as {"logoutUrl": ...}.
Reply LogoutJson(const std::string& next, std::string route);

// The HTTP status for a failed sign-in call: 400 for INVALID_ARGUMENT and
// FAILED_PRECONDITION, 401, 403, 503 for UNAVAILABLE, 504 for
// DEADLINE_EXCEEDED, 502 for anything else.
int SignInFailureStatus(grpc::StatusCode code);

// A small HTML page (in Dutch) saying that signing in failed and why
// (`message`), with a link to /auth/login; not cached.
Reply SignInErrorPage(int status, absl::string_view message, std::string route);
// The page for a failed sign-in call: the service's message, except when the
// service could not be reached (then a Dutch "try again shortly").
Reply SignInFailurePage(const grpc::Status& status, std::string route);

// `return_to` when it is a path on this site (a single leading '/', no
// backslash or control characters), else "/".
std::string SafeReturnPath(absl::string_view return_to);

// GET /auth/session: {person, displayName, grants, csrfToken, expireTime,
// idleExpireTime}.
std::string SessionJson(const identity::v1::ResumeSessionResponse& session);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string HtmlEscape(absl::string_view text);

}  // namespace samen::gateway::session

#pragma once

// Cookie sessions for API calls: a request that carries the session cookie
// and no Authorization header gets `Authorization: Bearer <the session's
// access token>` before the filter chain runs, so edge authentication and the
// backends see an ordinary bearer token (cookie sessions and bearer tokens
// end in the same principal). The token comes from SessionCache, else from
// ResumeSession. Unsafe methods must pass the CSRF check (csrf.h); an unknown
// or ended session is 401 with the cookie cleared. A request with an
// Authorization header uses that header and skips all of this.

#include <functional>
#include <memory>

#include "gateway/filter.h"
#include "gateway/http_server.h"
#include "gateway/session/session_state.h"

namespace samen::gateway::session {

// The rest of the request path; may run on a gRPC thread.
using Next = std::function<void(std::shared_ptr<Exchange>, Responder)>;

// Calls `next` (at once, or once the session is resumed) or answers.
void AdmitWithCookie(SessionState& state, std::shared_ptr<Exchange> exchange,
                     Responder respond, const Next& next);

}  // namespace samen::gateway::session

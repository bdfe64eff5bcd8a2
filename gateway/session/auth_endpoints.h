#pragma once

// The web sign-in, the gateway as the app's backend for frontend:
//   GET  /auth/login     BeginSignIn -> 302 to the provider, binding cookie
//   GET  /auth/callback  CompleteSignIn -> session cookie, 303 to return_to
//                        (or a Dutch error page)
//   GET  /auth/session   ResumeSession -> who is signed in, the CSRF token
//   POST /auth/logout    (CSRF token) EndSession -> cookie cleared, 303
// Each answers through `respond`, on a gRPC thread once the call is back.

#include <memory>

#include "gateway/filter.h"
#include "gateway/http_server.h"
#include "gateway/session/session_state.h"

namespace samen::gateway::session {

void Login(SessionState& state, std::shared_ptr<Exchange> exchange,
           Responder respond);
void Callback(SessionState& state, std::shared_ptr<Exchange> exchange,
              Responder respond);
void CurrentSession(SessionState& state, std::shared_ptr<Exchange> exchange,
                    Responder respond);
void Logout(SessionState& state, std::shared_ptr<Exchange> exchange,
            Responder respond);

}  // namespace samen::gateway::session

#pragma once

// Samen as an OAuth 2.0 authorization server, at the edge:
//   POST /oauth/token                          IssueToken (RFC 6749 3.2)
//   GET  /.well-known/jwks.json                the signing keys (RFC 7517)
//   GET  /.well-known/oauth-authorization-server  metadata (RFC 8414)
// The documents come from PublicDocumentsCache (reused for a minute).

#include <memory>

#include "gateway/filter.h"
#include "gateway/http_server.h"
#include "gateway/session/session_state.h"

namespace samen::gateway::session {

void Token(SessionState& state, std::shared_ptr<Exchange> exchange,
           Responder respond);
void Jwks(SessionState& state, std::shared_ptr<Exchange> exchange,
          Responder respond);
void AuthorizationServerMetadata(SessionState& state,
                                 std::shared_ptr<Exchange> exchange,
                                 Responder respond);

}  // namespace samen::gateway::session

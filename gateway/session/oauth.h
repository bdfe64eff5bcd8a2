#pragma once

// The OAuth 2.0 token endpoint's wire format (RFC 6749 sections 5.1 and 5.2):
// the request from the form and the client authentication, the JSON answer,
// and the error answer from the identity service's gRPC status (the OAuth
// error code is the status's google.rpc.ErrorInfo reason, the message its
// description).

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"
#include "samen/identity/v1/identity_service.pb.h"

namespace samen::gateway::session {

// IssueTokenRequest from the form parameters and the Authorization header.
// Client credentials come from HTTP Basic or from client_id/client_secret in
// the form, not both; a request that mixes them, or whose Basic header is
// malformed, is INVALID_ARGUMENT (invalid_request).
absl::StatusOr<identity::v1::IssueTokenRequest> TokenRequestFrom(
    const std::map<std::string, std::string>& form,
    absl::string_view authorization);

struct OAuthError {
  int http_status = 400;
  // "invalid_request", "invalid_client", "invalid_grant", ...
  std::string error;
  std::string description;
  // Answer with `WWW-Authenticate: Basic` (invalid_client after Basic auth).
  bool basic_challenge = false;
};

// The error answer for a failed IssueToken call: the ErrorInfo reason as the
// error (else one derived from the code), 401 + Basic challenge for
// invalid_client when the client used Basic, 503 temporarily_unavailable
// when the service is unavailable, 500 server_error for internal failures.
OAuthError OAuthErrorFromStatus(const grpc::Status& status, bool used_basic);

// An invalid_request error for a request the gateway refuses itself.
OAuthError InvalidRequest(absl::string_view description);

// {"error": ..., "error_description": ...}
std::string OAuthErrorJson(const OAuthError& error);
// {"access_token", "token_type", "expires_in", and when set "refresh_token",
// "issued_token_type", "scope"}.
std::string TokenResponseJson(const identity::v1::IssueTokenResponse& token);

}  // namespace samen::gateway::session

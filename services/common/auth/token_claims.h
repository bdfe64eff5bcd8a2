#pragma once

// The claims Samen writes into the tokens it issues, in one place: the
// developer tokens of `samen-server mint-token` (HS256) and the identity
// service's access tokens (ES256, RFC 9068 shape). What token_verifier.cc
// reads back (claims.cc) is the same set.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/auth.h"

namespace samen::auth {

// "role" or "role@scope" (the form of mint-token's --grants, of a machine
// client's grants and of the `scope` a token response lists). INVALID_ARGUMENT
// for an unknown role or an empty one.
absl::StatusOr<Grant> ParseGrantText(absl::string_view text);
// The inverse: "role@scope", or "role" for an unscoped grant.
std::string GrantText(const Grant& grant);

struct TokenClaims {
  std::string issuer;         // `iss`, omitted when empty
  std::string audience;       // `aud`, omitted when empty
  std::string subject;        // `sub`
  std::string display_name;   // `name`, omitted when empty
  std::string client_id;      // `client_id` (RFC 9068), omitted when empty
  std::string token_id;       // `jti`, omitted when empty
  std::vector<Grant> grants;  // `samen_roles`
  absl::Time issued;          // `iat`
  absl::Time expires;         // `exp`
};

// The JSON object of `claims`. Text must be valid UTF-8 (callers check).
std::string TokenPayloadJson(const TokenClaims& claims);

}  // namespace samen::auth

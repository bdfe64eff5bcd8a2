#pragma once

// The token-verification flags every binary shares (--jwt_hs256_secret,
// --jwt_hs256_secret_file, --jwks_file, --jwks_url, --jwt_issuer,
// --jwt_audience; each also from its SAMEN_... variable, e.g. SAMEN_JWKS_URL),
// and the verifier built from them.

#include <memory>

#include "absl/status/statusor.h"
#include "services/common/auth/auth.h"

namespace samen {

absl::StatusOr<auth::VerifierOptions> VerifierOptionsFromFlags();
absl::StatusOr<std::unique_ptr<auth::TokenVerifier>> VerifierFromFlags();

}  // namespace samen

#include "services/common/auth_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "services/common/config.h"
#include "services/common/status_macros.h"

ABSL_FLAG(std::string, jwt_hs256_secret, "",
          "HS256 secret for bearer tokens (local use; prefer "
          "--jwt_hs256_secret_file)");
ABSL_FLAG(std::string, jwt_hs256_secret_file, "",
          "File holding the HS256 secret");
ABSL_FLAG(std::string, jwks_file, "",
          "JWKS file with RS256/ES256 public keys (production)");
ABSL_FLAG(std::string, jwks_url, "",
          "http(s) URL of a JWKS with RS256/ES256 public keys, fetched on "
          "first use and cached (for example Samen's own published keys)");
ABSL_FLAG(std::string, jwt_issuer, "", "Required token issuer (iss), if set");
ABSL_FLAG(std::string, jwt_audience, "",
          "Required token audience (aud), if set");

namespace samen {

absl::StatusOr<auth::VerifierOptions> VerifierOptionsFromFlags() {
  auth::VerifierOptions options;
  options.hs256_secret = absl::GetFlag(FLAGS_jwt_hs256_secret);
  if (options.hs256_secret.empty()) {
    ASSIGN_OR_RETURN(
        auto secret,
        config::ReadSecretFile(absl::GetFlag(FLAGS_jwt_hs256_secret_file)));
    options.hs256_secret = secret;
  }
  options.jwks_file = absl::GetFlag(FLAGS_jwks_file);
  options.jwks_url = absl::GetFlag(FLAGS_jwks_url);
  options.issuer = absl::GetFlag(FLAGS_jwt_issuer);
  options.audience = absl::GetFlag(FLAGS_jwt_audience);
  return options;
}

absl::StatusOr<std::unique_ptr<auth::TokenVerifier>> VerifierFromFlags() {
  ASSIGN_OR_RETURN(auto options, VerifierOptionsFromFlags());
  return auth::TokenVerifier::Create(options);
}

}  // namespace samen

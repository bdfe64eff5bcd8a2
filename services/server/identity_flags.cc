#include "services/server/identity_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/common/auth_flags.h"
#include "services/common/status_macros.h"

ABSL_FLAG(std::string, signing_keys, "",
          "Identity: comma-separated PEM files of Samen's EC P-256 signing "
          "keys; the newest file signs, all are published in the JWKS");
ABSL_FLAG(std::string, identity_providers_file, "",
          "Identity: JSON file of the OpenID Connect providers people sign in "
          "with (docs/security.md)");
ABSL_FLAG(std::string, identity_ca_file, "",
          "Identity: extra CA certificates (PEM) trusted for the providers' "
          "HTTPS, beside the system's");
ABSL_FLAG(absl::Duration, access_token_ttl, absl::Minutes(10),
          "Identity: lifetime of Samen's access tokens (at most 15m)");
ABSL_FLAG(absl::Duration, session_idle_timeout, absl::Hours(2),
          "Identity: a web session unused this long ends");
ABSL_FLAG(absl::Duration, session_max_age, absl::Hours(12),
          "Identity: a web session ends this long after sign-in");
ABSL_FLAG(absl::Duration, refresh_token_max_age, absl::Hours(24 * 30),
          "Identity: a native app's sign-in (its refresh tokens) ends this "
          "long after it began");

namespace samen::server {

absl::StatusOr<identity::IdentityOptions> IdentityOptionsFromFlags() {
  identity::IdentityOptions o;
  ASSIGN_OR_RETURN(auth::VerifierOptions verifier, VerifierOptionsFromFlags());
  o.issuer = verifier.issuer;
  if (!verifier.audience.empty()) {
    o.audience = verifier.audience;
  }
  o.signing_key_files = absl::StrSplit(absl::GetFlag(FLAGS_signing_keys), ',',
                                       absl::SkipWhitespace());
  const std::string providers = absl::GetFlag(FLAGS_identity_providers_file);
  if (!providers.empty()) {
    ASSIGN_OR_RETURN(o.providers, identity::LoadProvidersFile(providers));
  }
  o.ca_file = absl::GetFlag(FLAGS_identity_ca_file);
  o.lifetimes.access_token = absl::GetFlag(FLAGS_access_token_ttl);
  o.lifetimes.session_idle = absl::GetFlag(FLAGS_session_idle_timeout);
  o.lifetimes.session_absolute = absl::GetFlag(FLAGS_session_max_age);
  o.lifetimes.refresh_family = absl::GetFlag(FLAGS_refresh_token_max_age);
  return o;
}

}  // namespace samen::server

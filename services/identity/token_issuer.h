#pragma once

// Issues Samen's access tokens (JWT, RFC 9068 shape, ES256 with the newest of
// Samen's signing keys, `kid` in the header) and publishes what a verifier
// needs: the JWKS of every signing key and the authorization server's metadata
// (RFC 8414). Also keeps the identity service's own short-lived token, with
// which it reads the directory (role `service`).

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/auth/auth.h"
#include "services/common/auth/signer.h"
#include "services/identity/identity_config.h"

namespace samen::identity {

struct IssuedToken {
  std::string token;
  absl::Time expires;
};

class TokenIssuer {
 public:
  // Loads the signing keys; fails when one cannot be read.
  static absl::StatusOr<std::unique_ptr<TokenIssuer>> Create(
      const IdentityOptions& options);

  // A token for `principal` (subject, name, grants), issued `now`, ending at
  // `expires`; `client_id` is the OAuth client it was issued to.
  absl::StatusOr<IssuedToken> Issue(const auth::Principal& principal,
                                    const std::string& client_id,
                                    absl::Time now, absl::Time expires) const;

  // "Bearer <token>" for the identity service's own calls (subject
  // "samen-identity", role service), renewed a minute before it ends.
  absl::StatusOr<std::string> ServiceAuthorization(absl::Time now);

  const std::string& jwks_json() const { return jwks_json_; }
  const std::string& metadata_json() const { return metadata_json_; }
  const std::string& issuer() const { return issuer_; }

 private:
  TokenIssuer(std::string issuer, std::string audience,
              std::unique_ptr<auth::SigningKeys> keys);

  const std::string issuer_;
  const std::string audience_;
  const std::unique_ptr<const auth::SigningKeys> keys_;
  const std::string jwks_json_;
  const std::string metadata_json_;

  absl::Mutex mu_;
  IssuedToken service_token_ ABSL_GUARDED_BY(mu_);
};

// The RFC 8414 metadata of Samen's authorization server at `issuer`.
std::string AuthorizationServerMetadataJson(absl::string_view issuer);

}  // namespace samen::identity

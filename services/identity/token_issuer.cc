#include "services/identity/token_issuer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/auth/json.h"
#include "services/common/auth/random.h"
#include "services/common/auth/token_claims.h"
#include "services/common/status_macros.h"

namespace samen::identity {
namespace {

constexpr absl::Duration kServiceTokenTtl = absl::Minutes(5);
constexpr absl::Duration kServiceTokenRenewal = absl::Minutes(1);

}  // namespace

std::string AuthorizationServerMetadataJson(absl::string_view issuer) {
  using auth::internal::JsonQuote;
  return absl::StrCat(
      "{\"issuer\":", JsonQuote(issuer),
      ",\"token_endpoint\":", JsonQuote(absl::StrCat(issuer, "/oauth/token")),
      ",\"jwks_uri\":",
      JsonQuote(absl::StrCat(issuer, "/.well-known/jwks.json")),
      ",\"grant_types_supported\":[\"client_credentials\",\"refresh_token\","
      "\"urn:ietf:params:oauth:grant-type:token-exchange\"]",
      ",\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\","
      "\"client_secret_post\",\"none\"]",
      ",\"response_types_supported\":[]", ",\"scopes_supported\":[]",
      ",\"service_documentation\":",
      JsonQuote(absl::StrCat(issuer, "/openapi.json")), "}");
}

absl::StatusOr<std::unique_ptr<TokenIssuer>> TokenIssuer::Create(
    const IdentityOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<auth::SigningKeys> keys,
                   auth::SigningKeys::Load(options.signing_key_files));
  return std::unique_ptr<TokenIssuer>(
      new TokenIssuer(options.issuer, options.audience, std::move(keys)));
}

TokenIssuer::TokenIssuer(std::string issuer, std::string audience,
                         std::unique_ptr<auth::SigningKeys> keys)
    : issuer_(std::move(issuer)),
      audience_(std::move(audience)),
      keys_(std::move(keys)),
      jwks_json_(keys_->PublicJwksJson()),
      metadata_json_(AuthorizationServerMetadataJson(issuer_)) {}

absl::StatusOr<IssuedToken> TokenIssuer::Issue(const auth::Principal& principal,
                                               const std::string& client_id,
                                               absl::Time now,
                                               absl::Time expires) const {
  auth::TokenClaims claims;
  claims.issuer = issuer_;
  claims.audience = audience_;
  claims.subject = principal.subject;
  claims.display_name = principal.display_name;
  claims.client_id = client_id;
  ASSIGN_OR_RETURN(claims.token_id, auth::RandomToken(16));
  claims.grants = principal.grants;
  claims.issued = now;
  claims.expires = expires;
  ASSIGN_OR_RETURN(std::string token,
                   keys_->Sign(auth::TokenPayloadJson(claims),
                               auth::TokenType::kAccessToken));
  return IssuedToken{std::move(token), expires};
}

absl::StatusOr<std::string> TokenIssuer::ServiceAuthorization(absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (service_token_.token.empty() ||
      now + kServiceTokenRenewal >= service_token_.expires) {
    auth::Principal service;
    service.subject = "samen-identity";
    service.display_name = "Samen identity service";
    service.grants = {{std::string(auth::kService), ""}};
    ASSIGN_OR_RETURN(service_token_, Issue(service, "samen-identity", now,
                                           now + kServiceTokenTtl));
  }
  return absl::StrCat("Bearer ", service_token_.token);
}

}  // namespace samen::identity

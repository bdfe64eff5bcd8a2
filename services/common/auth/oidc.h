#pragma once

// OpenID Connect relying-party pieces (OpenID Connect Core 1.0, Discovery
// 1.0; OAuth 2.0 RFC 6749, PKCE RFC 7636) for signing people in at their own
// organisation's provider (DESIGN.md, decision 6):
//
//   OidcProviderOptions options;
//   options.issuer = "https://login.school.example";
//   OidcProvider provider(options);
//   // 1. Redirect the browser (state, nonce, PKCE verifier from random.h):
//   ASSIGN_OR_RETURN(std::string url, provider.AuthorizationUrl(
//       client_id, redirect_uri, "openid email profile", state, nonce,
//       PkceS256Challenge(verifier)));
//   // 2. On the callback, exchange the code and verify the ID token:
//   ASSIGN_OR_RETURN(TokenResponse tokens, provider.ExchangeCode(
//       code, redirect_uri, verifier, client_id, client_secret));
//   ASSIGN_OR_RETURN(IdTokenClaims who, provider.VerifyIdToken(
//       tokens.id_token, client_id, nonce, absl::Now()));
//
// The provider's metadata ({issuer}/.well-known/openid-configuration) is
// fetched on first use, not at construction, so a service starts while the
// provider is down; it is refreshed hourly, and a failed refresh keeps the last
// good document. Its "issuer" must equal the configured issuer exactly. The
// provider's keys come from its jwks_uri through a RemoteJwks (cached; an
// unknown kid refetches at most every 30 s).
//
// Errors: metadata or keys that cannot be fetched or are invalid (issuer
// mismatch included) are UNAVAILABLE; an ID token that fails any check is
// UNAUTHENTICATED with a message saying which check ("ID token expired", "ID
// token nonce does not match", ...), never the token itself. Thread-safe.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/auth/remote_jwks.h"
#include "services/common/http/http_client.h"

namespace samen::auth {

// The parts of a provider's discovery document Samen uses.
struct OidcProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string end_session_endpoint;  // "" when the provider has none.
  std::string userinfo_endpoint;     // "" when the provider has none.
};

// Parses a discovery document; its issuer must equal `expected_issuer` and the
// endpoints must be http(s) URLs. INVALID_ARGUMENT saying what is wrong.
absl::StatusOr<OidcProviderMetadata> ParseProviderMetadata(
    absl::string_view json, absl::string_view expected_issuer);

// What a verified ID token says about the person.
struct IdTokenClaims {
  std::string issuer;
  std::string subject;          // `sub`: stable per provider.
  std::string email;            // "" when absent.
  bool email_verified = false;  // True only when the token says so.
  std::string name;             // "" when absent.
  absl::Time auth_time = absl::InfinitePast();  // InfinitePast when absent.
  std::string sid;  // Session id (front/back-channel logout).
  absl::Time expires = absl::InfinitePast();  // `exp`.
};

// The token endpoint's answer to an authorization code.
struct TokenResponse {
  std::string id_token;
  std::string access_token;
  std::string refresh_token;  // "" when none was issued.
  std::string token_type;
  absl::Duration expires_in = absl::ZeroDuration();  // Zero when not given.
};

struct OidcProviderOptions {
  // The issuer exactly as the provider names itself, e.g.
  // "https://login.microsoftonline.com/<tenant>/v2.0".
  std::string issuer;
  // Timeouts, body limit and an extra CA file for every call to the provider.
  http::FetchOptions fetch;
  // How long fetched metadata is used before it is fetched again.
  absl::Duration metadata_max_age = absl::Hours(1);
  // Least time between a failed metadata fetch and the next attempt.
  absl::Duration retry_interval = absl::Seconds(5);
  // Clock skew tolerated on exp, iat and nbf.
  absl::Duration leeway = absl::Seconds(30);
  // The clock for caching (metadata and JWKS); absl::Now when empty. Token
  // checks use the `now` passed to VerifyIdToken.
  std::function<absl::Time()> now;
};

class OidcProvider {
 public:
  // No I/O happens here.
  explicit OidcProvider(OidcProviderOptions options);
  OidcProvider(const OidcProvider&) = delete;
  OidcProvider& operator=(const OidcProvider&) = delete;

  // The provider's metadata, fetched or refreshed when needed.
  absl::StatusOr<OidcProviderMetadata> Metadata() ABSL_LOCKS_EXCLUDED(mu_);

  // The URL to send the browser to for an authorization-code flow with PKCE
  // (S256): authorization_endpoint with response_type=code, client_id,
  // redirect_uri, scope, state, nonce, code_challenge and
  // code_challenge_method=S256.
  absl::StatusOr<std::string> AuthorizationUrl(
      absl::string_view client_id, absl::string_view redirect_uri,
      absl::string_view scope, absl::string_view state, absl::string_view nonce,
      absl::string_view code_challenge);

  // Verifies an ID token: alg RS256 or ES256 (none, HS* and others refused);
  // signature by a key from the provider's JWKS (an unknown kid refetches it,
  // throttled); iss equal to the issuer; aud containing `client_id` (and azp
  // equal to it when present, required with several audiences); exp and nbf
  // with leeway; iat not in the future beyond the leeway; sub present; nonce
  // equal to `expected_nonce` when that is not empty.
  absl::StatusOr<IdTokenClaims> VerifyIdToken(absl::string_view id_token,
                                              absl::string_view client_id,
                                              absl::string_view expected_nonce,
                                              absl::Time now);

  // Exchanges an authorization code at the token endpoint
  // (grant_type=authorization_code, client authentication
  // client_secret_basic; code_verifier sent when not empty). An OAuth error
  // answer is UNAUTHENTICATED naming `error` and `error_description`; a
  // transport failure or non-JSON answer is UNAVAILABLE. The tokens are not
  // verified here: call VerifyIdToken on id_token.
  absl::StatusOr<TokenResponse> ExchangeCode(absl::string_view code,
                                             absl::string_view redirect_uri,
                                             absl::string_view code_verifier,
                                             absl::string_view client_id,
                                             absl::string_view client_secret);

  const std::string& issuer() const { return options_.issuer; }

 private:
  absl::Status RefreshMetadata(absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(fetch_mu_) ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<std::shared_ptr<RemoteJwks>> Jwks() ABSL_LOCKS_EXCLUDED(mu_);
  absl::Time Now() const;

  const OidcProviderOptions options_;
  absl::Mutex fetch_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  absl::Mutex mu_;
  std::optional<OidcProviderMetadata> metadata_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<RemoteJwks> jwks_ ABSL_GUARDED_BY(mu_);
  absl::Time metadata_expires_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Time last_failure_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace samen::auth

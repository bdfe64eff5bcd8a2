// The token endpoint (SignInService.IssueToken): client credentials for
// machine clients, token exchange (RFC 8693) for native apps, and rotating
// refresh tokens with reuse detection.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/auth/random.h"
#include "services/common/auth/token_claims.h"
#include "services/common/call.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"
#include "services/identity/sign_in_flows.h"

namespace samen::identity {
namespace {

constexpr size_t kSecretBytes = 32;
constexpr absl::string_view kTokenExchange =
    "urn:ietf:params:oauth:grant-type:token-exchange";
constexpr absl::string_view kIdTokenType =
    "urn:ietf:params:oauth:token-type:id_token";
constexpr absl::string_view kAccessTokenType =
    "urn:ietf:params:oauth:token-type:access_token";

absl::Status InvalidRequest(absl::string_view description) {
  return OAuthError(absl::StatusCode::kInvalidArgument, "invalid_request",
                    description);
}
absl::Status InvalidGrant(absl::string_view description) {
  return OAuthError(absl::StatusCode::kInvalidArgument, "invalid_grant",
                    description);
}
absl::Status InvalidClient() {
  return OAuthError(absl::StatusCode::kUnauthenticated, "invalid_client",
                    "unknown client or wrong client secret");
}

// Constant-time comparison of two hex hashes of equal length.
bool SameHash(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || a.empty()) {
    return false;
  }
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

bool SecretMatches(const StoredClient& client, const std::string& secret,
                   absl::Time now) {
  const std::string hash = Sha256Hex(secret);
  const bool current = SameHash(hash, client.secret_hash);
  const bool previous = !client.previous_secret_hash.empty() &&
                        client.previous_secret_expire.has_value() &&
                        now < *client.previous_secret_expire &&
                        SameHash(hash, client.previous_secret_hash);
  return current || previous;
}

}  // namespace

absl::Status SignInFlows::IssueToken(const v1::IssueTokenRequest& request,
                                     absl::Time deadline,
                                     v1::IssueTokenResponse* out) {
  if (request.grant_type().empty()) {
    return InvalidRequest("grant_type is missing");
  }
  if (request.grant_type() == "client_credentials") {
    return ClientCredentials(request, deadline, out);
  }
  if (request.grant_type() == kTokenExchange) {
    return TokenExchange(request, deadline, out);
  }
  if (request.grant_type() == "refresh_token") {
    return Refresh(request, deadline, out);
  }
  return OAuthError(absl::StatusCode::kInvalidArgument,
                    "unsupported_grant_type",
                    absl::StrCat("grant_type \"", request.grant_type(),
                                 "\" is not one of client_credentials, ",
                                 kTokenExchange, ", refresh_token"));
}

absl::Status SignInFlows::ClientCredentials(
    const v1::IssueTokenRequest& request, absl::Time deadline,
    v1::IssueTokenResponse* out) {
  if (request.client_id().empty() || request.client_secret().empty()) {
    return OAuthError(absl::StatusCode::kUnauthenticated, "invalid_client",
                      "client_credentials needs client_id and client_secret "
                      "(HTTP Basic or form)");
  }
  absl::StatusOr<StoredClient> client =
      tokens_.GetClient(request.client_id(), deadline);
  const absl::Time now = clock_->Now();
  if (absl::IsNotFound(client.status())) {
    return InvalidClient();
  }
  RETURN_IF_ERROR(client.status());
  if (!SecretMatches(*client, request.client_secret(), now)) {
    log::Warning("client authentication failed", {{"client", client->id}});
    return InvalidClient();
  }
  auth::Principal principal;
  principal.subject = client->id;
  principal.display_name = client->display_name;
  for (const std::string& text : client->grants) {
    ASSIGN_OR_RETURN(auth::Grant grant, auth::ParseGrantText(text));
    principal.grants.push_back(std::move(grant));
  }
  ASSIGN_OR_RETURN(IssuedToken token,
                   issuer_->Issue(principal, client->id, now,
                                  now + options_.lifetimes.access_token));
  out->set_access_token(token.token);
  out->set_token_type("Bearer");
  out->set_expires_in(absl::ToInt64Seconds(token.expires - now));
  out->set_scope(absl::StrJoin(client->grants, " "));
  return absl::OkStatus();
}

absl::Status SignInFlows::TokenExchange(const v1::IssueTokenRequest& request,
                                        absl::Time deadline,
                                        v1::IssueTokenResponse* out) {
  if (request.subject_token().empty()) {
    return InvalidRequest("subject_token is missing");
  }
  if (request.subject_token_type() != kIdTokenType) {
    return InvalidRequest(absl::StrCat("subject_token_type must be ",
                                       kIdTokenType,
                                       " (an ID token from your provider)"));
  }
  if (!request.requested_token_type().empty() &&
      request.requested_token_type() != kAccessTokenType) {
    return InvalidRequest(
        absl::StrCat("requested_token_type can only be ", kAccessTokenType));
  }
  if (!request.audience().empty() && request.audience() != options_.audience &&
      request.audience() != options_.issuer) {
    return OAuthError(absl::StatusCode::kInvalidArgument, "invalid_target",
                      absl::StrCat("Samen issues tokens only for audience \"",
                                   options_.audience, "\""));
  }
  absl::Status last = OAuthError(
      absl::StatusCode::kUnauthenticated, "invalid_client",
      absl::StrCat("client \"", request.client_id(),
                   "\" is not a native app of any configured provider"));
  for (auto& [id, provider] : providers_) {
    const auto& natives = provider.config.native_client_ids;
    if (std::find(natives.begin(), natives.end(), request.client_id()) ==
        natives.end()) {
      continue;
    }
    absl::StatusOr<auth::IdTokenClaims> claims = provider.oidc->VerifyIdToken(
        request.subject_token(), request.client_id(), "", clock_->Now());
    if (!claims.ok()) {
      last = InvalidGrant(claims.status().message());
      continue;
    }
    absl::StatusOr<Profile> profile = PersonFor(provider, *claims, deadline);
    if (!profile.ok()) {
      return absl::IsPermissionDenied(profile.status())
                 ? InvalidGrant(profile.status().message())
                 : profile.status();
    }
    const absl::Time now = clock_->Now();
    ASSIGN_OR_RETURN(const std::string refresh,
                     auth::RandomToken(kSecretBytes));
    ASSIGN_OR_RETURN(const std::string family, auth::RandomToken(16));
    RETURN_IF_ERROR(tokens_.AddRefreshFamily(
        family, profile->person_id, request.client_id(), Sha256Hex(refresh),
        now, now + options_.lifetimes.refresh_family, deadline));
    out->set_issued_token_type(std::string(kAccessTokenType));
    return AnswerForPerson(*profile, request.client_id(), refresh, out);
  }
  return last;
}

absl::Status SignInFlows::Refresh(const v1::IssueTokenRequest& request,
                                  absl::Time deadline,
                                  v1::IssueTokenResponse* out) {
  if (request.refresh_token().empty()) {
    return InvalidRequest("refresh_token is missing");
  }
  if (request.client_id().empty()) {
    return InvalidRequest("client_id is missing");
  }
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(const std::string next, auth::RandomToken(kSecretBytes));
  absl::StatusOr<RefreshOutcome> outcome = tokens_.UseRefreshToken(
      Sha256Hex(request.refresh_token()), request.client_id(), Sha256Hex(next),
      now, deadline);
  if (absl::IsNotFound(outcome.status())) {
    return InvalidGrant("unknown refresh token");
  }
  RETURN_IF_ERROR(outcome.status());
  switch (outcome->verdict) {
    case RefreshVerdict::kRotate:
      break;
    case RefreshVerdict::kReuse:
      log::Warning(
          "refresh token reuse: family revoked",
          {{"person", outcome->person_id}, {"family", outcome->family_id}});
      return InvalidGrant(
          "this refresh token was used before; every token of this sign-in "
          "is now revoked, sign in again");
    case RefreshVerdict::kRevoked:
      return InvalidGrant("this sign-in was revoked; sign in again");
    case RefreshVerdict::kExpired:
      return InvalidGrant("this sign-in is too old; sign in again");
    case RefreshVerdict::kWrongClient:
      return InvalidGrant("this refresh token was issued to another client");
  }
  absl::StatusOr<Profile> profile =
      profiles_->ByPerson(outcome->person_id, deadline);
  if (absl::IsNotFound(profile.status())) {
    RETURN_IF_ERROR(tokens_.RevokeFamily(outcome->family_id, "person_removed",
                                         now, deadline));
    return InvalidGrant("the person is no longer in the directory");
  }
  RETURN_IF_ERROR(profile.status());
  return AnswerForPerson(*profile, request.client_id(), next, out);
}

absl::Status SignInFlows::AnswerForPerson(const Profile& profile,
                                          const std::string& client_id,
                                          const std::string& refresh_token,
                                          v1::IssueTokenResponse* out) {
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(IssuedToken token,
                   issuer_->Issue(profile.AsPrincipal(), client_id, now,
                                  now + options_.lifetimes.access_token));
  out->set_access_token(token.token);
  out->set_token_type("Bearer");
  out->set_expires_in(absl::ToInt64Seconds(token.expires - now));
  out->set_refresh_token(refresh_token);
  out->set_scope(absl::StrJoin(GrantTexts(profile.grants), " "));
  return absl::OkStatus();
}

}  // namespace samen::identity

#pragma once

// The sign-in flows behind SignInService and IdentityService, as plain
// functions of their requests (the handlers only adapt gRPC): the web
// authorization-code flow with PKCE, web sessions, Samen's token endpoint
// (client credentials, token exchange, rotating refresh tokens), and the
// administrator's calls. docs/security.md describes each flow.

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "samen/identity/v1/identity_service.pb.h"
#include "services/common/auth/oidc.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/identity/directory_profiles.h"
#include "services/identity/identity_config.h"
#include "services/identity/session_repository.h"
#include "services/identity/token_issuer.h"
#include "services/identity/token_repository.h"

namespace samen::identity {

// A configured provider with its discovery, keys and code exchange.
struct Provider {
  ProviderConfig config;
  std::unique_ptr<auth::OidcProvider> oidc;
};

class SignInFlows {
 public:
  SignInFlows(const IdentityOptions& options, db::Pool* pool,
              TokenIssuer* issuer, std::unique_ptr<ProfileSource> profiles,
              const Clock* clock);

  // SignInService (the gateway's calls; each request carries its own secret).
  absl::Status BeginSignIn(const v1::BeginSignInRequest& request,
                           absl::Time deadline, v1::BeginSignInResponse* out);
  absl::Status CompleteSignIn(const v1::CompleteSignInRequest& request,
                              absl::Time deadline,
                              v1::CompleteSignInResponse* out);
  absl::Status ResumeSession(const v1::ResumeSessionRequest& request,
                             absl::Time deadline,
                             v1::ResumeSessionResponse* out);
  absl::Status EndSession(const v1::EndSessionRequest& request,
                          absl::Time deadline, v1::EndSessionResponse* out);
  absl::Status IssueToken(const v1::IssueTokenRequest& request,
                          absl::Time deadline, v1::IssueTokenResponse* out);
  void PublicDocuments(v1::PublicDocuments* out) const;

  // IdentityService (authorised callers only).
  absl::Status RevokePersonSessions(
      const CallContext& call, const v1::RevokePersonSessionsRequest& request,
      v1::RevokePersonSessionsResponse* out);
  absl::Status ListClients(const CallContext& call,
                           v1::ListClientsResponse* out);
  absl::Status CreateClient(const CallContext& call,
                            const v1::CreateClientRequest& request,
                            v1::ClientWithSecret* out);
  absl::Status RotateClientSecret(const CallContext& call,
                                  const v1::RotateClientSecretRequest& request,
                                  v1::ClientWithSecret* out);
  absl::Status DeleteClient(const CallContext& call,
                            const v1::DeleteClientRequest& request);

 private:
  // token_flows.cc: the three grants of the token endpoint.
  absl::Status ClientCredentials(const v1::IssueTokenRequest& request,
                                 absl::Time deadline,
                                 v1::IssueTokenResponse* out);
  absl::Status TokenExchange(const v1::IssueTokenRequest& request,
                             absl::Time deadline, v1::IssueTokenResponse* out);
  absl::Status Refresh(const v1::IssueTokenRequest& request,
                       absl::Time deadline, v1::IssueTokenResponse* out);
  // An access token for `profile` and, for a native client, a refresh token
  // in `family_id` (already stored by the caller as `refresh_token`).
  absl::Status AnswerForPerson(const Profile& profile,
                               const std::string& client_id,
                               const std::string& refresh_token,
                               v1::IssueTokenResponse* out);

  // The provider with `id` ("" = the first configured).
  absl::StatusOr<Provider*> FindProvider(const std::string& id);
  // The provider whose issuer is `issuer`.
  Provider* ProviderForIssuer(const std::string& issuer);
  // The person signed in with a verified ID token: the pinned one, or the one
  // with the verified e-mail address (then pinned).
  absl::StatusOr<Profile> PersonFor(const Provider& provider,
                                    const auth::IdTokenClaims& claims,
                                    absl::Time deadline);

  const IdentityOptions options_;
  SessionRepository sessions_;
  TokenRepository tokens_;
  TokenIssuer* const issuer_;
  const std::unique_ptr<ProfileSource> profiles_;
  const Clock* const clock_;
  std::map<std::string, Provider> providers_;
  std::string default_provider_;
};

// OAuth error codes (RFC 6749 section 5.2, RFC 8693), carried as the
// ErrorInfo reason of the status the token endpoint fails with.
absl::Status OAuthError(absl::StatusCode code, absl::string_view error,
                        absl::string_view description);

}  // namespace samen::identity

#include "services/identity/sign_in_flows.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/random.h"
#include "services/common/errors.h"
#include "services/common/http/http_client.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"

namespace samen::identity {
namespace {

constexpr size_t kSecretBytes = 32;
constexpr size_t kMaxUserAgent = 300;

std::string WithQuery(
    const std::string& url,
    const std::vector<std::pair<std::string, std::string>>& params) {
  return absl::StrCat(url, absl::StrContains(url, '?') ? "&" : "?",
                      http::FormUrlEncode(params));
}

absl::Status SessionGone(absl::string_view why) {
  return WithReason(absl::UnauthenticatedError(absl::StrCat(
                        "the session has ", why, "; sign in again")),
                    "SESSION_ENDED");
}

}  // namespace

absl::Status OAuthError(absl::StatusCode code, absl::string_view error,
                        absl::string_view description) {
  return WithReason(absl::Status(code, description), error);
}

SignInFlows::SignInFlows(const IdentityOptions& options, db::Pool* pool,
                         TokenIssuer* issuer,
                         std::unique_ptr<ProfileSource> profiles,
                         const Clock* clock)
    : options_(options),
      sessions_(pool),
      tokens_(pool),
      issuer_(issuer),
      profiles_(std::move(profiles)),
      clock_(clock) {
  for (const ProviderConfig& config : options_.providers) {
    if (default_provider_.empty()) {
      default_provider_ = config.id;
    }
    auth::OidcProviderOptions oidc;
    oidc.issuer = config.issuer;
    oidc.fetch.ca_file = options_.ca_file;
    oidc.now = [clock] { return clock->Now(); };
    providers_[config.id] =
        Provider{config, std::make_unique<auth::OidcProvider>(oidc)};
  }
}

absl::StatusOr<Provider*> SignInFlows::FindProvider(const std::string& id) {
  const std::string& key = id.empty() ? default_provider_ : id;
  auto it = providers_.find(key);
  if (it == providers_.end()) {
    return InvalidField(
        "provider",
        id.empty() ? "no identity provider is configured"
                   : absl::StrCat("unknown identity provider \"", id, "\""));
  }
  return &it->second;
}

Provider* SignInFlows::ProviderForIssuer(const std::string& issuer) {
  for (auto& [id, provider] : providers_) {
    if (provider.config.issuer == issuer) {
      return &provider;
    }
  }
  return nullptr;
}

absl::Status SignInFlows::BeginSignIn(const v1::BeginSignInRequest& request,
                                      absl::Time deadline,
                                      v1::BeginSignInResponse* out) {
  ASSIGN_OR_RETURN(Provider * provider, FindProvider(request.provider()));
  if (!absl::StartsWith(request.redirect_uri(), "https://") &&
      !absl::StartsWith(request.redirect_uri(), "http://")) {
    return InvalidField("redirect_uri", "must be an http(s) URL");
  }
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(const std::string state, auth::RandomToken(kSecretBytes));
  ASSIGN_OR_RETURN(const std::string binding, auth::RandomToken(kSecretBytes));
  SignInAttempt attempt;
  attempt.binding_hash = Sha256Hex(binding);
  attempt.provider_id = provider->config.id;
  ASSIGN_OR_RETURN(attempt.nonce, auth::RandomToken(kSecretBytes));
  ASSIGN_OR_RETURN(attempt.code_verifier, auth::RandomToken(kSecretBytes));
  attempt.redirect_uri = request.redirect_uri();
  attempt.return_to = SafeReturnTo(request.return_to());
  attempt.expire = now + options_.lifetimes.sign_in_attempt;
  ASSIGN_OR_RETURN(std::string url,
                   provider->oidc->AuthorizationUrl(
                       provider->config.client_id, attempt.redirect_uri,
                       provider->config.scopes, state, attempt.nonce,
                       auth::PkceS256Challenge(attempt.code_verifier)));
  RETURN_IF_ERROR(
      sessions_.AddSignInAttempt(Sha256Hex(state), attempt, now, deadline));
  out->set_authorization_url(std::move(url));
  out->set_browser_binding(binding);
  *out->mutable_expire_time() = ToProtoTimestamp(attempt.expire);
  return absl::OkStatus();
}

absl::Status SignInFlows::CompleteSignIn(
    const v1::CompleteSignInRequest& request, absl::Time deadline,
    v1::CompleteSignInResponse* out) {
  if (request.state().empty()) {
    return InvalidField("state", "is missing from the callback");
  }
  const absl::Time now = clock_->Now();
  absl::StatusOr<SignInAttempt> attempt =
      sessions_.TakeSignInAttempt(Sha256Hex(request.state()), now, deadline);
  if (absl::IsNotFound(attempt.status())) {
    return InvalidField("state", "belongs to no sign-in Samen started");
  }
  RETURN_IF_ERROR(attempt.status());
  if (attempt->used) {
    return InvalidField("state",
                        "this sign-in was already completed (a callback is "
                        "used once); sign in again");
  }
  if (request.browser_binding().empty() ||
      Sha256Hex(request.browser_binding()) != attempt->binding_hash) {
    return absl::PermissionDeniedError(
        "this sign-in was started in another browser (or its cookie is "
        "gone); sign in again");
  }
  if (now >= attempt->expire) {
    return absl::FailedPreconditionError(
        "the sign-in took longer than 10 minutes; sign in again");
  }
  if (!request.error().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the identity provider did not sign you in: ", request.error(), " ",
        request.error_description()));
  }
  if (request.code().empty()) {
    return InvalidField("code", "is missing from the callback");
  }
  ASSIGN_OR_RETURN(Provider * provider, FindProvider(attempt->provider_id));
  ASSIGN_OR_RETURN(
      auth::TokenResponse tokens,
      provider->oidc->ExchangeCode(
          request.code(), attempt->redirect_uri, attempt->code_verifier,
          provider->config.client_id, provider->config.client_secret));
  ASSIGN_OR_RETURN(
      auth::IdTokenClaims claims,
      provider->oidc->VerifyIdToken(tokens.id_token, provider->config.client_id,
                                    attempt->nonce, clock_->Now()));
  ASSIGN_OR_RETURN(Profile profile, PersonFor(*provider, claims, deadline));
  WebSession session;
  ASSIGN_OR_RETURN(session.id, auth::RandomToken(16));
  session.person_id = profile.person_id;
  session.provider_id = provider->config.id;
  session.id_token = tokens.id_token;
  ASSIGN_OR_RETURN(session.csrf_token, auth::RandomToken(kSecretBytes));
  session.user_agent = request.user_agent().substr(0, kMaxUserAgent);
  session.create_time = session.last_seen = clock_->Now();
  session.expire = session.create_time + options_.lifetimes.session_absolute;
  ASSIGN_OR_RETURN(const std::string secret, auth::RandomToken(kSecretBytes));
  RETURN_IF_ERROR(sessions_.AddSession(Sha256Hex(secret), session, deadline));
  log::Info("signed in", {{"person", profile.person_id},
                          {"provider", provider->config.id},
                          {"session", session.id}});
  out->set_session_secret(secret);
  *out->mutable_expire_time() = ToProtoTimestamp(session.expire);
  out->set_return_to(attempt->return_to);
  out->set_person(absl::StrCat("people/", profile.person_id));
  return absl::OkStatus();
}

absl::StatusOr<Profile> SignInFlows::PersonFor(
    const Provider& provider, const auth::IdTokenClaims& claims,
    absl::Time deadline) {
  ASSIGN_OR_RETURN(
      std::optional<std::string> pinned,
      sessions_.FindPinnedPerson(claims.issuer, claims.subject, deadline));
  absl::StatusOr<Profile> profile = absl::NotFoundError("");
  if (pinned.has_value()) {
    profile = profiles_->ByPerson(*pinned, deadline);
  } else if (!claims.email.empty() && claims.email_verified) {
    profile = profiles_->ByEmail(claims.email, deadline);
  } else {
    return absl::PermissionDeniedError(absl::StrCat(
        "your account at ", provider.config.display_name,
        " has no verified e-mail address, so Samen cannot tell who you are; "
        "ask your coordinator to add you"));
  }
  if (absl::IsNotFound(profile.status())) {
    return absl::PermissionDeniedError(absl::StrCat(
        "your account at ", provider.config.display_name,
        " is not known in Samen; ask your coordinator to add you"));
  }
  RETURN_IF_ERROR(profile.status());
  RETURN_IF_ERROR(sessions_.PinIdentity(claims.issuer, claims.subject,
                                        profile->person_id, claims.email,
                                        clock_->Now(), deadline));
  return profile;
}

absl::Status SignInFlows::ResumeSession(const v1::ResumeSessionRequest& request,
                                        absl::Time deadline,
                                        v1::ResumeSessionResponse* out) {
  if (request.session_secret().empty()) {
    return absl::UnauthenticatedError("no session");
  }
  absl::StatusOr<WebSession> session =
      sessions_.FindSession(Sha256Hex(request.session_secret()), deadline);
  if (absl::IsNotFound(session.status())) {
    return SessionGone("ended or never existed");
  }
  RETURN_IF_ERROR(session.status());
  const absl::Time now = clock_->Now();
  if (std::optional<std::string> dead = SessionDeadReason(
          {session->last_seen, session->expire, session->ended},
          options_.lifetimes.session_idle, now)) {
    if (!session->ended) {
      RETURN_IF_ERROR(sessions_.EndSession(session->id, *dead, now, deadline));
    }
    return SessionGone(*dead == "idle"      ? "been idle too long"
                       : *dead == "expired" ? "reached its maximum age"
                                            : "ended");
  }
  absl::StatusOr<Profile> profile =
      profiles_->ByPerson(session->person_id, deadline);
  if (absl::IsNotFound(profile.status())) {
    RETURN_IF_ERROR(
        sessions_.EndSession(session->id, "person_removed", now, deadline));
    return SessionGone("ended: the person is no longer in the directory");
  }
  RETURN_IF_ERROR(profile.status());
  RETURN_IF_ERROR(sessions_.TouchSession(session->id, now, deadline));
  ASSIGN_OR_RETURN(
      IssuedToken token,
      issuer_->Issue(profile->AsPrincipal(), "samen-web", now,
                     AccessTokenExpiry(now, options_.lifetimes.access_token,
                                       session->expire)));
  out->set_access_token(token.token);
  *out->mutable_access_token_expire_time() = ToProtoTimestamp(token.expires);
  out->set_csrf_token(session->csrf_token);
  out->set_person(absl::StrCat("people/", profile->person_id));
  out->set_display_name(profile->display_name);
  *out->mutable_idle_expire_time() = ToProtoTimestamp(
      std::min(now + options_.lifetimes.session_idle, session->expire));
  *out->mutable_expire_time() = ToProtoTimestamp(session->expire);
  for (std::string& grant : GrantTexts(profile->grants)) {
    out->add_grants(std::move(grant));
  }
  return absl::OkStatus();
}

absl::Status SignInFlows::EndSession(const v1::EndSessionRequest& request,
                                     absl::Time deadline,
                                     v1::EndSessionResponse* out) {
  absl::StatusOr<WebSession> session =
      sessions_.FindSession(Sha256Hex(request.session_secret()), deadline);
  if (absl::IsNotFound(session.status()) || request.session_secret().empty()) {
    return absl::OkStatus();  // signing out twice is no error
  }
  RETURN_IF_ERROR(session.status());
  RETURN_IF_ERROR(
      sessions_.EndSession(session->id, "signed_out", clock_->Now(), deadline));
  log::Info("signed out",
            {{"person", session->person_id}, {"session", session->id}});
  auto provider = providers_.find(session->provider_id);
  if (provider == providers_.end()) {
    return absl::OkStatus();
  }
  absl::StatusOr<auth::OidcProviderMetadata> metadata =
      provider->second.oidc->Metadata();
  if (!metadata.ok() || metadata->end_session_endpoint.empty()) {
    return absl::OkStatus();
  }
  std::vector<std::pair<std::string, std::string>> params = {
      {"id_token_hint", session->id_token},
      {"client_id", provider->second.config.client_id}};
  if (!request.post_logout_redirect_uri().empty()) {
    params.push_back(
        {"post_logout_redirect_uri", request.post_logout_redirect_uri()});
  }
  out->set_logout_url(WithQuery(metadata->end_session_endpoint, params));
  return absl::OkStatus();
}

void SignInFlows::PublicDocuments(v1::PublicDocuments* out) const {
  out->set_jwks_json(issuer_->jwks_json());
  out->set_authorization_server_metadata_json(issuer_->metadata_json());
  out->set_issuer(issuer_->issuer());
}

}  // namespace samen::identity

// OidcProvider: discovery metadata, the authorization URL and the code
// exchange. ID token verification is in oidc_id_token.cc.

#include "services/common/auth/oidc.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/auth/json.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"

namespace samen::auth {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr size_t kMaxEchoedText = 200;

// A string member, or "" when absent or not a string.
std::string StringMember(const Struct& object, const std::string& name) {
  const Value* value = internal::FindMember(object, name);
  return value != nullptr && value->kind_case() == Value::kStringValue
             ? value->string_value()
             : std::string();
}

// Text from the provider, safe to put in an error message or log line.
std::string Echo(absl::string_view text) {
  std::string escaped = absl::CHexEscape(text.substr(0, kMaxEchoedText));
  return text.size() > kMaxEchoedText ? absl::StrCat(escaped, "...") : escaped;
}

absl::Status CheckEndpoint(const std::string& url, absl::string_view name,
                           bool required) {
  if (url.empty() && !required) {
    return absl::OkStatus();
  }
  if (url.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("OpenID provider metadata has no ", name));
  }
  if (!http::ParseUrl(url).ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "OpenID provider metadata ", name, " is not an http(s) URL"));
  }
  return absl::OkStatus();
}

std::string DiscoveryUrl(absl::string_view issuer) {
  absl::ConsumeSuffix(&issuer, "/");
  return absl::StrCat(issuer, "/.well-known/openid-configuration");
}

absl::StatusOr<TokenResponse> ParseTokenResponse(
    const http::HttpResponse& response) {
  std::optional<Struct> body = internal::ParseJsonObject(response.body);
  if (response.status != 200) {
    const std::string error = body ? StringMember(*body, "error") : "";
    if (error.empty()) {
      return absl::UnavailableError(absl::StrCat(
          "token endpoint answered HTTP status ", response.status));
    }
    const std::string description = StringMember(*body, "error_description");
    return absl::UnauthenticatedError(absl::StrCat(
        "token endpoint refused the code: ", Echo(error),
        description.empty() ? "" : absl::StrCat(" (", Echo(description), ")")));
  }
  if (!body.has_value()) {
    return absl::UnavailableError("token endpoint answer is not a JSON object");
  }
  TokenResponse tokens;
  tokens.id_token = StringMember(*body, "id_token");
  tokens.access_token = StringMember(*body, "access_token");
  tokens.refresh_token = StringMember(*body, "refresh_token");
  tokens.token_type = StringMember(*body, "token_type");
  const Value* expires_in = internal::FindMember(*body, "expires_in");
  if (expires_in != nullptr && expires_in->kind_case() == Value::kNumberValue &&
      expires_in->number_value() > 0) {
    tokens.expires_in = absl::Seconds(expires_in->number_value());
  }
  if (tokens.id_token.empty()) {
    return absl::UnavailableError(
        "token endpoint answer has no id_token (was the openid scope asked "
        "for?)");
  }
  if (tokens.access_token.empty()) {
    return absl::UnavailableError("token endpoint answer has no access_token");
  }
  return tokens;
}

}  // namespace

absl::StatusOr<OidcProviderMetadata> ParseProviderMetadata(
    absl::string_view json, absl::string_view expected_issuer) {
  std::optional<Struct> document = internal::ParseJsonObject(json);
  if (!document.has_value()) {
    return absl::InvalidArgumentError(
        "OpenID provider metadata is not a JSON object");
  }
  OidcProviderMetadata metadata;
  metadata.issuer = StringMember(*document, "issuer");
  if (metadata.issuer != expected_issuer) {
    return absl::InvalidArgumentError(absl::StrCat(
        "OpenID provider metadata issuer \"", Echo(metadata.issuer),
        "\" is not the configured issuer \"", expected_issuer, "\""));
  }
  metadata.authorization_endpoint =
      StringMember(*document, "authorization_endpoint");
  metadata.token_endpoint = StringMember(*document, "token_endpoint");
  metadata.jwks_uri = StringMember(*document, "jwks_uri");
  metadata.end_session_endpoint =
      StringMember(*document, "end_session_endpoint");
  metadata.userinfo_endpoint = StringMember(*document, "userinfo_endpoint");
  RETURN_IF_ERROR(CheckEndpoint(metadata.authorization_endpoint,
                                "authorization_endpoint", true));
  RETURN_IF_ERROR(
      CheckEndpoint(metadata.token_endpoint, "token_endpoint", true));
  RETURN_IF_ERROR(CheckEndpoint(metadata.jwks_uri, "jwks_uri", true));
  RETURN_IF_ERROR(CheckEndpoint(metadata.end_session_endpoint,
                                "end_session_endpoint", false));
  RETURN_IF_ERROR(
      CheckEndpoint(metadata.userinfo_endpoint, "userinfo_endpoint", false));
  return metadata;
}

OidcProvider::OidcProvider(OidcProviderOptions options)
    : options_(std::move(options)) {}

absl::Time OidcProvider::Now() const {
  return options_.now ? options_.now() : absl::Now();
}

absl::StatusOr<OidcProviderMetadata> OidcProvider::Metadata() {
  auto due = [this](absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return now - last_failure_ >= options_.retry_interval &&
           (!metadata_.has_value() || now >= metadata_expires_);
  };
  {
    absl::MutexLock lock(&mu_);
    if (!due(Now())) {
      if (metadata_.has_value()) {
        return *metadata_;
      }
      return last_error_;
    }
  }
  absl::MutexLock fetch_lock(&fetch_mu_);
  const absl::Time now = Now();
  bool fetch = false;
  {
    absl::MutexLock lock(&mu_);
    fetch = due(now);  // Another caller may have fetched meanwhile.
  }
  if (fetch) {
    RefreshMetadata(now).IgnoreError();  // Logged; the last good one stays.
  }
  absl::MutexLock lock(&mu_);
  if (metadata_.has_value()) {
    return *metadata_;
  }
  return last_error_;
}

absl::Status OidcProvider::RefreshMetadata(absl::Time now) {
  const std::string url = DiscoveryUrl(options_.issuer);
  absl::StatusOr<OidcProviderMetadata> parsed;
  absl::StatusOr<http::HttpResponse> response = http::Get(url, options_.fetch);
  if (!response.ok()) {
    parsed = response.status();
  } else if (response->status != 200) {
    parsed = absl::UnavailableError(
        absl::StrCat(url, " answered HTTP status ", response->status));
  } else {
    parsed = ParseProviderMetadata(response->body, options_.issuer);
  }
  absl::MutexLock lock(&mu_);
  if (!parsed.ok()) {
    last_failure_ = now;
    last_error_ = absl::UnavailableError(
        absl::StrCat("OpenID provider ", options_.issuer,
                     " is unavailable: ", parsed.status().message()));
    log::Warning("OpenID provider metadata fetch failed",
                 {{"issuer", options_.issuer},
                  {"error", std::string(parsed.status().message())},
                  {"keeping_cached_metadata",
                   metadata_.has_value() ? "true" : "false"}});
    return last_error_;
  }
  if (jwks_ == nullptr || jwks_->url() != parsed->jwks_uri) {
    RemoteJwksOptions jwks_options;
    jwks_options.url = parsed->jwks_uri;
    jwks_options.fetch = options_.fetch;
    jwks_options.now = options_.now;
    jwks_ = std::make_shared<RemoteJwks>(std::move(jwks_options));
  }
  metadata_ = *std::move(parsed);
  metadata_expires_ = now + options_.metadata_max_age;
  last_failure_ = absl::InfinitePast();
  last_error_ = absl::OkStatus();
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<RemoteJwks>> OidcProvider::Jwks() {
  RETURN_IF_ERROR(Metadata().status());
  absl::MutexLock lock(&mu_);
  return jwks_;
}

absl::StatusOr<std::string> OidcProvider::AuthorizationUrl(
    absl::string_view client_id, absl::string_view redirect_uri,
    absl::string_view scope, absl::string_view state, absl::string_view nonce,
    absl::string_view code_challenge) {
  ASSIGN_OR_RETURN(OidcProviderMetadata metadata, Metadata());
  const std::string query = http::FormUrlEncode({
      {"response_type", "code"},
      {"client_id", std::string(client_id)},
      {"redirect_uri", std::string(redirect_uri)},
      {"scope", std::string(scope)},
      {"state", std::string(state)},
      {"nonce", std::string(nonce)},
      {"code_challenge", std::string(code_challenge)},
      {"code_challenge_method", "S256"},
  });
  const char* separator =
      absl::StrContains(metadata.authorization_endpoint, '?') ? "&" : "?";
  return absl::StrCat(metadata.authorization_endpoint, separator, query);
}

absl::StatusOr<TokenResponse> OidcProvider::ExchangeCode(
    absl::string_view code, absl::string_view redirect_uri,
    absl::string_view code_verifier, absl::string_view client_id,
    absl::string_view client_secret) {
  ASSIGN_OR_RETURN(OidcProviderMetadata metadata, Metadata());
  http::Fields fields = {{"grant_type", "authorization_code"},
                         {"code", std::string(code)},
                         {"redirect_uri", std::string(redirect_uri)}};
  if (!code_verifier.empty()) {
    fields.emplace_back("code_verifier", std::string(code_verifier));
  }
  // RFC 6749 section 2.3.1: both parts form-encoded before Base64.
  const std::string credentials = absl::StrCat(
      http::FormUrlEscape(client_id), ":", http::FormUrlEscape(client_secret));
  const http::Fields headers = {
      {"Authorization",
       absl::StrCat("Basic ", absl::Base64Escape(credentials))},
      {"Accept", "application/json"}};
  ASSIGN_OR_RETURN(
      http::HttpResponse response,
      http::PostForm(metadata.token_endpoint, fields, headers, options_.fetch));
  return ParseTokenResponse(response);
}

}  // namespace samen::auth

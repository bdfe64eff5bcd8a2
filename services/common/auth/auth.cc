// Principal helpers, the Authorization header parser and HS256 minting.
// Verification lives in token_verifier.cc.

#include "services/common/auth/auth.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/base64url.h"
#include "services/common/auth/json.h"
#include "services/common/auth/jws.h"
#include "services/common/auth/token_claims.h"
#include "services/common/status_macros.h"

namespace samen::auth {
namespace {

constexpr size_t kMinHs256SecretBytes = 32;

constexpr std::array<absl::string_view, 11> kKnownRoles = {
    kStudent, kStarter,        kCoach,
    kMentor,  kSchoolEducator, kInstituteEducator,
    kHr,      kCoordinator,    kIntegration,
    kAdmin,   kService};

absl::Status CheckUtf8(absl::string_view text, absl::string_view what) {
  if (!internal::IsValidUtf8(text)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is not valid UTF-8"));
  }
  return absl::OkStatus();
}

absl::Status CheckMintable(const Principal& principal,
                           const MintOptions& options) {
  if (options.secret.size() < kMinHs256SecretBytes) {
    return absl::InvalidArgumentError("HS256 secret must be at least 32 bytes");
  }
  if (principal.subject.empty()) {
    return absl::InvalidArgumentError("principal has no subject");
  }
  if (options.ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("token ttl must be positive");
  }
  if (options.now == absl::InfiniteFuture() ||
      options.now == absl::InfinitePast() ||
      options.now + options.ttl == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError("token validity must be a finite time");
  }
  for (const auto& [text, what] :
       {std::pair<absl::string_view, absl::string_view>{principal.subject,
                                                        "subject"},
        {principal.display_name, "display name"},
        {options.issuer, "issuer"},
        {options.audience, "audience"}}) {
    RETURN_IF_ERROR(CheckUtf8(text, what));
  }
  for (const Grant& grant : principal.grants) {
    if (grant.role.empty()) {
      return absl::InvalidArgumentError("grant has no role");
    }
    RETURN_IF_ERROR(CheckUtf8(grant.role, "grant role"));
    RETURN_IF_ERROR(CheckUtf8(grant.scope, "grant scope"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsKnownRole(absl::string_view role) {
  return std::find(kKnownRoles.begin(), kKnownRoles.end(), role) !=
         kKnownRoles.end();
}

bool Principal::IsAdmin() const {
  // Admin is an unscoped role; a grant "admin within some scope" is not the
  // operator.
  return HasRoleIn(kAdmin, "");
}

bool Principal::HasRole(absl::string_view role) const {
  return std::any_of(grants.begin(), grants.end(),
                     [role](const Grant& grant) { return grant.role == role; });
}

bool Principal::HasRoleIn(absl::string_view role,
                          absl::string_view scope) const {
  return std::any_of(grants.begin(), grants.end(),
                     [role, scope](const Grant& grant) {
                       return grant.role == role && grant.scope == scope;
                     });
}

std::vector<std::string> Principal::ScopesWithRole(
    absl::string_view role) const {
  std::vector<std::string> scopes;
  for (const Grant& grant : grants) {
    if (grant.role == role && !grant.scope.empty() &&
        std::find(scopes.begin(), scopes.end(), grant.scope) == scopes.end()) {
      scopes.push_back(grant.scope);
    }
  }
  return scopes;
}

std::vector<std::string> Principal::AllScopes() const {
  std::vector<std::string> scopes;
  for (const Grant& grant : grants) {
    if (!grant.scope.empty()) {
      scopes.push_back(grant.scope);
    }
  }
  std::sort(scopes.begin(), scopes.end());
  scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
  return scopes;
}

absl::StatusOr<Principal> AuthenticateHeader(const TokenVerifier& verifier,
                                             absl::string_view header_value,
                                             absl::Time now) {
  const absl::string_view value = absl::StripAsciiWhitespace(header_value);
  if (value.empty()) {
    return absl::UnauthenticatedError("missing bearer token");
  }
  const size_t space = value.find_first_of(" \t");
  const absl::string_view scheme = value.substr(0, space);
  if (!absl::EqualsIgnoreCase(scheme, "bearer")) {
    return absl::UnauthenticatedError(
        "authorization header is not a Bearer token");
  }
  const absl::string_view token =
      space == absl::string_view::npos
          ? absl::string_view()
          : absl::StripLeadingAsciiWhitespace(value.substr(space));
  if (token.empty()) {
    return absl::UnauthenticatedError("missing bearer token");
  }
  return verifier.Verify(token, now);
}

absl::StatusOr<std::string> MintHs256Token(const Principal& principal,
                                           const MintOptions& options) {
  RETURN_IF_ERROR(CheckMintable(principal, options));
  TokenClaims claims;
  claims.subject = principal.subject;
  claims.display_name = principal.display_name;
  claims.issuer = options.issuer;
  claims.audience = options.audience;
  claims.grants = principal.grants;
  claims.issued = options.now;
  claims.expires = options.now + options.ttl;
  const std::string payload = TokenPayloadJson(claims);

  const std::string signing_input =
      absl::StrCat(internal::Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})"),
                   ".", internal::Base64UrlEncode(payload));
  const std::string mac = internal::SignHs256(options.secret, signing_input);
  if (mac.empty()) {
    return absl::InternalError("HMAC-SHA256 failed");
  }
  return absl::StrCat(signing_input, ".", internal::Base64UrlEncode(mac));
}

}  // namespace samen::auth

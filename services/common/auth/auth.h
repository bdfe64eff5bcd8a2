#pragma once

// Bearer-token authentication shared by the gateway and every service.
//
// Tokens are JWTs (RFC 7519). Locally they are signed with HS256 and a shared
// secret; in production with RS256 or ES256, the public keys coming from a JWKS
// file (RFC 7517). The claims Samen reads:
//   sub          the person's id (identity provider subject) ->
//   Principal::subject name         display name (optional) exp, nbf validity
//   (exp is required), checked with a small leeway iss, aud     checked when
//   the verifier is configured with an issuer / audience samen_roles  array of
//   {"role": "<role>", "scope": "<resource name>"} grants, e.g.
//                {"role": "coordinator", "scope": "partnerships/osof"},
//                {"role": "hr", "scope":
//                "organisations/almere-college-dronten"},
//                {"role": "admin"} (no scope: the Samen operator).

#include <memory>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace samen::auth {

// Note: Debian's Abseil is built with its own string_view type
// (ABSL_OPTION_USE_STD_STRING_VIEW 0), so Samen's interfaces use
// absl::string_view, which every absl string function takes.

// Role names as they appear in tokens (DOMAIN.md, "People and roles").
inline constexpr absl::string_view kStudent = "student";
inline constexpr absl::string_view kStarter = "starter";
inline constexpr absl::string_view kCoach = "coach";
inline constexpr absl::string_view kMentor = "mentor";
inline constexpr absl::string_view kSchoolEducator = "school_educator";
inline constexpr absl::string_view kInstituteEducator = "institute_educator";
inline constexpr absl::string_view kHr = "hr";
inline constexpr absl::string_view kCoordinator = "coordinator";
inline constexpr absl::string_view kIntegration = "integration";
inline constexpr absl::string_view kAdmin = "admin";
// Samen's own internal service principals (e.g. the identity service);
// unscoped.
inline constexpr absl::string_view kService = "service";

// True for the role names above.
bool IsKnownRole(absl::string_view role);

// One role held within one scope (a resource name such as "partnerships/osof"
// or "organisations/svol-porteum"); the scope is empty for unscoped roles
// (admin).
struct Grant {
  std::string role;
  std::string scope;
  friend bool operator==(const Grant&, const Grant&) = default;
};

// Who is calling, as established from a verified token.
struct Principal {
  std::string subject;
  std::string display_name;
  std::vector<Grant> grants;
  absl::Time expires = absl::InfiniteFuture();

  // Holds the admin role.
  bool IsAdmin() const;
  // Holds `role` in any scope.
  bool HasRole(absl::string_view role) const;
  // Holds `role` in exactly `scope`.
  bool HasRoleIn(absl::string_view role, absl::string_view scope) const;
  // Every scope in which `role` is held.
  std::vector<std::string> ScopesWithRole(absl::string_view role) const;
  // Every scope of any grant (deduplicated, sorted).
  std::vector<std::string> AllScopes() const;
};

struct VerifierOptions {
  // HS256 shared secret; empty disables HS256.
  std::string hs256_secret;
  // Path of a JWKS file with RSA (RS256) and EC P-256 (ES256) public keys;
  // empty disables.
  std::string jwks_file;
  // http(s) URL of a JWKS with RS256/ES256 public keys (for example Samen's
  // own published keys), fetched on first use and cached (Cache-Control
  // max-age, 1 min..24 h); a token with an unknown kid triggers at most one
  // refetch per 30 s; empty disables. Used beside jwks_file.
  std::string jwks_url;
  // A JWKS document (as published by the identity service); its keys are
  // added to the file's. Empty disables.
  std::string jwks_json;
  // Required `iss` when not empty.
  std::string issuer;
  // Required `aud` (string or array member) when not empty.
  std::string audience;
  // Clock skew tolerated on exp/nbf.
  absl::Duration leeway = absl::Seconds(30);
  // Verified tokens remembered (until they expire) so that a client sending the
  // same token on every request costs one hash lookup, not a signature check
  // and a JSON parse; 0 disables.
  size_t cache_entries = 65536;
};

// Verifies tokens. Thread-safe and immutable after creation.
class TokenVerifier {
 public:
  // Fails when no key source is configured, or the JWKS file is unreadable or
  // invalid.
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> Create(
      const VerifierOptions& options);
  virtual ~TokenVerifier() = default;

  // Returns the principal of a valid token, or UNAUTHENTICATED with a message
  // that says what was wrong ("token expired", "signature does not verify",
  // ...), never the token.
  virtual absl::StatusOr<Principal> Verify(absl::string_view token,
                                           absl::Time now) const = 0;
};

// Parses an `Authorization` header value ("Bearer <token>", scheme
// case-insensitive) and verifies the token. A missing or malformed header is
// UNAUTHENTICATED.
absl::StatusOr<Principal> AuthenticateHeader(const TokenVerifier& verifier,
                                             absl::string_view header_value,
                                             absl::Time now);

// Mints an HS256 token for `principal` (local development and tests only).
struct MintOptions {
  std::string secret;
  std::string issuer;
  std::string audience;
  absl::Duration ttl = absl::Hours(12);
  absl::Time now = absl::Now();
};
absl::StatusOr<std::string> MintHs256Token(const Principal& principal,
                                           const MintOptions& options);

}  // namespace samen::auth

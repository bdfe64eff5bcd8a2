#pragma once

// The identity service's pure decisions (no I/O): how grants are written, where
// a browser may be sent back to, whether a web session is still alive, whether
// a refresh token may be used, and the claims of Samen's access tokens.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/auth.h"

namespace samen::identity {

// A machine client's grant, "role" or "role@scope" (auth::ParseGrantText);
// INVALID_ARGUMENT naming `field` for an unknown role or a scope that is not
// organisations/{id} or partnerships/{id}. Machine clients never get admin.
absl::StatusOr<auth::Grant> ParseClientGrant(absl::string_view text,
                                             absl::string_view field);
// Grants as "role@scope" texts, and back (stored texts are trusted).
std::vector<std::string> GrantTexts(const std::vector<auth::Grant>& grants);

// The path to send the browser to after signing in: `return_to` when it is a
// path on this site ("/" followed by no second "/" or "\", no control
// characters, at most 2,000 characters), else "/". Never another origin.
std::string SafeReturnTo(absl::string_view return_to);

// A machine client's id: 3-63 characters of a-z, 0-9 and "-", starting with a
// letter.
absl::Status ValidateClientId(absl::string_view client_id);

// How long sessions and tokens live (docs/security.md).
struct Lifetimes {
  absl::Duration access_token = absl::Minutes(10);
  absl::Duration session_idle = absl::Hours(2);
  absl::Duration session_absolute = absl::Hours(12);
  absl::Duration refresh_family = absl::Hours(24 * 30);
  absl::Duration sign_in_attempt = absl::Minutes(10);
};

// A web session as stored.
struct SessionTimes {
  absl::Time last_seen;
  absl::Time expire;
  bool ended = false;
};

// Why a session can no longer be used, or nullopt while it can: "ended" (signed
// out or revoked), "expired" (absolute timeout), "idle" (idle timeout).
std::optional<std::string> SessionDeadReason(const SessionTimes& session,
                                             absl::Duration idle,
                                             absl::Time now);

// When an access token issued now for a session ends: one token lifetime, but
// never after the session's absolute end.
absl::Time AccessTokenExpiry(absl::Time now, absl::Duration ttl,
                             std::optional<absl::Time> session_expire);

// A refresh token as stored, with its family.
struct RefreshState {
  bool used = false;
  bool family_revoked = false;
  absl::Time family_expire;
  std::string family_client_id;
};

enum class RefreshVerdict {
  kRotate,       // use it: mark used, issue the next one
  kReuse,        // used before: revoke the whole family (RFC 9700 4.14.2)
  kRevoked,      // the family was revoked (sign-out, revocation, reuse)
  kExpired,      // the family outlived its absolute lifetime
  kWrongClient,  // presented by another client than it was issued to
};
RefreshVerdict JudgeRefresh(const RefreshState& state,
                            absl::string_view client_id, absl::Time now);

}  // namespace samen::identity

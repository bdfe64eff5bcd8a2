#pragma once

// The gateway's two cookies and their attributes. Both use the `__Host-`
// prefix (Secure, Path=/, no Domain), so no other site or subdomain can set
// or read them; browsers and curl accept Secure cookies on
// http://localhost as well.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::gateway::session {

// The web session: its secret, from CompleteSignIn.
inline constexpr char kSessionCookie[] = "__Host-samen_session";
// A sign-in in progress: the browser binding from BeginSignIn.
inline constexpr char kSignInCookie[] = "__Host-samen_signin";

// The value of cookie `name` in a Cookie header ("a=1; b=2"); nullopt when
// absent. A header that carries `name` twice is INVALID_ARGUMENT: another
// cookie of the same name (set for another path, or injected) must not make
// the gateway guess which session is meant.
absl::StatusOr<std::optional<std::string>> FindCookie(
    absl::string_view cookie_header, absl::string_view name);

// A Set-Cookie value: `name=value; Path=/; HttpOnly; Secure; SameSite=Lax`,
// with `Max-Age` when `max_age` is set (rounded down to seconds, at least 0).
std::string SetCookie(absl::string_view name, absl::string_view value,
                      std::optional<absl::Duration> max_age);
// A Set-Cookie value that removes cookie `name` (empty value, Max-Age=0).
std::string ClearCookie(absl::string_view name);

}  // namespace samen::gateway::session

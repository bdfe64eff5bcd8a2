#pragma once

// Base64url without padding (RFC 4648 section 5, RFC 7515 section 2), the
// encoding of every JWT segment and of JWK key material.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace samen::auth::internal {

// Encodes `data` as base64url without '=' padding.
std::string Base64UrlEncode(absl::string_view data);

// Decodes strict, canonical base64url: only [A-Za-z0-9_-], no padding, no
// whitespace, and unused trailing bits must be zero (so every byte string has
// exactly one encoding). Returns nullopt for anything else.
std::optional<std::string> Base64UrlDecode(absl::string_view text);

}  // namespace samen::auth::internal

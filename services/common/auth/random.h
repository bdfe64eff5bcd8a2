#pragma once

// Random values and hashes for sign-in flows: state, nonce and PKCE verifiers
// (RFC 7636), session ids, and hashes of them for storage.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace samen::auth {

// `bytes` bytes from OpenSSL's CSPRNG (RAND_bytes), base64url without padding
// (32 bytes -> 43 characters: a valid PKCE code_verifier). INTERNAL if the
// CSPRNG fails (never fall back to weaker randomness).
absl::StatusOr<std::string> RandomToken(size_t bytes = 32);

// The PKCE S256 code_challenge of `verifier`: BASE64URL(SHA-256(verifier)).
std::string PkceS256Challenge(absl::string_view verifier);

// SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(absl::string_view data);

}  // namespace samen::auth

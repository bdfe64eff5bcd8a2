#pragma once

// Public keys from a JSON Web Key Set (RFC 7517): RSA keys for RS256 and EC
// P-256 keys for ES256. Other key types, curves, algorithms and uses are
// skipped.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/auth/jws.h"

namespace samen::auth::internal {

enum class KeyType { kRsa, kEcP256 };

struct PublicKey {
  std::string kid;  // Empty when the JWK has no "kid".
  KeyType type;
  EvpPkeyPtr key;
};

// Largest JWKS file read, and the bounds on RSA modulus size.
inline constexpr size_t kMaxJwksFileBytes = 1 << 20;
inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 8192;

// Parses a JWKS document; `source` names it in error messages. A key of a
// supported type that is malformed, or a set without a single usable key, is
// INVALID_ARGUMENT.
absl::StatusOr<std::vector<PublicKey>> ParseJwks(absl::string_view json,
                                                 absl::string_view source);

// Reads and parses the JWKS file at `path`: NOT_FOUND when it cannot be read.
absl::StatusOr<std::vector<PublicKey>> LoadJwksFile(const std::string& path);

}  // namespace samen::auth::internal

#pragma once

// JWS signature primitives (RFC 7515, RFC 7518 section 3) over OpenSSL 3.

#include <memory>
#include <string>

#include <openssl/evp.h>

#include "absl/strings/string_view.h"

namespace samen::auth::internal {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// HMAC-SHA256 of `signing_input` under `secret` (32 raw bytes).
std::string SignHs256(absl::string_view secret,
                      absl::string_view signing_input);

// Each returns true only when `signature` (the decoded third JWT segment) is a
// valid signature of `signing_input` ("<header>.<payload>" as sent).
// Constant-time for HMAC.
bool VerifyHs256(absl::string_view secret, absl::string_view signing_input,
                 absl::string_view signature);
// RSASSA-PKCS1-v1_5 with SHA-256; `key` must be an RSA public key.
bool VerifyRs256(EVP_PKEY* key, absl::string_view signing_input,
                 absl::string_view signature);
// ECDSA P-256 with SHA-256; `signature` is the JWS form: raw r || s, 32 bytes
// each.
bool VerifyEs256(EVP_PKEY* key, absl::string_view signing_input,
                 absl::string_view signature);

// ECDSA P-256 with SHA-256 signature of `signing_input` in the JWS form (raw
// r || s, 32 bytes each); `key` must be an EC P-256 private key. Empty on
// failure.
std::string SignEs256(EVP_PKEY* key, absl::string_view signing_input);

}  // namespace samen::auth::internal

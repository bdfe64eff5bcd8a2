#pragma once

// Webhook signing secrets at rest. Samen must sign with them, so it keeps
// them, but never returns them after creation: sealed with AES-256-GCM under a
// key from --webhook_secret_key(_file) (SAMEN_WEBHOOK_SECRET_KEY), with the
// endpoint id as associated data so a sealed secret cannot be moved to another
// endpoint. Without a key (development) secrets are stored as "plain:" and a
// warning is logged at start.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace samen::vacancies {

class SecretBox {
 public:
  // `passphrase` empty: no encryption. Otherwise the key is its SHA-256.
  explicit SecretBox(absl::string_view passphrase);

  bool encrypting() const { return !key_.empty(); }
  // "enc1:<base64 nonce|ciphertext|tag>" or "plain:<secret>".
  std::string Seal(absl::string_view secret,
                   absl::string_view endpoint_id) const;
  // The secret; INTERNAL when it does not open (wrong key, other endpoint).
  absl::StatusOr<std::string> Open(absl::string_view sealed,
                                   absl::string_view endpoint_id) const;

 private:
  std::string key_;  // 32 bytes, or empty
};

// `n` cryptographically random bytes (OpenSSL RAND_bytes).
std::string RandomBytes(size_t n);

}  // namespace samen::vacancies

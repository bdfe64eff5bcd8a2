#pragma once

// Samen's own token signing: ES256 (ECDSA P-256, SHA-256) compact JWS with
// keys from PEM files, and the public JWKS that verifiers fetch
// (VerifierOptions::jwks_url, RemoteJwks).
//
// Keys: EC P-256 private keys, one per PEM file (PKCS#8 "PRIVATE KEY" or SEC1
// "EC PRIVATE KEY", unencrypted). Load() takes files and/or directories (a
// directory contributes its *.pem files, by name). Every loaded key is
// published; the LAST listed key signs (file times say nothing on a Kubernetes
// Secret mount). Rotation (docs/operations.md): list the new key first (it is
// published, not yet used), wait until every verifier's key cache has it, move
// it last (it signs), and drop the old key once the tokens it signed expired.
//
// kid: the key's RFC 7638 JWK thumbprint (base64url SHA-256 of
// {"crv":"P-256","kty":"EC","x":...,"y":...}), so it is stable and needs no
// bookkeeping.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/auth/jws.h"

namespace samen::auth {

// The JWS "typ" header: "at+jwt" for OAuth access tokens (RFC 9068), "JWT"
// for other tokens (ID tokens, test tokens).
enum class TokenType { kAccessToken, kJwt };

class SigningKeys {
 public:
  // Loads every key in `paths` (files or directories of *.pem files).
  // INVALID_ARGUMENT when a file is not an unencrypted EC P-256 private key,
  // a directory has no *.pem file, or nothing is given; NOT_FOUND when a path
  // cannot be read.
  static absl::StatusOr<std::unique_ptr<SigningKeys>> Load(
      const std::vector<std::string>& paths);

  // From PEM texts; the first signs (tests, and keys from the environment).
  static absl::StatusOr<std::unique_ptr<SigningKeys>> FromPems(
      const std::vector<std::string>& pems);

  // A compact JWS over `payload_json` (which must be a JSON object, sent as
  // given) with header {"alg":"ES256","typ":"at+jwt"|"JWT","kid":...}, signed
  // by the signing key; the signature is JWS raw r||s. Thread-safe.
  absl::StatusOr<std::string> Sign(
      absl::string_view payload_json,
      TokenType type = TokenType::kAccessToken) const;

  // {"keys":[{"kty":"EC","crv":"P-256","x":...,"y":...,"kid":...,
  // "use":"sig","alg":"ES256"},...]}, the signing key first.
  std::string PublicJwksJson() const;

  // The signing key's kid, and every published kid (signing key first).
  const std::string& signing_kid() const { return keys_.front().kid; }
  std::vector<std::string> kids() const;

 private:
  struct Key {
    internal::EvpPkeyPtr key;
    std::string kid;
    std::string x;  // Base64url public coordinates.
    std::string y;
  };
  explicit SigningKeys(std::vector<Key> keys) : keys_(std::move(keys)) {}
  static absl::StatusOr<Key> ParseKey(absl::string_view pem,
                                      absl::string_view source);

  std::vector<Key> keys_;  // keys_[0] signs.
};

// A new EC P-256 private key as PKCS#8 PEM (tests, development key scripts).
absl::StatusOr<std::string> GenerateEcP256PrivateKeyPem();

}  // namespace samen::auth

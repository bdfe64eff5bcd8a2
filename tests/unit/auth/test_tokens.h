#pragma once

// Test-side JWT construction, independent of samen_auth: tokens are assembled
// from literal JSON, keys are generated with OpenSSL at run time and signatures
// made here.

#include <openssl/evp.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace samen::auth::testing {

// Unpadded base64url (Abseil's encoder, not the library's).
std::string B64(absl::string_view data);

// "<b64(header)>.<b64(payload)>" — what gets signed.
std::string SigningInput(absl::string_view header_json,
                         absl::string_view payload_json);

// HMAC-SHA256 token over literal header and payload JSON.
std::string Hs256Token(absl::string_view header_json,
                       absl::string_view payload_json,
                       absl::string_view secret);

// A key pair generated at run time.
class TestKey {
 public:
  static TestKey Rsa(int bits = 2048);
  static TestKey EcP256();

  // The public JWK as JSON, with `kid` when not empty.
  std::string PublicJwk(absl::string_view kid) const;
  // The raw signature (RS256: PKCS#1 v1.5; ES256: r||s, 32 bytes each).
  std::string Sign(absl::string_view signing_input) const;
  // The DER ECDSA signature as OpenSSL produces it (wrong for JWS; for tests).
  std::string SignDer(absl::string_view signing_input) const;
  // A complete token with the key's algorithm.
  std::string Token(absl::string_view header_json,
                    absl::string_view payload_json) const;
  // The RSA modulus (big-endian bytes); empty for EC keys.
  std::string RsaModulus() const;
  // The public key as PEM (SubjectPublicKeyInfo).
  std::string PublicPem() const;

 private:
  struct Deleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  };
  explicit TestKey(EVP_PKEY* key, bool rsa) : key_(key, Deleter()), rsa_(rsa) {}
  std::shared_ptr<EVP_PKEY> key_;
  bool rsa_;
};

// Writes `contents` to a new file under the test temp directory; returns its
// path.
std::string WriteTempFile(absl::string_view name, absl::string_view contents);

// {"keys":[<jwks>...]} from already-serialised JWKs.
std::string Jwks(std::initializer_list<std::string> jwks);

}  // namespace samen::auth::testing

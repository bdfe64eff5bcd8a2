#include "services/common/auth/random.h"

#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "services/common/auth/base64url.h"

namespace samen::auth {
namespace {

std::string Sha256(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

}  // namespace

absl::StatusOr<std::string> RandomToken(size_t bytes) {
  std::string buffer(bytes, '\0');
  if (bytes > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()),
                              static_cast<int>(bytes)) != 1) {
    ERR_clear_error();
    return absl::InternalError("the system's random generator failed");
  }
  return internal::Base64UrlEncode(buffer);
}

std::string PkceS256Challenge(absl::string_view verifier) {
  return internal::Base64UrlEncode(Sha256(verifier));
}

std::string Sha256Hex(absl::string_view data) {
  return absl::BytesToHexString(Sha256(data));
}

}  // namespace samen::auth

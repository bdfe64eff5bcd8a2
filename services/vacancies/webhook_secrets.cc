#include "services/vacancies/webhook_secrets.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace samen::vacancies {
namespace {

constexpr char kEncrypted[] = "enc1:";
constexpr char kPlain[] = "plain:";
constexpr int kNonce = 12;
constexpr int kTag = 16;

using CipherCtx =
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* U(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(n)) != 1) {
    std::abort();  // no randomness: nothing safe to do
  }
  return out;
}

SecretBox::SecretBox(absl::string_view passphrase) {
  if (!passphrase.empty()) {
    key_.resize(SHA256_DIGEST_LENGTH);
    SHA256(U(passphrase), passphrase.size(),
           reinterpret_cast<unsigned char*>(key_.data()));
  }
}

std::string SecretBox::Seal(absl::string_view secret,
                            absl::string_view endpoint_id) const {
  if (key_.empty()) {
    return absl::StrCat(kPlain, secret);
  }
  const std::string nonce = RandomBytes(kNonce);
  std::string out = nonce;
  out.resize(kNonce + secret.size() + kTag);
  auto* ct = reinterpret_cast<unsigned char*>(out.data()) + kNonce;
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  int total = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key_),
                         U(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, U(endpoint_id),
                        static_cast<int>(endpoint_id.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), ct, &len, U(secret),
                        static_cast<int>(secret.size())) != 1) {
    std::abort();
  }
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), ct + total, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag,
                          ct + secret.size()) != 1) {
    std::abort();
  }
  return absl::StrCat(kEncrypted, absl::Base64Escape(out));
}

absl::StatusOr<std::string> SecretBox::Open(
    absl::string_view sealed, absl::string_view endpoint_id) const {
  if (absl::ConsumePrefix(&sealed, kPlain)) {
    return std::string(sealed);
  }
  std::string raw;
  if (!absl::ConsumePrefix(&sealed, kEncrypted) ||
      !absl::Base64Unescape(sealed, &raw) || raw.size() < kNonce + kTag) {
    return absl::InternalError("a stored webhook secret is malformed");
  }
  if (key_.empty()) {
    return absl::InternalError(
        "webhook secrets are encrypted but --webhook_secret_key is not set");
  }
  const size_t n = raw.size() - kNonce - kTag;
  std::string out(n, '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  const auto* in = U(raw) + kNonce;
  std::string tag = raw.substr(kNonce + n);
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key_),
                         U(raw)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(endpoint_id),
                        static_cast<int>(endpoint_id.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()),
                        &len, in, static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) !=
          1 ||
      EVP_DecryptFinal_ex(ctx.get(),
                          reinterpret_cast<unsigned char*>(out.data()) + len,
                          &len) != 1) {
    return absl::InternalError(
        "a stored webhook secret does not open with this key");
  }
  return out;
}

}  // namespace samen::vacancies

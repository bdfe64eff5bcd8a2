#include "services/common/auth/jws.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/hmac.h>

#include <cstdint>

namespace samen::auth::internal {
namespace {

constexpr size_t kSha256Size = 32;
constexpr size_t kEs256CoordinateSize = 32;

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};
struct BignumDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct OpensslFree {
  void operator()(unsigned char* p) const { OPENSSL_free(p); }
};

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Verifies a DER/raw signature the way EVP wants it. Leaves no errors queued on
// this thread's OpenSSL error queue, which other code (TLS) shares.
bool EvpVerify(EVP_PKEY* key, absl::string_view signing_input,
               const unsigned char* sig, size_t sig_len) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  bool ok = ctx != nullptr &&
            EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                                 key) == 1 &&
            EVP_DigestVerify(ctx.get(), sig, sig_len, Bytes(signing_input),
                             signing_input.size()) == 1;
  if (!ok) {
    ERR_clear_error();
  }
  return ok;
}

}  // namespace

std::string SignHs256(absl::string_view secret,
                      absl::string_view signing_input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           Bytes(signing_input), signing_input.size(), mac,
           &mac_len) == nullptr) {
    ERR_clear_error();
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(mac), mac_len);
}

bool VerifyHs256(absl::string_view secret, absl::string_view signing_input,
                 absl::string_view signature) {
  if (signature.size() != kSha256Size) {
    return false;
  }
  const std::string expected = SignHs256(secret, signing_input);
  if (expected.size() != kSha256Size) {
    return false;
  }
  return CRYPTO_memcmp(expected.data(), signature.data(), kSha256Size) == 0;
}

bool VerifyRs256(EVP_PKEY* key, absl::string_view signing_input,
                 absl::string_view signature) {
  if (key == nullptr || EVP_PKEY_is_a(key, "RSA") != 1) {
    return false;
  }
  if (signature.size() != static_cast<size_t>(EVP_PKEY_get_size(key))) {
    return false;
  }
  return EvpVerify(key, signing_input, Bytes(signature), signature.size());
}

bool VerifyEs256(EVP_PKEY* key, absl::string_view signing_input,
                 absl::string_view signature) {
  if (key == nullptr || EVP_PKEY_is_a(key, "EC") != 1) {
    return false;
  }
  if (signature.size() != 2 * kEs256CoordinateSize) {
    return false;
  }
  std::unique_ptr<BIGNUM, BignumDeleter> r(
      BN_bin2bn(Bytes(signature), kEs256CoordinateSize, nullptr));
  std::unique_ptr<BIGNUM, BignumDeleter> s(BN_bin2bn(
      Bytes(signature) + kEs256CoordinateSize, kEs256CoordinateSize, nullptr));
  std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(ECDSA_SIG_new());
  if (r == nullptr || s == nullptr || sig == nullptr) {
    ERR_clear_error();
    return false;
  }
  if (ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    ERR_clear_error();
    return false;
  }
  // ECDSA_SIG now owns r and s.
  r.release();
  s.release();
  unsigned char* der_raw = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig.get(), &der_raw);
  std::unique_ptr<unsigned char, OpensslFree> der(der_raw);
  if (der_len <= 0 || der == nullptr) {
    ERR_clear_error();
    return false;
  }
  return EvpVerify(key, signing_input, der.get(), static_cast<size_t>(der_len));
}

std::string SignEs256(EVP_PKEY* key, absl::string_view signing_input) {
  if (key == nullptr || EVP_PKEY_is_a(key, "EC") != 1) {
    return std::string();
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  size_t der_len = 0;
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &der_len, Bytes(signing_input),
                     signing_input.size()) != 1) {
    ERR_clear_error();
    return std::string();
  }
  std::string der(der_len, '\0');
  auto* der_bytes = reinterpret_cast<unsigned char*>(der.data());
  if (EVP_DigestSign(ctx.get(), der_bytes, &der_len, Bytes(signing_input),
                     signing_input.size()) != 1) {
    ERR_clear_error();
    return std::string();
  }
  const unsigned char* cursor = der_bytes;
  std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(
      d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_len)));
  if (sig == nullptr) {
    ERR_clear_error();
    return std::string();
  }
  std::string raw(2 * kEs256CoordinateSize, '\0');
  auto* raw_bytes = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw_bytes,
                   kEs256CoordinateSize) != kEs256CoordinateSize ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()),
                   raw_bytes + kEs256CoordinateSize,
                   kEs256CoordinateSize) != kEs256CoordinateSize) {
    ERR_clear_error();
    return std::string();
  }
  return raw;
}

}  // namespace samen::auth::internal

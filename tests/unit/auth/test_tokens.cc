#include "tests/unit/auth/test_tokens.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace samen::auth::testing {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    ADD_FAILURE() << "OpenSSL call failed: " << what;
    std::abort();
  }
}

std::string BnBytes(EVP_PKEY* key, const char* param, int pad_to) {
  BIGNUM* bn = nullptr;
  Check(EVP_PKEY_get_bn_param(key, param, &bn) == 1, param);
  const int size = pad_to > 0 ? pad_to : BN_num_bytes(bn);
  std::string out(static_cast<size_t>(size), '\0');
  Check(BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), size) ==
            size,
        "BN_bn2binpad");
  BN_free(bn);
  return out;
}

}  // namespace

std::string B64(absl::string_view data) {
  return absl::WebSafeBase64Escape(data);
}

std::string SigningInput(absl::string_view header_json,
                         absl::string_view payload_json) {
  return absl::StrCat(B64(header_json), ".", B64(payload_json));
}

std::string Hs256Token(absl::string_view header_json,
                       absl::string_view payload_json,
                       absl::string_view secret) {
  const std::string input = SigningInput(header_json, payload_json);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  Check(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(input.data()), input.size(),
             mac, &mac_len) != nullptr,
        "HMAC");
  return absl::StrCat(
      input, ".",
      B64(absl::string_view(reinterpret_cast<char*>(mac), mac_len)));
}

TestKey TestKey::Rsa(int bits) {
  EVP_PKEY* key =
      EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits));
  Check(key != nullptr, "RSA keygen");
  return TestKey(key, true);
}

TestKey TestKey::EcP256() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  Check(key != nullptr, "EC keygen");
  return TestKey(key, false);
}

std::string TestKey::PublicJwk(absl::string_view kid) const {
  const std::string kid_member =
      kid.empty() ? "" : absl::StrCat(R"("kid":")", kid, R"(",)");
  if (rsa_) {
    return absl::StrCat(
        R"({"kty":"RSA",)", kid_member, R"("use":"sig","n":")",
        B64(BnBytes(key_.get(), OSSL_PKEY_PARAM_RSA_N, 0)), R"(","e":")",
        B64(BnBytes(key_.get(), OSSL_PKEY_PARAM_RSA_E, 0)), R"("})");
  }
  return absl::StrCat(
      R"({"kty":"EC","crv":"P-256",)", kid_member, R"("x":")",
      B64(BnBytes(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)), R"(","y":")",
      B64(BnBytes(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)), R"("})");
}

std::string TestKey::SignDer(absl::string_view signing_input) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Check(
      EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_.get()) == 1,
      "DigestSignInit");
  size_t len = 0;
  const auto* data =
      reinterpret_cast<const unsigned char*>(signing_input.data());
  Check(EVP_DigestSign(ctx, nullptr, &len, data, signing_input.size()) == 1,
        "DigestSign");
  std::string sig(len, '\0');
  Check(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       data, signing_input.size()) == 1,
        "DigestSign");
  sig.resize(len);
  EVP_MD_CTX_free(ctx);
  return sig;
}

std::string TestKey::Sign(absl::string_view signing_input) const {
  std::string der = SignDer(signing_input);
  if (rsa_) {
    return der;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  Check(sig != nullptr, "d2i_ECDSA_SIG");
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  Check(BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, 32) == 32, "r");
  Check(BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + 32, 32) == 32, "s");
  ECDSA_SIG_free(sig);
  return raw;
}

std::string TestKey::Token(absl::string_view header_json,
                           absl::string_view payload_json) const {
  const std::string input = SigningInput(header_json, payload_json);
  return absl::StrCat(input, ".", B64(Sign(input)));
}

std::string TestKey::RsaModulus() const {
  return rsa_ ? BnBytes(key_.get(), OSSL_PKEY_PARAM_RSA_N, 0) : std::string();
}

std::string TestKey::PublicPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(PEM_write_bio_PUBKEY(bio, key_.get()) == 1, "PEM_write_bio_PUBKEY");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  return pem;
}

std::string WriteTempFile(absl::string_view name, absl::string_view contents) {
  static std::atomic<int> counter{0};
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/samen_auth_test_", getpid(), "_",
                   counter++, "_", name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (!out) {
    ADD_FAILURE() << "cannot write " << path;
  }
  return path;
}

std::string Jwks(std::initializer_list<std::string> jwks) {
  return absl::StrCat(R"({"keys":[)", absl::StrJoin(jwks, ","), "]}");
}

}  // namespace samen::auth::testing

#include "services/common/auth/jwks.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <fstream>
#include <memory>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/base64url.h"
#include "services/common/auth/json.h"
#include "services/common/status_macros.h"

namespace samen::auth::internal {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr size_t kP256CoordinateSize = 32;

struct BignumDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using BignumPtr = std::unique_ptr<BIGNUM, BignumDeleter>;

// Builds a public key of `type` ("RSA", "EC") from `params` and checks it.
EvpPkeyPtr PublicKeyFromParams(const char* type, OSSL_PARAM* params) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  EvpPkeyPtr key(raw);
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> check(
      EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (check == nullptr || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return key;
}

// The public key of `type` the parameters pushed onto `bld` describe.
EvpPkeyPtr KeyFromBuilder(OSSL_PARAM_BLD* bld, const char* type) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(
      OSSL_PARAM_BLD_to_param(bld));
  if (params == nullptr) {
    ERR_clear_error();
    return nullptr;
  }
  return PublicKeyFromParams(type, params.get());
}

EvpPkeyPtr RsaPublicKey(absl::string_view n, absl::string_view e) {
  const auto* n_bytes = reinterpret_cast<const unsigned char*>(n.data());
  const auto* e_bytes = reinterpret_cast<const unsigned char*>(e.data());
  BignumPtr n_bn(BN_bin2bn(n_bytes, static_cast<int>(n.size()), nullptr));
  BignumPtr e_bn(BN_bin2bn(e_bytes, static_cast<int>(e.size()), nullptr));
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  if (n_bn == nullptr || e_bn == nullptr || bld == nullptr ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) !=
          1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) !=
          1) {
    ERR_clear_error();
    return nullptr;
  }
  return KeyFromBuilder(bld.get(), "RSA");
}

EvpPkeyPtr EcP256PublicKey(absl::string_view x, absl::string_view y) {
  // Uncompressed SEC1 point: 0x04 || x || y.
  std::string point = absl::StrCat(absl::string_view("\x04", 1), x, y);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                      "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                       point.data(), point.size()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return KeyFromBuilder(bld.get(), "EC");
}

// Reads an optional string member: nullopt when absent, error when not a
// string.
absl::StatusOr<std::optional<std::string>> OptionalString(
    const Struct& jwk, const std::string& name, absl::string_view where) {
  const Value* value = FindMember(jwk, name);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->kind_case() != Value::kStringValue) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": \"", name, "\" is not a string"));
  }
  return value->string_value();
}

// Reads a required base64url member and decodes it.
absl::StatusOr<std::string> RequiredBytes(const Struct& jwk,
                                          const std::string& name,
                                          absl::string_view where) {
  ASSIGN_OR_RETURN(auto text, OptionalString(jwk, name, where));
  if (!text.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": \"", name, "\" is missing"));
  }
  std::optional<std::string> bytes = Base64UrlDecode(*text);
  if (!bytes.has_value() || bytes->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": \"", name, "\" is not unpadded base64url"));
  }
  return *std::move(bytes);
}

// True when the JWK may be used to verify signatures ("use" and "key_ops" allow
// it).
bool UsableForVerification(const Struct& jwk) {
  const Value* use = FindMember(jwk, "use");
  if (use != nullptr && !(use->kind_case() == Value::kStringValue &&
                          use->string_value() == "sig")) {
    return false;
  }
  const Value* ops = FindMember(jwk, "key_ops");
  if (ops != nullptr) {
    if (ops->kind_case() != Value::kListValue) {
      return false;
    }
    for (const Value& op : ops->list_value().values()) {
      if (op.kind_case() == Value::kStringValue &&
          op.string_value() == "verify") {
        return true;
      }
    }
    return false;
  }
  return true;
}

// Parses one JWK. Returns nullopt for a key Samen does not use (skipped).
absl::StatusOr<std::optional<PublicKey>> ParseJwk(const Struct& jwk,
                                                  absl::string_view where) {
  auto kty = OptionalString(jwk, "kty", where);
  if (!kty.ok()) {
    return kty.status();
  }
  if (!kty->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": \"kty\" is missing"));
  }
  ASSIGN_OR_RETURN(auto kid, OptionalString(jwk, "kid", where));
  ASSIGN_OR_RETURN(auto alg, OptionalString(jwk, "alg", where));
  if (FindMember(jwk, "d") != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        where,
        ": contains private key material (\"d\"); publish only public keys"));
  }
  if (!UsableForVerification(jwk)) {
    return std::nullopt;
  }

  PublicKey key;
  key.kid = kid.value_or("");
  if (**kty == "RSA") {
    if (alg.has_value() && *alg != "RS256") {
      return std::nullopt;
    }
    ASSIGN_OR_RETURN(auto n, RequiredBytes(jwk, "n", where));
    ASSIGN_OR_RETURN(auto e, RequiredBytes(jwk, "e", where));
    if (e.size() > 8) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": RSA exponent too large"));
    }
    key.type = KeyType::kRsa;
    key.key = RsaPublicKey(n, e);
    if (key.key == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": not a valid RSA public key"));
    }
    const int bits = EVP_PKEY_get_bits(key.key.get());
    if (bits < kMinRsaBits || bits > kMaxRsaBits) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": RSA key has ", bits, " bits; ", kMinRsaBits,
                       " to ", kMaxRsaBits, " are accepted"));
    }
    return key;
  }
  if (**kty == "EC") {
    ASSIGN_OR_RETURN(auto crv, OptionalString(jwk, "crv", where));
    if (!crv.has_value() || *crv != "P-256") {
      return std::nullopt;
    }
    if (alg.has_value() && *alg != "ES256") {
      return std::nullopt;
    }
    ASSIGN_OR_RETURN(auto x, RequiredBytes(jwk, "x", where));
    ASSIGN_OR_RETURN(auto y, RequiredBytes(jwk, "y", where));
    if (x.size() != kP256CoordinateSize || y.size() != kP256CoordinateSize) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": P-256 coordinates must be 32 bytes each"));
    }
    key.type = KeyType::kEcP256;
    key.key = EcP256PublicKey(x, y);
    if (key.key == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": not a valid P-256 public key (point not on the curve?)"));
    }
    return key;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::vector<PublicKey>> ParseJwks(absl::string_view json,
                                                 absl::string_view source) {
  std::optional<Struct> document = ParseJsonObject(json);
  if (!document.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS ", source, " is not a JSON object"));
  }
  const Value* keys = FindMember(*document, "keys");
  if (keys == nullptr || keys->kind_case() != Value::kListValue) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS ", source, " has no \"keys\" array"));
  }
  std::vector<PublicKey> result;
  int index = 0;
  for (const Value& entry : keys->list_value().values()) {
    const std::string where = absl::StrCat("JWKS ", source, " key #", index++);
    if (entry.kind_case() != Value::kStructValue) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " is not an object"));
    }
    auto key = ParseJwk(entry.struct_value(), where);
    if (!key.ok()) {
      return key.status();
    }
    if (!key->has_value()) {
      continue;
    }
    for (const PublicKey& existing : result) {
      if (existing.type == (*key)->type && existing.kid == (*key)->kid) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": kid \"", existing.kid,
                         "\" is used by another key of the same type"));
      }
    }
    result.push_back(**std::move(key));
  }
  if (result.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS ", source, " has no usable RS256 or ES256 key"));
  }
  return result;
}

absl::StatusOr<std::vector<PublicKey>> LoadJwksFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read JWKS file ", path));
  }
  std::string contents;
  char buffer[4096];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    contents.append(buffer, static_cast<size_t>(in.gcount()));
    if (contents.size() > kMaxJwksFileBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "JWKS file ", path, " is larger than ", kMaxJwksFileBytes, " bytes"));
    }
  }
  if (in.bad()) {
    return absl::NotFoundError(absl::StrCat("cannot read JWKS file ", path));
  }
  return ParseJwks(contents, absl::StrCat("file ", path));
}

}  // namespace samen::auth::internal

// TokenVerifier: compact JWS (RFC 7515) verification for HS256, RS256 and
// ES256.
//
// RS256/ES256 keys come from a JWKS file (read once at creation) and/or a JWKS
// URL (RemoteJwks: fetched on first use, cached, refetched for an unknown kid);
// HS256 tokens are checked only against the configured secret.
//
// Order of checks: size and shape first, then the header (alg, kid), then the
// signature over the bytes as sent, and only then the payload is parsed as
// JSON, so unauthenticated input reaches as little code as possible. Keys
// embedded in or pointed to by the token header (jwk, jku, x5u, x5c) are never
// used.

#include <openssl/crypto.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/auth/auth.h"
#include "services/common/auth/base64url.h"
#include "services/common/auth/caching_verifier.h"
#include "services/common/auth/claims.h"
#include "services/common/auth/json.h"
#include "services/common/auth/jwks.h"
#include "services/common/auth/jws.h"
#include "services/common/auth/remote_jwks.h"
#include "services/common/http/http_client.h"
#include "services/common/status_macros.h"

namespace samen::auth {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using internal::KeyType;
using internal::PublicKey;

constexpr size_t kMaxTokenBytes = 8 * 1024;
constexpr size_t kMinHs256SecretBytes = 32;
constexpr size_t kMaxAlgEchoLength = 16;

enum class Alg { kHs256, kRs256, kEs256 };

absl::Status Unauthenticated(absl::string_view message) {
  return absl::UnauthenticatedError(message);
}

absl::Status MalformedToken() { return Unauthenticated("malformed token"); }

// "unsupported alg X", echoing X only when it is short and plain (it comes from
// the caller and ends up in logs).
absl::Status UnsupportedAlg(absl::string_view alg) {
  bool plain = !alg.empty() && alg.size() <= kMaxAlgEchoLength;
  for (char c : alg) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_' && c != '+') {
      plain = false;
    }
  }
  return Unauthenticated(plain ? absl::StrCat("unsupported alg ", alg)
                               : "unsupported alg");
}

std::optional<Alg> ParseAlg(absl::string_view alg) {
  if (alg == "HS256") {
    return Alg::kHs256;
  }
  if (alg == "RS256") {
    return Alg::kRs256;
  }
  if (alg == "ES256") {
    return Alg::kEs256;
  }
  return std::nullopt;
}

// Where a key lookup in one key set ended.
struct Lookup {
  const PublicKey* key = nullptr;  // The one key to use, if found.
  bool kid_known = false;          // `kid` names a key of another type.
  int candidates = 0;              // Without kid: keys of the right type.
};

Lookup FindKey(const std::vector<PublicKey>& keys, KeyType type,
               absl::string_view kid, Lookup lookup) {
  for (const PublicKey& key : keys) {
    if (!kid.empty() && key.kid != kid) {
      continue;
    }
    if (key.type != type) {
      lookup.kid_known = lookup.kid_known || !kid.empty();
      continue;
    }
    if (!kid.empty()) {
      lookup.key = &key;
      return lookup;
    }
    lookup.key = &key;
    ++lookup.candidates;
  }
  return lookup;
}

class JwtVerifier final : public TokenVerifier {
 public:
  JwtVerifier(std::string hs256_secret, std::vector<PublicKey> keys,
              std::unique_ptr<RemoteJwks> remote, internal::ClaimRules rules)
      : hs256_secret_(std::move(hs256_secret)),
        keys_(std::move(keys)),
        remote_(std::move(remote)),
        rules_(std::move(rules)) {}

  ~JwtVerifier() override {
    OPENSSL_cleanse(hs256_secret_.data(), hs256_secret_.size());
  }

  absl::StatusOr<Principal> Verify(absl::string_view token,
                                   absl::Time now) const override;

 private:
  absl::Status VerifyWithKey(Alg alg, absl::string_view alg_name,
                             absl::string_view kid,
                             absl::string_view signing_input,
                             absl::string_view signature) const;
  absl::Status VerifySignature(Alg alg, absl::string_view alg_name,
                               absl::string_view kid,
                               absl::string_view signing_input,
                               absl::string_view signature) const;

  std::string hs256_secret_;  // Empty: HS256 disabled.
  const std::vector<PublicKey> keys_;
  const std::unique_ptr<RemoteJwks> remote_;  // Null: no JWKS URL.
  const internal::ClaimRules rules_;
};

// Finds the key among the file's and the URL's keys (the URL's set refetched
// once, throttled, for an unknown kid) and checks the signature with it.
absl::Status JwtVerifier::VerifyWithKey(Alg alg, absl::string_view alg_name,
                                        absl::string_view kid,
                                        absl::string_view signing_input,
                                        absl::string_view signature) const {
  const KeyType type = alg == Alg::kRs256 ? KeyType::kRsa : KeyType::kEcP256;
  Lookup lookup = FindKey(keys_, type, kid, Lookup());
  std::shared_ptr<const KeySet> remote_keys;  // Keeps lookup.key alive.
  if (remote_ != nullptr && (lookup.key == nullptr || kid.empty())) {
    auto fetched = remote_->Keys(kid);
    if (!fetched.ok() && keys_.empty()) {
      return Unauthenticated("signing keys are unavailable");
    }
    if (fetched.ok()) {
      remote_keys = *std::move(fetched);
      lookup = FindKey(*remote_keys, type, kid, lookup);
    }
  }
  if (lookup.key == nullptr) {
    if (!kid.empty()) {
      return Unauthenticated(lookup.kid_known ? "key type does not match alg"
                                              : "unknown key id");
    }
    return UnsupportedAlg(alg_name);
  }
  if (kid.empty() && lookup.candidates > 1) {
    return Unauthenticated("token has no key id");
  }
  const bool valid = alg == Alg::kRs256
                         ? internal::VerifyRs256(lookup.key->key.get(),
                                                 signing_input, signature)
                         : internal::VerifyEs256(lookup.key->key.get(),
                                                 signing_input, signature);
  return valid ? absl::OkStatus()
               : Unauthenticated("signature does not verify");
}

absl::Status JwtVerifier::VerifySignature(Alg alg, absl::string_view alg_name,
                                          absl::string_view kid,
                                          absl::string_view signing_input,
                                          absl::string_view signature) const {
  if (alg != Alg::kHs256) {
    return VerifyWithKey(alg, alg_name, kid, signing_input, signature);
  }
  // Only the configured secret, never JWKS material: no RSA/HMAC confusion.
  if (hs256_secret_.empty()) {
    return UnsupportedAlg(alg_name);
  }
  return internal::VerifyHs256(hs256_secret_, signing_input, signature)
             ? absl::OkStatus()
             : Unauthenticated("signature does not verify");
}

absl::StatusOr<Principal> JwtVerifier::Verify(absl::string_view token,
                                              absl::Time now) const {
  if (token.empty()) {
    return Unauthenticated("missing bearer token");
  }
  if (token.size() > kMaxTokenBytes) {
    return Unauthenticated("token too large");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) {
    return MalformedToken();
  }

  std::optional<std::string> header_json = internal::Base64UrlDecode(parts[0]);
  if (!header_json.has_value()) {
    return MalformedToken();
  }
  std::optional<Struct> header = internal::ParseJsonObject(*header_json);
  if (!header.has_value()) {
    return MalformedToken();
  }
  const Value* alg_value = internal::FindMember(*header, "alg");
  if (alg_value == nullptr || alg_value->kind_case() != Value::kStringValue) {
    return MalformedToken();
  }
  const std::string& alg_name = alg_value->string_value();
  std::optional<Alg> alg = ParseAlg(alg_name);
  if (!alg.has_value()) {
    return UnsupportedAlg(alg_name);
  }
  if (internal::FindMember(*header, "crit") != nullptr) {
    // No JWS extensions are understood, so any critical one must be refused.
    return Unauthenticated("unsupported crit header");
  }
  absl::string_view kid;
  const Value* kid_value = internal::FindMember(*header, "kid");
  if (kid_value != nullptr) {
    if (kid_value->kind_case() != Value::kStringValue) {
      return MalformedToken();
    }
    kid = kid_value->string_value();
  }

  std::optional<std::string> payload_json = internal::Base64UrlDecode(parts[1]);
  std::optional<std::string> signature = internal::Base64UrlDecode(parts[2]);
  if (!payload_json.has_value() || !signature.has_value()) {
    return MalformedToken();
  }
  const absl::string_view signing_input =
      token.substr(0, parts[0].size() + 1 + parts[1].size());
  RETURN_IF_ERROR(
      VerifySignature(*alg, alg_name, kid, signing_input, *signature));

  std::optional<Struct> claims = internal::ParseJsonObject(*payload_json);
  if (!claims.has_value()) {
    return MalformedToken();
  }
  return internal::PrincipalFromClaims(*claims, rules_, now);
}

}  // namespace

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Create(
    const VerifierOptions& options) {
  if (options.hs256_secret.empty() && options.jwks_file.empty() &&
      options.jwks_url.empty() && options.jwks_json.empty()) {
    return absl::InvalidArgumentError(
        "no token key configured: set an HS256 secret, a JWKS file or a JWKS "
        "URL");
  }
  if (!options.hs256_secret.empty() &&
      options.hs256_secret.size() < kMinHs256SecretBytes) {
    return absl::InvalidArgumentError("HS256 secret must be at least 32 bytes");
  }
  if (options.leeway < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("token leeway must not be negative");
  }
  std::vector<PublicKey> keys;
  if (!options.jwks_file.empty()) {
    ASSIGN_OR_RETURN(std::vector<PublicKey> loaded,
                     internal::LoadJwksFile(options.jwks_file));
    keys = std::move(loaded);
  }
  if (!options.jwks_json.empty()) {
    ASSIGN_OR_RETURN(std::vector<PublicKey> published,
                     internal::ParseJwks(options.jwks_json, "document"));
    for (PublicKey& key : published) {
      keys.push_back(std::move(key));
    }
  }
  std::unique_ptr<RemoteJwks> remote;
  if (!options.jwks_url.empty()) {
    RETURN_IF_ERROR(http::ParseUrl(options.jwks_url).status());
    RemoteJwksOptions remote_options;
    remote_options.url = options.jwks_url;
    remote = std::make_unique<RemoteJwks>(std::move(remote_options));
  }
  internal::ClaimRules rules{options.issuer, options.audience, options.leeway};
  auto verifier =
      std::make_unique<JwtVerifier>(options.hs256_secret, std::move(keys),
                                    std::move(remote), std::move(rules));
  if (options.cache_entries == 0) {
    return verifier;
  }
  return std::make_unique<internal::CachingVerifier>(std::move(verifier),
                                                     options.cache_entries);
}

}  // namespace samen::auth

// OidcProvider::VerifyIdToken (OpenID Connect Core 1.0, section 3.1.3.7).
//
// As in token_verifier.cc: shape and header first, then the signature over
// the bytes as sent, and only then the payload's claims. Keys named by the
// token header (jwk, jku, x5u, x5c) are never used.

#include <openssl/crypto.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/auth/base64url.h"
#include "services/common/auth/json.h"
#include "services/common/auth/jws.h"
#include "services/common/auth/oidc.h"
#include "services/common/status_macros.h"

namespace samen::auth {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using internal::KeyType;

constexpr size_t kMaxIdTokenBytes = 16 * 1024;
constexpr size_t kMaxEchoedClaim = 100;

absl::Status Refuse(absl::string_view why) {
  return absl::UnauthenticatedError(why);
}

std::string Echo(absl::string_view text) {
  return absl::CHexEscape(text.substr(0, kMaxEchoedClaim));
}

const std::string* StringClaim(const Struct& claims, const std::string& name) {
  const Value* value = internal::FindMember(claims, name);
  return value != nullptr && value->kind_case() == Value::kStringValue
             ? &value->string_value()
             : nullptr;
}

std::optional<absl::Time> TimeClaim(const Struct& claims,
                                    const std::string& name) {
  const Value* value = internal::FindMember(claims, name);
  if (value == nullptr || value->kind_case() != Value::kNumberValue ||
      !std::isfinite(value->number_value())) {
    return std::nullopt;
  }
  return absl::UnixEpoch() + absl::Seconds(value->number_value());
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The decoded parts of a compact JWS whose header allows RS256 or ES256.
struct ParsedJws {
  KeyType type;
  std::string kid;
  absl::string_view signing_input;
  std::string payload_json;
  std::string signature;
};

absl::StatusOr<ParsedJws> ParseIdToken(absl::string_view token) {
  if (token.empty() || token.size() > kMaxIdTokenBytes) {
    return Refuse(token.empty() ? "ID token is missing" : "ID token too large");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) {
    return Refuse("ID token is malformed");
  }
  std::optional<std::string> header_json = internal::Base64UrlDecode(parts[0]);
  std::optional<Struct> header =
      header_json ? internal::ParseJsonObject(*header_json) : std::nullopt;
  std::optional<std::string> payload = internal::Base64UrlDecode(parts[1]);
  std::optional<std::string> signature = internal::Base64UrlDecode(parts[2]);
  if (!header || !payload || !signature) {
    return Refuse("ID token is malformed");
  }
  const std::string* alg = StringClaim(*header, "alg");
  if (alg == nullptr || (*alg != "RS256" && *alg != "ES256")) {
    return Refuse("ID token alg is not RS256 or ES256");
  }
  if (internal::FindMember(*header, "crit") != nullptr) {
    return Refuse("ID token has an unsupported crit header");
  }
  const Value* kid = internal::FindMember(*header, "kid");
  if (kid != nullptr && kid->kind_case() != Value::kStringValue) {
    return Refuse("ID token is malformed");
  }
  ParsedJws jws;
  jws.type = *alg == "RS256" ? KeyType::kRsa : KeyType::kEcP256;
  jws.kid = kid != nullptr ? kid->string_value() : "";
  jws.signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
  jws.payload_json = *std::move(payload);
  jws.signature = *std::move(signature);
  return jws;
}

// True when a key of the token's type (with its kid, when it names one)
// verifies the signature.
bool SignatureVerifies(const ParsedJws& jws, const KeySet& keys) {
  for (const internal::PublicKey& key : keys) {
    if (key.type != jws.type || (!jws.kid.empty() && key.kid != jws.kid)) {
      continue;
    }
    const bool valid =
        jws.type == KeyType::kRsa
            ? internal::VerifyRs256(key.key.get(), jws.signing_input,
                                    jws.signature)
            : internal::VerifyEs256(key.key.get(), jws.signing_input,
                                    jws.signature);
    if (valid) {
      return true;
    }
  }
  return false;
}

bool HasKid(const KeySet& keys, const std::string& kid) {
  for (const internal::PublicKey& key : keys) {
    if (key.kid == kid) {
      return true;
    }
  }
  return false;
}

// aud contains `client_id`; azp, when present or needed, equals it.
absl::Status CheckAudience(const Struct& claims, absl::string_view client_id) {
  const Value* aud = internal::FindMember(claims, "aud");
  std::vector<std::string> audiences;
  if (aud != nullptr && aud->kind_case() == Value::kStringValue) {
    audiences.push_back(aud->string_value());
  } else if (aud != nullptr && aud->kind_case() == Value::kListValue) {
    for (const Value& entry : aud->list_value().values()) {
      if (entry.kind_case() == Value::kStringValue) {
        audiences.push_back(entry.string_value());
      }
    }
  }
  if (std::find(audiences.begin(), audiences.end(), client_id) ==
      audiences.end()) {
    return Refuse("ID token audience does not include this client");
  }
  const std::string* azp = StringClaim(claims, "azp");
  if (azp == nullptr && audiences.size() > 1) {
    return Refuse("ID token has several audiences and no azp");
  }
  if (azp != nullptr && *azp != client_id) {
    return Refuse("ID token azp is not this client");
  }
  return absl::OkStatus();
}

absl::Status CheckTimes(const Struct& claims, absl::Time now,
                        absl::Duration leeway) {
  std::optional<absl::Time> exp = TimeClaim(claims, "exp");
  if (!exp.has_value()) {
    return Refuse("ID token has no valid exp");
  }
  if (now >= *exp + leeway) {
    return Refuse("ID token expired");
  }
  std::optional<absl::Time> iat = TimeClaim(claims, "iat");
  if (!iat.has_value()) {
    return Refuse("ID token has no valid iat");
  }
  if (*iat > now + leeway) {
    return Refuse("ID token issued in the future (clock skew?)");
  }
  if (internal::FindMember(claims, "nbf") != nullptr) {
    std::optional<absl::Time> nbf = TimeClaim(claims, "nbf");
    if (!nbf.has_value() || *nbf > now + leeway) {
      return Refuse("ID token not yet valid");
    }
  }
  return absl::OkStatus();
}

IdTokenClaims ReadClaims(const Struct& claims) {
  IdTokenClaims out;
  auto text = [&](const std::string& name) {
    const std::string* value = StringClaim(claims, name);
    return value != nullptr ? *value : std::string();
  };
  out.issuer = text("iss");
  out.subject = text("sub");
  out.email = text("email");
  out.name = text("name");
  out.sid = text("sid");
  const Value* verified = internal::FindMember(claims, "email_verified");
  // Some providers send the string "true".
  out.email_verified =
      verified != nullptr &&
      ((verified->kind_case() == Value::kBoolValue && verified->bool_value()) ||
       (verified->kind_case() == Value::kStringValue &&
        verified->string_value() == "true"));
  out.auth_time = TimeClaim(claims, "auth_time").value_or(absl::InfinitePast());
  out.expires = TimeClaim(claims, "exp").value_or(absl::InfinitePast());
  return out;
}

}  // namespace

absl::StatusOr<IdTokenClaims> OidcProvider::VerifyIdToken(
    absl::string_view id_token, absl::string_view client_id,
    absl::string_view expected_nonce, absl::Time now) {
  ASSIGN_OR_RETURN(ParsedJws jws, ParseIdToken(id_token));
  ASSIGN_OR_RETURN(std::shared_ptr<RemoteJwks> jwks, Jwks());
  ASSIGN_OR_RETURN(std::shared_ptr<const KeySet> keys, jwks->Keys(jws.kid));
  if (!jws.kid.empty() && !HasKid(*keys, jws.kid)) {
    return Refuse("ID token is signed with a key the provider does not list");
  }
  if (!SignatureVerifies(jws, *keys)) {
    return Refuse("ID token signature does not verify");
  }
  std::optional<Struct> claims = internal::ParseJsonObject(jws.payload_json);
  if (!claims.has_value()) {
    return Refuse("ID token payload is not a JSON object");
  }
  const std::string* iss = StringClaim(*claims, "iss");
  if (iss == nullptr || *iss != options_.issuer) {
    return Refuse(absl::StrCat("ID token issuer \"",
                               iss != nullptr ? Echo(*iss) : "", "\" is not \"",
                               options_.issuer, "\""));
  }
  RETURN_IF_ERROR(CheckAudience(*claims, client_id));
  RETURN_IF_ERROR(CheckTimes(*claims, now, options_.leeway));
  const std::string* sub = StringClaim(*claims, "sub");
  if (sub == nullptr || sub->empty()) {
    return Refuse("ID token has no subject");
  }
  if (!expected_nonce.empty()) {
    const std::string* nonce = StringClaim(*claims, "nonce");
    if (nonce == nullptr || !ConstantTimeEquals(*nonce, expected_nonce)) {
      return Refuse("ID token nonce does not match");
    }
  }
  return ReadClaims(*claims);
}

}  // namespace samen::auth

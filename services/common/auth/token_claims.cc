#include "services/common/auth/token_claims.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/auth/json.h"

namespace samen::auth {

absl::StatusOr<Grant> ParseGrantText(absl::string_view text) {
  std::pair<std::string, std::string> parts =
      absl::StrSplit(text, absl::MaxSplits('@', 1));
  if (!IsKnownRole(parts.first)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown role \"", parts.first, "\""));
  }
  return Grant{std::move(parts.first), std::move(parts.second)};
}

std::string GrantText(const Grant& grant) {
  return grant.scope.empty() ? grant.role
                             : absl::StrCat(grant.role, "@", grant.scope);
}

std::string TokenPayloadJson(const TokenClaims& claims) {
  using internal::JsonQuote;
  std::string payload = absl::StrCat("{\"sub\":", JsonQuote(claims.subject));
  const std::pair<absl::string_view, const std::string*> optional[] = {
      {"name", &claims.display_name},
      {"iss", &claims.issuer},
      {"aud", &claims.audience},
      {"client_id", &claims.client_id},
      {"jti", &claims.token_id}};
  for (const auto& [name, value] : optional) {
    if (!value->empty()) {
      absl::StrAppend(&payload, ",\"", name, "\":", JsonQuote(*value));
    }
  }
  absl::StrAppend(&payload, ",\"iat\":", absl::ToUnixSeconds(claims.issued),
                  ",\"exp\":", absl::ToUnixSeconds(claims.expires));
  if (!claims.grants.empty()) {
    absl::StrAppend(&payload, ",\"samen_roles\":[");
    bool first = true;
    for (const Grant& grant : claims.grants) {
      absl::StrAppend(&payload, first ? "" : ",",
                      "{\"role\":", JsonQuote(grant.role));
      if (!grant.scope.empty()) {
        absl::StrAppend(&payload, ",\"scope\":", JsonQuote(grant.scope));
      }
      absl::StrAppend(&payload, "}");
      first = false;
    }
    absl::StrAppend(&payload, "]");
  }
  absl::StrAppend(&payload, "}");
  return payload;
}

}  // namespace samen::auth

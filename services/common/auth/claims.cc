#include "services/common/auth/claims.h"

#include <cmath>
#include <optional>

#include "absl/status/status.h"
#include "services/common/auth/json.h"
#include "services/common/status_macros.h"

namespace samen::auth::internal {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// A NumericDate (RFC 7519 section 2): seconds since the epoch, possibly
// fractional. Out-of-range values saturate to the infinite past/future.
std::optional<absl::Time> NumericDate(const Value& value) {
  if (value.kind_case() != Value::kNumberValue ||
      !std::isfinite(value.number_value())) {
    return std::nullopt;
  }
  return absl::UnixEpoch() + absl::Seconds(value.number_value());
}

absl::StatusOr<absl::Time> CheckValidity(const Struct& claims,
                                         const ClaimRules& rules,
                                         absl::Time now) {
  const Value* exp_value = FindMember(claims, "exp");
  if (exp_value == nullptr) {
    return absl::UnauthenticatedError("token has no expiry");
  }
  std::optional<absl::Time> exp = NumericDate(*exp_value);
  if (!exp.has_value()) {
    return absl::UnauthenticatedError("malformed exp claim");
  }
  if (now >= *exp + rules.leeway) {
    return absl::UnauthenticatedError("token expired");
  }
  const Value* nbf_value = FindMember(claims, "nbf");
  if (nbf_value != nullptr) {
    std::optional<absl::Time> nbf = NumericDate(*nbf_value);
    if (!nbf.has_value()) {
      return absl::UnauthenticatedError("malformed nbf claim");
    }
    if (now + rules.leeway < *nbf) {
      return absl::UnauthenticatedError("token not yet valid");
    }
  }
  return *exp;
}

absl::Status CheckIssuerAndAudience(const Struct& claims,
                                    const ClaimRules& rules) {
  if (!rules.issuer.empty()) {
    const Value* iss = FindMember(claims, "iss");
    if (iss == nullptr || iss->kind_case() != Value::kStringValue ||
        iss->string_value() != rules.issuer) {
      return absl::UnauthenticatedError("wrong issuer");
    }
  }
  if (!rules.audience.empty()) {
    const Value* aud = FindMember(claims, "aud");
    bool found = false;
    if (aud != nullptr && aud->kind_case() == Value::kStringValue) {
      found = aud->string_value() == rules.audience;
    } else if (aud != nullptr && aud->kind_case() == Value::kListValue) {
      for (const Value& member : aud->list_value().values()) {
        if (member.kind_case() == Value::kStringValue &&
            member.string_value() == rules.audience) {
          found = true;
          break;
        }
      }
    }
    if (!found) {
      return absl::UnauthenticatedError("wrong audience");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Grant>> ReadGrants(const Struct& claims) {
  std::vector<Grant> grants;
  const Value* roles = FindMember(claims, "samen_roles");
  if (roles == nullptr) {
    return grants;
  }
  const absl::Status malformed =
      absl::UnauthenticatedError("malformed samen_roles claim");
  if (roles->kind_case() != Value::kListValue) {
    return malformed;
  }
  for (const Value& entry : roles->list_value().values()) {
    if (entry.kind_case() != Value::kStructValue) {
      return malformed;
    }
    const Value* role = FindMember(entry.struct_value(), "role");
    const Value* scope = FindMember(entry.struct_value(), "scope");
    if (role == nullptr || role->kind_case() != Value::kStringValue ||
        (scope != nullptr && scope->kind_case() != Value::kStringValue)) {
      return malformed;
    }
    if (!IsKnownRole(role->string_value())) {
      continue;  // Roles of other applications, or newer ones: not ours to act
                 // on.
    }
    Grant grant{role->string_value(),
                scope == nullptr ? "" : scope->string_value()};
    bool duplicate = false;
    for (const Grant& existing : grants) {
      if (existing == grant) {
        duplicate = true;
        break;
      }
    }
    if (!duplicate) {
      grants.push_back(std::move(grant));
    }
  }
  return grants;
}

}  // namespace

absl::StatusOr<Principal> PrincipalFromClaims(const Struct& claims,
                                              const ClaimRules& rules,
                                              absl::Time now) {
  absl::StatusOr<absl::Time> expires = CheckValidity(claims, rules, now);
  if (!expires.ok()) {
    return expires.status();
  }
  RETURN_IF_ERROR(CheckIssuerAndAudience(claims, rules));
  Principal principal;
  principal.expires = *expires;
  const Value* sub = FindMember(claims, "sub");
  if (sub == nullptr || sub->kind_case() != Value::kStringValue ||
      sub->string_value().empty()) {
    return absl::UnauthenticatedError("token has no subject");
  }
  principal.subject = sub->string_value();
  const Value* name = FindMember(claims, "name");
  if (name != nullptr) {
    if (name->kind_case() != Value::kStringValue) {
      return absl::UnauthenticatedError("malformed name claim");
    }
    principal.display_name = name->string_value();
  }
  ASSIGN_OR_RETURN(std::vector<Grant> grants, ReadGrants(claims));
  principal.grants = std::move(grants);
  return principal;
}

}  // namespace samen::auth::internal

#pragma once

// Checks a verified token's claims and turns them into a Principal.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "services/common/auth/auth.h"

namespace samen::auth::internal {

struct ClaimRules {
  std::string issuer;    // Required `iss` when not empty.
  std::string audience;  // Required `aud` member when not empty.
  absl::Duration leeway;
};

// Validates exp/nbf (with leeway), iss, aud and sub, and reads name and
// samen_roles. Every failure is UNAUTHENTICATED.
absl::StatusOr<Principal> PrincipalFromClaims(
    const google::protobuf::Struct& claims, const ClaimRules& rules,
    absl::Time now);

}  // namespace samen::auth::internal

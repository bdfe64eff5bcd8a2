#pragma once

// The identity service's flags (each also from SAMEN_<FLAG>), read once here.

#include "absl/status/statusor.h"
#include "services/identity/identity_module.h"

namespace samen::server {

// The options from the flags; the issuer and audience are the verifier's
// (--jwt_issuer, --jwt_audience).
absl::StatusOr<identity::IdentityOptions> IdentityOptionsFromFlags();

}  // namespace samen::server

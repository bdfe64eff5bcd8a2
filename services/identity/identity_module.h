#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "services/common/server.h"
#include "services/identity/identity_config.h"
#include "services/identity/privacy_map.h"  // for services/server/

namespace samen::identity {

// The identity service as samen-server composes it: its database, Samen's
// signing keys, the configured identity providers, the directory (Partners)
// for profiles and grants, and the two gRPC services. Fails when the options
// are incomplete or a signing key cannot be read.
absl::StatusOr<std::unique_ptr<ServiceModule>> CreateIdentityModule(
    const ModuleOptions& options, const IdentityOptions& identity);

}  // namespace samen::identity

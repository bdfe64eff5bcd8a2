#pragma once

// The Partners service's flags (--privacy_*: people's exports and erasures,
// docs/privacy.md), parsed here in samen-server and handed to the module as
// PrivacyOptions.

#include "absl/status/statusor.h"
#include "services/partners/partners_module.h"

namespace samen::server {

// INVALID_ARGUMENT naming the flag that is wrong.
absl::StatusOr<partners::PrivacyOptions> PrivacyOptionsFromFlags();

}  // namespace samen::server

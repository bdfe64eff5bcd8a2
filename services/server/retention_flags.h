#pragma once

// The retention job's flags (--retention, --retention_interval,
// --retention_batch), parsed here in samen-server and handed to every module
// as privacy::RetentionOptions (services/common/privacy/retention.h).

#include "absl/status/statusor.h"
#include "services/common/privacy/retention.h"

namespace samen::server {

// INVALID_ARGUMENT naming the flag and the entry when --retention names a
// table without a retention rule or a period that is not a positive number of
// days, or the interval or batch is out of range.
absl::StatusOr<privacy::RetentionOptions> RetentionOptionsFromFlags();

}  // namespace samen::server

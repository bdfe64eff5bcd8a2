#pragma once

// Etags for optimistic concurrency (AIP-154): opaque to clients, changed by
// every write, different between resources.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::resource {

// The etag of a stored row from its name, version column and creation time.
std::string MakeEtag(absl::string_view name, int64_t version,
                     absl::Time create_time);

// OK when `requested` is empty or equals `stored` (an HTTP entity tag, with
// quotes or "W/", is accepted too); ABORTED with reason ETAG_MISMATCH
// otherwise.
absl::Status CheckEtag(absl::string_view requested, absl::string_view stored);

}  // namespace samen::resource

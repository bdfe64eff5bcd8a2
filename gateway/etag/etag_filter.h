#pragma once

// The etag filter: on a GET, If-None-Match is kept for the reply (304 when it
// matches the resource's ETag); on a write, If-Match fills the resource's
// `etag` in the built request (412 when it cannot hold), and a service's
// ETAG_MISMATCH then answers 412 too.

#include "gateway/filter.h"

namespace samen::gateway {

FilterFactory EtagFilter();

}  // namespace samen::gateway

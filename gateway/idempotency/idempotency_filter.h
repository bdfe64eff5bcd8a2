#pragma once

// The idempotency filter: on a write, Idempotency-Key sets the built request's
// `request_id` (see idempotency_key.h).

#include "gateway/filter.h"

namespace samen::gateway {

FilterFactory IdempotencyFilter();

}  // namespace samen::gateway

#pragma once

// The rate-limit filter: API requests take a token from their caller's bucket
// (the verified subject's, else the client address's, in the anonymous policy
// when edge authentication is on and that policy is enabled); an empty bucket
// answers 429. Every reply to a counted request carries the RateLimit headers.

#include "gateway/filter.h"
#include "gateway/metrics/gateway_metrics.h"
#include "gateway/ratelimit/rate_limiter.h"

namespace samen::gateway {

// `metrics` (counting the 429s) may be null; else it must outlive the filters.
FilterFactory RateLimitFilter(RateLimitOptions callers,
                              RateLimitOptions anonymous,
                              GatewayMetrics* metrics);

}  // namespace samen::gateway

#pragma once

// The compression filter: on the way out, gzip for every reply but a stream,
// when the client's Accept-Encoding allows it and the body is worth it
// (MaybeCompress).

#include "gateway/filter.h"

namespace samen::gateway {

FilterFactory CompressionFilter();

}  // namespace samen::gateway

#pragma once

// The fields filter: `?fields=` is parsed against the rendered message before
// the request is built (the reply keeps only those fields), and a PATCH
// without update_mask gets one derived from the body's keys once it is built.

#include "gateway/filter.h"

namespace samen::gateway {

FilterFactory FieldsFilter();

}  // namespace samen::gateway

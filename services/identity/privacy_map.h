#pragma once

#include "services/common/privacy/data_map.h"

namespace samen::identity {

// The data map of samen_identity (services/common/privacy/data_map.h):
// every table and column, whose it is, who reads it, how long it stays and
// what erasing a person does to it. docs/privacy.md is printed from it.
const privacy::DataMap& IdentityDataMap();

}  // namespace samen::identity

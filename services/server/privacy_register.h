#pragma once

// The data maps of every service samen-server hosts, and the register of
// processing printed from them (`samen-server privacy-register`, which
// writes docs/privacy.md).

#include <string>
#include <vector>

#include "services/common/privacy/data_map.h"

namespace samen::server {

// Every service database's data map, in the register's order.
std::vector<const privacy::DataMap*> DataMaps();

// docs/privacy.md as the maps say it should read.
std::string PrivacyRegister();

}  // namespace samen::server

#pragma once

#include <memory>

#include "services/common/server.h"

namespace samen::bench {

// The bench service as samen-server composes it: a bounded executor of
// --pool_size threads, the call runtime and the handler; no database (it
// opens no connection, and its health is always SERVING).
std::unique_ptr<ServiceModule> CreateBenchModule(const ModuleOptions& options);

}  // namespace samen::bench

#pragma once

#include <memory>

#include "db/pool.h"
#include "services/common/auth/auth.h"
#include "services/common/server.h"
#include "services/partners/privacy_map.h"  // for services/server/

namespace samen::partners {

// The Partners service as samen-server composes it: its own connection pool
// over `mysql` (database samen_partners), a bounded executor of the pool's
// size, the repository and the handler.
std::unique_ptr<ServiceModule> CreatePartnersModule(
    const ModuleOptions& options);

}  // namespace samen::partners

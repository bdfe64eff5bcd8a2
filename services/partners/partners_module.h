#pragma once

#include <memory>

#include "db/pool.h"
#include "services/common/auth/auth.h"
#include "services/common/server.h"
#include "services/partners/privacy_map.h"  // for services/server/
#include "services/partners/privacy_worker.h"

namespace samen::partners {

// The Partners service as samen-server composes it: its own connection pool
// over `mysql` (database samen_partners), a bounded executor of the pool's
// size, the repositories, the handler and the privacy worker (which runs
// when the module has a service credential: options.mail->credentials).
std::unique_ptr<ServiceModule> CreatePartnersModule(
    const ModuleOptions& options, const PrivacyOptions& privacy = {});

}  // namespace samen::partners

#pragma once

#include <memory>

#include "db/pool.h"
#include "services/common/auth/auth.h"
#include "services/common/server.h"

namespace samen::professionalisation {

// The Professionalisation service as samen-server composes it: its own
// connection pool over `mysql` (database samen_professionalisation), a bounded
// executor of the pool's size, the repository, the Partners client and the
// handler.
std::unique_ptr<ServiceModule> CreateProfessionalisationModule(
    const ModuleOptions& options);

}  // namespace samen::professionalisation

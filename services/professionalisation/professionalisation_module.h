#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "services/common/auth/auth.h"
#include "services/common/server.h"
#include "services/professionalisation/privacy_map.h"  // for services/server/

namespace samen::professionalisation {

// The Professionalisation service as samen-server composes it: its own
// connection pool over `mysql` (database samen_professionalisation), a bounded
// executor of the pool's size, the repository, the Partners client and the
// handler, and its e-mail (options.mail; none when null). INVALID_ARGUMENT
// when an e-mail template is malformed.
absl::StatusOr<std::unique_ptr<ServiceModule>> CreateProfessionalisationModule(
    const ModuleOptions& options);

}  // namespace samen::professionalisation

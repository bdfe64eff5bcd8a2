#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "services/common/auth/auth.h"
#include "services/common/server.h"
#include "services/induction/privacy_map.h"  // for services/server/

namespace samen::induction {

// The Induction service as samen-server composes it: its own connection pool
// over `mysql` (database samen_induction), a bounded executor of the pool's
// size, the clock (--clock_file for tests), the Partners directory
// client, the repository, the handler and its e-mail (options.mail; none when
// null). INVALID_ARGUMENT when an e-mail template is malformed.
absl::StatusOr<std::unique_ptr<ServiceModule>> CreateInductionModule(
    const ModuleOptions& options);

}  // namespace samen::induction

#pragma once

// The Vacancies service as samen-server composes it: its own connection pool
// over `mysql` (database samen_vacancies), a bounded executor of the pool's
// size, the repositories, the VacanciesService handler, and the background
// work of each replica (expiry at the closing date, feed pruning, webhook
// deliveries, the watch hub). Destruction stops and joins the threads.

#include <memory>

#include "services/common/server.h"

namespace samen::vacancies {

// Requests use the pool over `options.mysql`; background work opens its own
// small pool with the same options so it never takes request capacity.
std::unique_ptr<ServiceModule> CreateVacanciesModule(
    const ModuleOptions& options);

}  // namespace samen::vacancies

#pragma once

// Vacancies inside the Partners module: the VacanciesService handler over the
// samen_partners database, and the background work of each replica (expiry at
// the closing date, feed pruning, webhook deliveries). Created and destroyed
// with the module; destruction stops and joins the threads.

#include <memory>
#include <string>

#include "db/pool.h"
#include "grpcpp/impl/service_type.h"
#include "services/common/call.h"

namespace samen::partners {

class VacanciesComponent {
 public:
  virtual ~VacanciesComponent() = default;
  // "samen.partners.v1.VacanciesService".
  static std::string ServiceName();
  virtual grpc::Service* service() = 0;
  // Ends open WatchVacancies streams (the server is stopping).
  virtual void Drain() = 0;
};

// `pool` serves requests (through `runtime`); background work opens its own
// small pool with the same options so it never takes request capacity.
std::unique_ptr<VacanciesComponent> CreateVacanciesComponent(
    db::Pool* pool, CallRuntime* runtime);

}  // namespace samen::partners

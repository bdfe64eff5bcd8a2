#pragma once

// What every service module owns the same way: a connection pool on its own
// database, the bounded executor sized to that pool, the call runtime that
// authenticates and runs each RPC on the executor, and the idempotency store
// that replays retried requests. A module adds its repository and handler on
// top (partners_module.cc and the others).

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "services/common/call.h"
#include "services/common/executor.h"
#include "services/common/idempotency_store.h"
#include "services/common/server.h"

namespace samen {

class ServiceCore {
 public:
  explicit ServiceCore(const ModuleOptions& options);
  ServiceCore(const ServiceCore&) = delete;
  ServiceCore& operator=(const ServiceCore&) = delete;

  db::Pool* pool() { return &pool_; }
  CallRuntime* runtime() { return &runtime_; }
  Executor* executor() { return &executor_; }

  // OK when the database answers by `deadline` (the module's health).
  absl::Status CheckHealth(absl::Time deadline);

 private:
  db::Pool pool_;
  Executor executor_;
  CallRuntime runtime_;
  MysqlIdempotencyStore idempotency_;
};

}  // namespace samen

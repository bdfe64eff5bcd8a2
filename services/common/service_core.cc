#include "services/common/service_core.h"

#include <memory>

#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "db/transaction.h"

namespace samen {

ServiceCore::ServiceCore(const ModuleOptions& options)
    : pool_(options.mysql),
      executor_(options.mysql.pool_size, options.max_queue),
      runtime_(options.verifier, &executor_),
      idempotency_(&pool_) {
  runtime_.set_idempotency_store(&idempotency_);
}

absl::Status ServiceCore::CheckHealth(absl::Time deadline) {
  return db::RunWithConnection(
      pool_, deadline, "health check", [](sql::Connection& c) {
        std::unique_ptr<sql::Statement> statement(c.createStatement());
        std::unique_ptr<sql::ResultSet> rows(
            statement->executeQuery("SELECT 1"));
        return absl::OkStatus();
      });
}

}  // namespace samen

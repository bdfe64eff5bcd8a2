#pragma once

// The samen-server bootstrap: one gRPC server hosting any subset of Samen's
// services (docs/architecture.md, decision 3), with grpc.health.v1, server
// reflection and graceful shutdown.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "grpcpp/impl/service_type.h"
#include "services/common/auth/auth.h"
#include "services/common/clock.h"
#include "services/common/peers.h"

namespace samen {

namespace notify {
struct MailOptions;
}  // namespace notify
namespace privacy {
struct RetentionOptions;
}  // namespace privacy

// What samen-server hands every module it hosts; flags are parsed in
// services/server only, libraries get these values.
struct ModuleOptions {
  db::MysqlOptions mysql;  // the module's own database
  const auth::TokenVerifier* verifier = nullptr;
  size_t max_queue = 256;        // queued requests before RESOURCE_EXHAUSTED
  const Clock* clock = nullptr;  // never null
  Peers* peers = nullptr;        // the other services, over gRPC
  // E-mail (--smtp_*, --mail_*): where and how the modules that notify
  // people send it; never null under samen-server.
  const notify::MailOptions* mail = nullptr;
  // The retention job (--retention, --retention_interval): each module with
  // a data map runs it on its database; null: it does not run.
  const privacy::RetentionOptions* retention = nullptr;
};

// One service as the server composes it. Implemented by each service library.
class ServiceModule {
 public:
  virtual ~ServiceModule() = default;
  // Short name used on the command line: "partners".
  virtual std::string name() const = 0;
  // Full gRPC service name, used as the health-check service name.
  virtual std::string grpc_service_name() const = 0;
  // The gRPC service to register; owned by the module.
  virtual grpc::Service* service() = 0;
  // Further services the module hosts beside it (the identity service's
  // SignInService); reported healthy together with it.
  virtual std::vector<std::pair<std::string, grpc::Service*>> extra_services() {
    return {};
  }
  // Whether the module can serve now (e.g. its database answers).
  virtual absl::Status CheckHealth(absl::Time deadline) = 0;
  // Shutdown has begun: end long-lived streams now (clients reconnect to
  // another replica) rather than when the grace period runs out.
  virtual void Drain() {}
};

struct ServerOptions {
  std::string listen = "0.0.0.0:9090";
  // How often health checks run; each module reports SERVING or NOT_SERVING.
  absl::Duration health_interval = absl::Seconds(2);
  // On SIGTERM/SIGINT: time in-flight calls get before they are cancelled.
  absl::Duration shutdown_grace = absl::Seconds(10);
};

// Serves `modules` until SIGTERM or SIGINT, then drains and returns OK.
// Prints the bound address in a log line ("listening", address=...), so a
// caller that asked for port 0 can find the port.
absl::Status RunServer(const ServerOptions& options,
                       std::vector<std::unique_ptr<ServiceModule>> modules);

}  // namespace samen

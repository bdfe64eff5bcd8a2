#include "services/common/server.h"

#include <csignal>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "services/common/logging.h"
#include "services/common/reflection_v1.h"

namespace samen {
namespace {

// Set from the signal handler; polled by the main thread (handlers may not
// lock).
volatile std::sig_atomic_t stop_requested = 0;

void OnSignal(int) { stop_requested = 1; }

// Registers every module's services with `builder`; their short names go to
// `names`. Returns every gRPC service name the server answers to.
std::vector<std::string> RegisterModules(
    const std::vector<std::unique_ptr<ServiceModule>>& modules,
    grpc::ServerBuilder* builder, std::vector<std::string>* names) {
  std::vector<std::string> grpc_services = {
      "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection"};
  for (const auto& module : modules) {
    builder->RegisterService(module->service());
    grpc_services.push_back(module->grpc_service_name());
    for (const auto& [name, service] : module->extra_services()) {
      builder->RegisterService(service);
      grpc_services.push_back(name);
    }
    names->push_back(module->name());
  }
  return grpc_services;
}

}  // namespace

absl::Status RunServer(const ServerOptions& options,
                       std::vector<std::unique_ptr<ServiceModule>> modules) {
  if (modules.empty()) {
    return absl::InvalidArgumentError("no services to serve");
  }
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &port);
  // Document uploads (google.api.HttpBody) are bounded by the gateway's upload
  // limit and the service's own; this only has to let them through.
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  // Clients re-resolve DNS only when connections change: ending connections
  // after a while lets gateways find replicas added by a scale-up.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, 5 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30 * 1000);
  std::vector<std::string> names;
  const std::unique_ptr<grpc::Service> reflection_v1 =
      NewReflectionV1Service(RegisterModules(modules, &builder, &names));
  builder.RegisterService(reflection_v1.get());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  std::string host = options.listen.substr(0, options.listen.rfind(':'));
  log::Info("listening", {{"address", absl::StrCat(host, ":", port)},
                          {"services", absl::StrJoin(names, ",")}});

  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);

  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  std::vector<int> last(modules.size(), -1);
  absl::Time next_check = absl::InfinitePast();
  while (stop_requested == 0) {
    if (absl::Now() >= next_check) {
      bool all_ok = true;
      for (size_t i = 0; i < modules.size(); ++i) {
        absl::Status status =
            modules[i]->CheckHealth(absl::Now() + absl::Seconds(2));
        all_ok = all_ok && status.ok();
        health->SetServingStatus(modules[i]->grpc_service_name(), status.ok());
        for (const auto& [name, service] : modules[i]->extra_services()) {
          health->SetServingStatus(name, status.ok());
        }
        if (last[i] != static_cast<int>(status.ok())) {
          last[i] = status.ok();
          if (status.ok()) {
            log::Info("service healthy", {{"service", modules[i]->name()}});
          } else {
            log::Warning("service unhealthy",
                         {{"service", modules[i]->name()},
                          {"error", std::string(status.message())}});
          }
        }
      }
      health->SetServingStatus(all_ok);
      next_check = absl::Now() + options.health_interval;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }

  log::Info("shutting down",
            {{"grace", absl::FormatDuration(options.shutdown_grace)}});
  health->Shutdown();
  for (auto& module : modules) {
    module->Drain();
  }
  server->Shutdown(absl::ToChronoTime(absl::Now() + options.shutdown_grace));
  server->Wait();
  log::Info("stopped");
  return absl::OkStatus();
}

}  // namespace samen

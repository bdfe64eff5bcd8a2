#pragma once

// The gRPC backends behind the gateway: one channel per distinct target
// (round-robin over the resolved addresses, keepalive pings while calls are
// active), a generic stub per service, and the readiness probe
// (grpc.health.v1.Health/Check per service).

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/generic/generic_stub.h"

namespace samen::gateway {

struct BackendOptions {
  // Target for every service not listed in `per_service` ("localhost:9090",
  // "dns:///partners:9090", "ipv4:10.0.0.1:9090,10.0.0.2:9090").
  std::string default_target = "localhost:9090";
  // Full service name -> target.
  std::map<std::string, std::string> per_service;
};

// Parses --backends: "svc=target,svc2=target2". A comma-separated part without
// '=' is a continuation of the previous target
// ("svc=ipv4:10.0.0.1:1,10.0.0.2:1").
absl::StatusOr<std::map<std::string, std::string>> ParseBackendsFlag(
    absl::string_view text);

class Backends {
 public:
  // Creates the channels (they connect lazily) for `services`.
  Backends(const BackendOptions& options,
           const std::vector<std::string>& services);

  // The stub that reaches `service`; null for a service that is not registered.
  grpc::GenericStub* StubFor(absl::string_view service) const;
  // The target of `service`.
  std::string TargetFor(absl::string_view service) const;

  // Asks every backend whether its services are SERVING; `done` receives the
  // failures
  // ("samen.partners.v1.PartnersService at localhost:9090: NOT_SERVING"), empty
  // when all are ready. `done` runs on a gRPC thread.
  void CheckReadiness(absl::Duration timeout,
                      std::function<void(std::vector<std::string>)> done) const;

 private:
  struct Service {
    std::string name;
    std::string target;
    std::unique_ptr<grpc::GenericStub> stub;
  };
  std::vector<Service> services_;
};

// grpc.health.v1 messages, hand-encoded (the health proto is not generated
// here): HealthCheckRequest {string service = 1;} and HealthCheckResponse {enum
// status = 1;}.
std::string EncodeHealthCheckRequest(absl::string_view service);
// The status number (1 = SERVING), or -1 when the bytes do not parse.
int DecodeHealthCheckResponse(absl::string_view bytes);

}  // namespace samen::gateway

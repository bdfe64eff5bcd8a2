#pragma once

// The gRPC backends behind the gateway: one channel per distinct target
// (round-robin over the resolved addresses, keepalive pings while calls are
// active), a generic stub per service, and the readiness probe
// (grpc.health.v1.Health/Check per service).
//
// A service has a backend when --backends names it or --backend (the default
// target) is set; a service with neither is not served by this gateway (its
// routes answer 501) and /readyz does not wait for it — with the Helm chart,
// only enabled services get a target.
//
// Read-only methods (those bound to GET only) are retried on UNAVAILABLE by
// the channel (service config retryPolicy: 3 attempts, 50-500 ms backoff), so
// a call that hit a replica as it died goes to another. Writes are never
// retried by the gateway: a client retries them with an Idempotency-Key.

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
  // "dns:///partners:9090", "ipv4:10.0.0.1:9090,10.0.0.2:9090"); empty: only
  // the services in `per_service` are served.
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
  // Creates the channels (they connect lazily) for `services`;
  // `retryable_methods` ("/pkg.Service/Method") get the retry policy.
  Backends(const BackendOptions& options,
           const std::vector<std::string>& services,
           const std::vector<std::string>& retryable_methods = {});

  // The stub that reaches `service`; null for a service that is not registered
  // or has no target.
  grpc::GenericStub* StubFor(absl::string_view service) const;
  // The channel that reaches `service` (null like StubFor), for the gateway's
  // own typed calls (gateway/session calls SignInService on the channel of
  // samen.identity.v1.IdentityService, which the same server hosts).
  std::shared_ptr<grpc::Channel> ChannelFor(absl::string_view service) const;
  // The target of `service` ("" when it has none).
  std::string TargetFor(absl::string_view service) const;

  // Asks every backend with a target whether its service is SERVING; `done`
  // receives the failures
  // ("samen.partners.v1.PartnersService at localhost:9090: NOT_SERVING"), empty
  // when all are ready. `done` runs on a gRPC thread.
  void CheckReadiness(absl::Duration timeout,
                      std::function<void(std::vector<std::string>)> done) const;

 private:
  struct Service {
    std::string name;
    std::string target;
    std::unique_ptr<grpc::GenericStub> stub;
    std::shared_ptr<grpc::Channel> channel;
  };
  std::vector<Service> services_;
};

// The channel's service config: round_robin, and for `retryable_methods`
// ("/pkg.Service/Method") a retryPolicy on UNAVAILABLE, with retry throttling.
std::string ServiceConfigJson(
    const std::vector<std::string>& retryable_methods);

// grpc.health.v1 messages, hand-encoded (the health proto is not generated
// here): HealthCheckRequest {string service = 1;} and HealthCheckResponse {enum
// status = 1;}.
std::string EncodeHealthCheckRequest(absl::string_view service);
// The status number (1 = SERVING), or -1 when the bytes do not parse.
int DecodeHealthCheckResponse(absl::string_view bytes);

}  // namespace samen::gateway

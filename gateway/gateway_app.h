#pragma once

// samen-gateway put together: the route table from the registered services, the
// backend channels, the optional edge token verifier and the HTTP server.
// main.cc only turns flags into Options; tests start a GatewayApp in-process.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/backends.h"
#include "gateway/gateway.h"
#include "gateway/http_server.h"
#include "gateway/web/static_files.h"
#include "services/common/auth/auth.h"

namespace samen::gateway {

struct Options {
  HttpServerOptions http;
  BackendOptions backends;
  GatewayOptions gateway;
  // Set: verify bearer tokens before calling a backend. Unset: the backends do
  // it alone.
  std::optional<auth::VerifierOptions> auth;
  // The services to expose; empty means the compiled-in ones
  // (RegisteredServices()). Tests expose test services this way.
  std::vector<std::string> services;
  // The web app's dist (--web_root), read at start-up; an empty root: no app.
  web::StaticFilesOptions web;
};

class GatewayApp {
 public:
  // Builds the routes and starts serving; fails on a bad annotation, a bad key
  // source or an address that cannot be bound.
  static absl::StatusOr<std::unique_ptr<GatewayApp>> Start(
      const Options& options);
  ~GatewayApp();

  uint16_t port() const { return server_->port(); }
  const Gateway& gateway() const { return *gateway_; }
  // Graceful stop; Wait() returns once in-flight requests are answered.
  void Shutdown() { server_->Shutdown(); }
  void Wait() { server_->Wait(); }

 private:
  GatewayApp() = default;

  // The server goes first on destruction: it finishes in-flight requests that
  // use the gateway.
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<HttpServer> server_;
};

// The gRPC methods the backend channels retry on UNAVAILABLE: those whose
// every HTTP binding is GET ("/pkg.Service/Method").
std::vector<std::string> RetryableMethods(const RouteTable& routes);

// Runs until SIGTERM or SIGINT; returns the process exit code.
int RunGateway(const Options& options);

}  // namespace samen::gateway

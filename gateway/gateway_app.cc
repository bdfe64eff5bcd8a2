#include "gateway/gateway_app.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gateway/registered_services.h"
#include "gateway/route_table.h"
#include "gateway/session/csrf.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"

namespace samen::gateway {

namespace {

// The HTTP server's options with the gateway's metrics and its per-route body
// limits (uploads).
HttpServerOptions ServerOptionsFor(const HttpServerOptions& base,
                                   const Gateway* gateway) {
  HttpServerOptions http = base;
  http.observer = gateway->metrics();
  http.body_limit_for = [gateway](absl::string_view method,
                                  absl::string_view path) {
    return gateway->BodyLimitFor(method, path);
  };
  return http;
}

}  // namespace

std::vector<std::string> RetryableMethods(const RouteTable& routes) {
  std::map<std::string, bool> get_only;
  for (const Route& route : routes.routes()) {
    auto [it, inserted] = get_only.try_emplace(route.grpc_method, true);
    it->second = it->second && route.http_method == "GET";
  }
  std::vector<std::string> methods;
  for (const auto& [method, only_get] : get_only) {
    if (only_get) {
      methods.push_back(method);
    }
  }
  return methods;
}

absl::StatusOr<std::unique_ptr<GatewayApp>> GatewayApp::Start(
    const Options& options) {
  std::vector<std::string> services =
      options.services.empty() ? RegisteredServices() : options.services;
  if (options.services.empty()) {
    for (const std::string& service : OptInServices()) {
      if (options.backends.per_service.count(service) > 0) {
        services.push_back(service);
      }
    }
  }
  ASSIGN_OR_RETURN(RouteTable routes, RouteTable::Build(services));
  for (const auto& [service, target] : options.backends.per_service) {
    if (std::find(services.begin(), services.end(), service) ==
        services.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--backends names ", service, ", which is not one of the services ",
          "the gateway exposes: ", absl::StrJoin(services, ", ")));
    }
  }
  RETURN_IF_ERROR(Cors::Validate(options.gateway.cors));
  if (const std::string& url = options.gateway.session.public_url;
      !url.empty() &&
      (session::OriginOf(url).empty() || !(absl::StartsWith(url, "https://") ||
                                           absl::StartsWith(url, "http://")))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--public_url must be an http(s) URL such as https://samen.example.org,"
        " not \"",
        url, "\""));
  }
  if (options.gateway.rate_limit.rps < 0 ||
      (options.gateway.rate_limit.rps > 0 &&
       options.gateway.rate_limit.burst < 1)) {
    return absl::InvalidArgumentError(
        "--rate_limit_rps must be >= 0 and --rate_limit_burst >= 1 with it");
  }
  std::unique_ptr<auth::TokenVerifier> verifier;
  if (options.auth.has_value()) {
    ASSIGN_OR_RETURN(verifier, auth::TokenVerifier::Create(*options.auth));
  }
  const size_t route_count = routes.routes().size();
  auto backends = std::make_unique<Backends>(options.backends, services,
                                             RetryableMethods(routes));
  for (const std::string& service : services) {
    const std::string target = backends->TargetFor(service);
    log::Info("backend",
              {{"service", service},
               {"target", target.empty() ? "none (not served)" : target}});
  }
  GatewayOptions gateway_options = options.gateway;
  gateway_options.verifier_options = options.auth;
  if (!options.web.root.empty()) {
    ASSIGN_OR_RETURN(gateway_options.web_files,
                     web::StaticFiles::Load(options.web));
    log::Info("web app loaded",
              {{"root", options.web.root},
               {"files", std::to_string(gateway_options.web_files->size())},
               {"bytes", std::to_string(gateway_options.web_files->bytes())}});
  }
  std::unique_ptr<GatewayApp> app(new GatewayApp());
  app->gateway_ =
      std::make_unique<Gateway>(std::move(routes), std::move(backends),
                                std::move(verifier), gateway_options);
  Gateway* gateway = app->gateway_.get();
  ASSIGN_OR_RETURN(app->server_,
                   HttpServer::Start(
                       ServerOptionsFor(options.http, gateway),
                       [gateway](HttpRequest request, RequestContext context,
                                 Responder respond) {
                         gateway->Handle(std::move(request), std::move(context),
                                         std::move(respond));
                       }));
  log::Info("samen-gateway listening",
            {{"port", std::to_string(app->server_->port())},
             {"routes", std::to_string(route_count)},
             {"threads", std::to_string(options.http.threads)},
             {"edge_auth", options.auth.has_value() ? "on" : "off"},
             {"public_url", options.gateway.session.public_url.empty()
                                ? "none (no web sign-in)"
                                : options.gateway.session.public_url}});
  return app;
}

GatewayApp::~GatewayApp() {
  // Backend calls end first: their last step still writes to the HTTP side.
  gateway_->EndCalls(absl::Seconds(5));
  server_.reset();
}

int RunGateway(const Options& options) {
  Options with_signals = options;
  with_signals.http.handle_signals = true;
  absl::StatusOr<std::unique_ptr<GatewayApp>> app =
      GatewayApp::Start(with_signals);
  if (!app.ok()) {
    log::Error("samen-gateway cannot start",
               {{"error", std::string(app.status().message())}});
    return 1;
  }
  (*app)->Wait();
  log::Info("samen-gateway stopped");
  return 0;
}

}  // namespace samen::gateway

#pragma once

// The gateway's Prometheus metrics, served at /metrics (text format 0.0.4):
//
//   samen_gateway_http_requests_total{route,method,status}    counter
//   samen_gateway_http_request_duration_seconds{route,method} histogram
//   samen_gateway_http_requests_in_flight                     gauge
//   samen_gateway_open_connections                            gauge
//   samen_gateway_connections_total                           counter
//   samen_gateway_backend_errors_total{code}                  counter
//   samen_gateway_rate_limited_total                          counter
//
// `route` is the path template ("/v1/{name=partnerships/*}"), "" for requests
// no route matched. Every (route, method) series is allocated at start-up from
// the route table, so recording is a hash lookup in an immutable map plus
// relaxed atomic increments: no lock on the request path.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http_server.h"
#include "gateway/route_table.h"
#include "grpcpp/support/status.h"

namespace samen::gateway {

class GatewayMetrics : public HttpObserver {
 public:
  // `extra_routes`: templates answered outside the route table ("/healthz").
  GatewayMetrics(const RouteTable& routes,
                 const std::vector<std::string>& extra_routes);
  ~GatewayMetrics() override;

  void ConnectionOpened() override;
  void ConnectionClosed() override;
  void RequestStarted() override;
  void RequestFinished(absl::string_view method, absl::string_view route,
                       unsigned status, absl::Duration elapsed,
                       bool dispatched) override;

  void BackendError(grpc::StatusCode code);
  void RateLimited();

  // The exposition text.
  std::string Render() const;

 private:
  struct Series;

  Series* Find(absl::string_view method, absl::string_view route) const;
  // The per-route series: request counts and the duration histogram.
  void AppendSeries(std::string* out) const;

  // Keyed "METHOD route"; built in the constructor, never changed after.
  absl::flat_hash_map<std::string, std::unique_ptr<Series>> series_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> open_connections_{0};
  std::atomic<uint64_t> connections_total_{0};
  std::atomic<uint64_t> rate_limited_{0};
  std::array<std::atomic<uint64_t>, 17> backend_errors_{};
};

}  // namespace samen::gateway

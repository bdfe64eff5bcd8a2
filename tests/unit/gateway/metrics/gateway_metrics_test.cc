#include "gateway/metrics/gateway_metrics.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RouteTable Partners() {
  auto table = RouteTable::Build({"samen.partners.v1.PartnersService"});
  EXPECT_TRUE(table.ok()) << table.status();
  return *std::move(table);
}

TEST(GatewayMetrics, CountsRequestsByRouteMethodAndStatus) {
  RouteTable routes = Partners();
  GatewayMetrics metrics(routes, {"/healthz"});
  const std::string route = "/v1/{name=partnerships/*}";
  metrics.RequestStarted();
  metrics.RequestFinished("GET", route, 200, absl::Milliseconds(3), true);
  metrics.RequestStarted();
  metrics.RequestFinished("GET", route, 200, absl::Milliseconds(30), true);
  metrics.RequestStarted();
  metrics.RequestFinished("GET", route, 404, absl::Milliseconds(300), true);
  metrics.RequestFinished("POST", "", 413, absl::Milliseconds(1), false);
  metrics.RequestFinished("BREW", "", 404, absl::Milliseconds(1), true);
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("samen_gateway_http_requests_total{route=\"/v1/"
                              "{name=partnerships/*}\",method=\"GET\",status="
                              "\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("{route=\"\",method=\"POST\",status=\"413\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("{route=\"\",method=\"OTHER\",status=\"404\"} 1"));
  // Cumulative buckets.
  const std::string labels =
      "route=\"/v1/{name=partnerships/*}\",method=\"GET\"";
  EXPECT_THAT(text, HasSubstr("duration_seconds_bucket{" + labels +
                              ",le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("duration_seconds_bucket{" + labels +
                              ",le=\"0.05\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("duration_seconds_bucket{" + labels +
                              ",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("duration_seconds_sum{" + labels + "} 0.333000"));
  // The in-flight gauge went up three times and down three times (the
  // undispatched 413 does not count); BREW was "dispatched" without a start.
  EXPECT_THAT(text, HasSubstr("samen_gateway_http_requests_in_flight -1\n"));
  // Unused series are not printed.
  EXPECT_THAT(text, Not(HasSubstr("method=\"DELETE\"")));
}

TEST(GatewayMetrics, ConnectionsBackendErrorsAndRateLimits) {
  RouteTable routes = Partners();
  GatewayMetrics metrics(routes, {});
  metrics.ConnectionOpened();
  metrics.ConnectionOpened();
  metrics.ConnectionClosed();
  metrics.BackendError(grpc::StatusCode::UNAVAILABLE);
  metrics.BackendError(grpc::StatusCode::UNAVAILABLE);
  metrics.RateLimited();
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("samen_gateway_open_connections 1\n"));
  EXPECT_THAT(text, HasSubstr("samen_gateway_connections_total 2\n"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "samen_gateway_backend_errors_total{code=\"UNAVAILABLE\"} 2\n"));
  EXPECT_THAT(
      text,
      HasSubstr("samen_gateway_backend_errors_total{code=\"NOT_FOUND\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("samen_gateway_rate_limited_total 1\n"));
}

}  // namespace
}  // namespace samen::gateway

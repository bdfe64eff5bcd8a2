#include "gateway/metrics/gateway_metrics.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gateway/problem.h"

namespace samen::gateway {
namespace {

// The statuses the gateway produces get their own counter; others share
// "other".
constexpr int kStatuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
                             405, 409, 410, 412, 413, 415, 422, 429,
                             431, 499, 500, 501, 502, 503, 504};
constexpr size_t kStatusSlots = std::size(kStatuses) + 1;

// Latency buckets, seconds.
constexpr double kBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                               0.5,   1,    2.5,   5,    10};
constexpr size_t kBucketCount = std::size(kBuckets);

// Methods every route and the unmatched pseudo-route get a series for.
constexpr const char* kMethods[] = {"GET",   "HEAD",   "POST",    "PUT",
                                    "PATCH", "DELETE", "OPTIONS", "OTHER"};

size_t StatusSlot(unsigned status) {
  for (size_t i = 0; i < std::size(kStatuses); ++i) {
    if (static_cast<unsigned>(kStatuses[i]) == status) {
      return i;
    }
  }
  return std::size(kStatuses);
}

std::string Escape(absl::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Key(absl::string_view method, absl::string_view route) {
  return absl::StrCat(method, " ", route);
}

}  // namespace

struct GatewayMetrics::Series {
  std::string method;
  std::string route;
  std::array<std::atomic<uint64_t>, kStatusSlots> by_status{};
  std::array<std::atomic<uint64_t>, kBucketCount> buckets{};
  std::atomic<uint64_t> count{0};
  std::atomic<uint64_t> sum_micros{0};
};

GatewayMetrics::GatewayMetrics(const RouteTable& routes,
                               const std::vector<std::string>& extra_routes) {
  auto add = [&](absl::string_view method, absl::string_view route) {
    auto& slot = series_[Key(method, route)];
    if (slot == nullptr) {
      slot = std::make_unique<Series>();
      slot->method = std::string(method);
      slot->route = std::string(route);
    }
  };
  std::vector<std::string> fixed = extra_routes;
  fixed.push_back("");
  for (const Route& route : routes.routes()) {
    add(route.http_method, route.path.text());
    fixed.push_back(route.path.text());  // other methods: 405, preflights
  }
  for (const std::string& route : fixed) {
    for (const char* method : kMethods) {
      add(method, route);
    }
  }
}

GatewayMetrics::~GatewayMetrics() = default;

GatewayMetrics::Series* GatewayMetrics::Find(absl::string_view method,
                                             absl::string_view route) const {
  auto it = series_.find(Key(method, route));
  if (it == series_.end()) {
    it = series_.find(Key("OTHER", route));
  }
  if (it == series_.end()) {
    it = series_.find(Key("OTHER", ""));
  }
  return it == series_.end() ? nullptr : it->second.get();
}

void GatewayMetrics::ConnectionOpened() {
  open_connections_.fetch_add(1, std::memory_order_relaxed);
  connections_total_.fetch_add(1, std::memory_order_relaxed);
}

void GatewayMetrics::ConnectionClosed() {
  open_connections_.fetch_sub(1, std::memory_order_relaxed);
}

void GatewayMetrics::RequestStarted() {
  in_flight_.fetch_add(1, std::memory_order_relaxed);
}

void GatewayMetrics::RequestFinished(absl::string_view method,
                                     absl::string_view route, unsigned status,
                                     absl::Duration elapsed, bool dispatched) {
  if (dispatched) {
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
  }
  Series* series = Find(method, route);
  if (series == nullptr) {
    return;
  }
  series->by_status[StatusSlot(status)].fetch_add(1, std::memory_order_relaxed);
  const double seconds = absl::ToDoubleSeconds(elapsed);
  for (size_t i = 0; i < kBucketCount; ++i) {
    if (seconds <= kBuckets[i]) {
      series->buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;  // cumulated when rendered
    }
  }
  series->count.fetch_add(1, std::memory_order_relaxed);
  series->sum_micros.fetch_add(static_cast<uint64_t>(std::max<int64_t>(
                                   0, absl::ToInt64Microseconds(elapsed))),
                               std::memory_order_relaxed);
}

void GatewayMetrics::BackendError(grpc::StatusCode code) {
  const size_t i = static_cast<size_t>(code);
  if (i < backend_errors_.size()) {
    backend_errors_[i].fetch_add(1, std::memory_order_relaxed);
  }
}

void GatewayMetrics::RateLimited() {
  rate_limited_.fetch_add(1, std::memory_order_relaxed);
}

void GatewayMetrics::AppendSeries(std::string* out_ptr) const {
  std::string& out = *out_ptr;
  // Sorted, so the output is stable.
  std::map<std::pair<std::string, std::string>, const Series*> sorted;
  for (const auto& [key, series] : series_) {
    if (series->count.load(std::memory_order_relaxed) > 0) {
      sorted[{series->route, series->method}] = series.get();
    }
  }
  out.append(
      "# HELP samen_gateway_http_requests_total HTTP requests by route "
      "template, method and status.\n"
      "# TYPE samen_gateway_http_requests_total counter\n");
  for (const auto& [key, series] : sorted) {
    for (size_t i = 0; i < kStatusSlots; ++i) {
      const uint64_t n = series->by_status[i].load(std::memory_order_relaxed);
      if (n == 0) {
        continue;
      }
      absl::StrAppend(
          &out, "samen_gateway_http_requests_total{route=\"",
          Escape(series->route), "\",method=\"", series->method, "\",status=\"",
          i < std::size(kStatuses) ? absl::StrCat(kStatuses[i]) : "other",
          "\"} ", n, "\n");
    }
  }
  out.append(
      "# HELP samen_gateway_http_request_duration_seconds Time from the "
      "request head to the end of the response.\n"
      "# TYPE samen_gateway_http_request_duration_seconds histogram\n");
  for (const auto& [key, series] : sorted) {
    const std::string labels =
        absl::StrCat("route=\"", Escape(series->route), "\",method=\"",
                     series->method, "\"");
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
      cumulative += series->buckets[i].load(std::memory_order_relaxed);
      absl::StrAppend(&out,
                      "samen_gateway_http_request_duration_seconds_bucket{",
                      labels, ",le=\"", absl::StrFormat("%g", kBuckets[i]),
                      "\"} ", cumulative, "\n");
    }
    const uint64_t count = series->count.load(std::memory_order_relaxed);
    absl::StrAppend(
        &out, "samen_gateway_http_request_duration_seconds_bucket{", labels,
        ",le=\"+Inf\"} ", count, "\n",
        "samen_gateway_http_request_duration_seconds_sum{", labels, "} ",
        absl::StrFormat(
            "%.6f", series->sum_micros.load(std::memory_order_relaxed) / 1e6),
        "\n", "samen_gateway_http_request_duration_seconds_count{", labels,
        "} ", count, "\n");
  }
}

std::string GatewayMetrics::Render() const {
  std::string out;
  AppendSeries(&out);
  absl::StrAppend(
      &out,
      "# HELP samen_gateway_http_requests_in_flight Requests being answered.\n"
      "# TYPE samen_gateway_http_requests_in_flight gauge\n"
      "samen_gateway_http_requests_in_flight ",
      in_flight_.load(std::memory_order_relaxed), "\n",
      "# HELP samen_gateway_open_connections Open client connections.\n"
      "# TYPE samen_gateway_open_connections gauge\n"
      "samen_gateway_open_connections ",
      open_connections_.load(std::memory_order_relaxed), "\n",
      "# HELP samen_gateway_connections_total Client connections accepted.\n"
      "# TYPE samen_gateway_connections_total counter\n"
      "samen_gateway_connections_total ",
      connections_total_.load(std::memory_order_relaxed), "\n",
      "# HELP samen_gateway_rate_limited_total Requests refused with 429 by "
      "the edge rate limit.\n"
      "# TYPE samen_gateway_rate_limited_total counter\n"
      "samen_gateway_rate_limited_total ",
      rate_limited_.load(std::memory_order_relaxed), "\n",
      "# HELP samen_gateway_backend_errors_total Failed backend calls by gRPC "
      "code.\n"
      "# TYPE samen_gateway_backend_errors_total counter\n");
  for (size_t i = 1; i < backend_errors_.size(); ++i) {
    absl::StrAppend(&out, "samen_gateway_backend_errors_total{code=\"",
                    CodeName(static_cast<absl::StatusCode>(i)), "\"} ",
                    backend_errors_[i].load(std::memory_order_relaxed), "\n");
  }
  return out;
}

}  // namespace samen::gateway

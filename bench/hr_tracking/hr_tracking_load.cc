// hr_tracking_load: the load client of bench/hr_tracking.sh. Keeps
// --concurrency blocking calls of one HR tracking method (--method=list,
// summarize or export) on --parent in flight, one thread each, for --seconds,
// then prints the line of bench/gateway_cost/grpc_load.cc plus the size of
// the last answer (rows, counts or CSV bytes):
//
//   requests/s 12.3 p50_ms 81.2 p99_ms 120.4 calls 123 errors 0 size 1451
//
// Exits 1 when the first call fails (wrong target, token or parent).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "grpcpp/grpcpp.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:9090", "samen-server address");
ABSL_FLAG(std::string, token, "", "bearer token (without 'Bearer ')");
ABSL_FLAG(std::string, parent, "organisations/-", "tracking parent");
ABSL_FLAG(std::string, method, "list", "list, summarize or export");
ABSL_FLAG(int, page_size, 500, "list: page size (the first page only)");
ABSL_FLAG(int, concurrency, 4, "calls in flight");
ABSL_FLAG(int, seconds, 10, "measured duration");

namespace {

namespace iv1 = ::samen::induction::v1;
using Clock = std::chrono::steady_clock;

// One call; returns the answer's size (rows, counts or bytes) or -1.
int64_t Call(iv1::InductionService::Stub& stub, const std::string& method) {
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + absl::GetFlag(FLAGS_token));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  const std::string parent = absl::GetFlag(FLAGS_parent);
  grpc::Status s;
  int64_t size = 0;
  if (method == "list") {
    iv1::ListStarterTrackingRequest req;
    req.set_parent(parent);
    req.set_page_size(absl::GetFlag(FLAGS_page_size));
    iv1::ListStarterTrackingResponse resp;
    s = stub.ListStarterTracking(&ctx, req, &resp);
    size = resp.rows_size();
  } else if (method == "summarize") {
    iv1::SummarizeStarterTrackingRequest req;
    req.set_parent(parent);
    iv1::SummarizeStarterTrackingResponse resp;
    s = stub.SummarizeStarterTracking(&ctx, req, &resp);
    size = resp.counts_size();
  } else {
    iv1::ExportStarterTrackingRequest req;
    req.set_parent(parent);
    google::api::HttpBody resp;
    s = stub.ExportStarterTracking(&ctx, req, &resp);
    size = static_cast<int64_t>(resp.data().size());
  }
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", method.c_str(), s.error_message().c_str());
    return -1;
  }
  return size;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string method = absl::GetFlag(FLAGS_method);
  if (method != "list" && method != "summarize" && method != "export") {
    std::fprintf(stderr, "--method: list, summarize or export\n");
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target),
                                     grpc::InsecureChannelCredentials());
  auto stub = iv1::InductionService::NewStub(channel);
  const int64_t first = Call(*stub, method);
  if (first < 0) {
    return 1;
  }
  std::mutex mu;
  std::vector<double> latencies_ms;
  std::atomic<int64_t> errors{0};
  std::atomic<int64_t> last_size{first};
  const auto end =
      Clock::now() + std::chrono::seconds(absl::GetFlag(FLAGS_seconds));
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int i = 0; i < absl::GetFlag(FLAGS_concurrency); ++i) {
    workers.emplace_back([&] {
      std::vector<double> mine;
      while (Clock::now() < end) {
        const auto t0 = Clock::now();
        const int64_t size = Call(*stub, method);
        const std::chrono::duration<double, std::milli> ms = Clock::now() - t0;
        if (size < 0) {
          ++errors;
        } else {
          last_size = size;
          mine.push_back(ms.count());
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  const std::chrono::duration<double> took = Clock::now() - start;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) {
    if (latencies_ms.empty()) {
      return 0.0;
    }
    return latencies_ms[static_cast<size_t>(p * (latencies_ms.size() - 1))];
  };
  std::printf(
      "requests/s %.1f p50_ms %.3f p99_ms %.3f calls %zu errors %lld size "
      "%lld\n",
      latencies_ms.size() / took.count(), pct(0.5), pct(0.99),
      latencies_ms.size(), static_cast<long long>(errors.load()),
      static_cast<long long>(last_size.load()));
  return 0;
}

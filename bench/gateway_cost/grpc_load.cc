// gateway_cost_grpc_load: the gRPC side of bench/gateway_cost.sh. Keeps
// --concurrency unary GetPartnership calls in flight on one channel (callback
// API; each completion starts the next call) for --seconds, then prints the
// rate and latency percentiles:
//
//   requests/s 12345.6 p50_ms 1.234 p99_ms 5.678 calls 246912 errors 0
//
// Exits 1 when the first call fails (wrong target, token or name).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:9090", "samen-server address");
ABSL_FLAG(std::string, token, "", "bearer token (without 'Bearer ')");
ABSL_FLAG(std::string, name, "partnerships/osof", "partnership to get");
ABSL_FLAG(int, concurrency, 64, "calls in flight");
ABSL_FLAG(int, seconds, 20, "measured duration");

namespace {

using samen::partners::v1::GetPartnershipRequest;
using samen::partners::v1::Partnership;
using samen::partners::v1::PartnersService;
using Clock = std::chrono::steady_clock;

class Load {
 public:
  Load(std::shared_ptr<grpc::Channel> channel, std::string token,
       std::string name, int concurrency)
      : stub_(PartnersService::NewStub(channel)),
        authorization_("Bearer " + token),
        workers_(concurrency) {
    request_.set_name(std::move(name));
  }

  // Runs until `deadline`; returns once every call in flight has finished.
  void Run(Clock::time_point deadline) {
    deadline_ = deadline;
    running_ = static_cast<int>(workers_.size());
    for (Worker& worker : workers_) {
      Start(&worker);
    }
    done_.WaitForNotification();
  }

  std::vector<int64_t> Latencies() const {
    std::vector<int64_t> all;
    for (const Worker& worker : workers_) {
      all.insert(all.end(), worker.latencies_us.begin(),
                 worker.latencies_us.end());
    }
    return all;
  }
  int64_t errors() const { return errors_.load(); }
  const std::string& first_error() const { return first_error_; }

 private:
  struct Worker {
    std::unique_ptr<grpc::ClientContext> context;
    Partnership response;
    Clock::time_point started;
    std::vector<int64_t> latencies_us;
  };

  void Start(Worker* worker) {
    worker->context = std::make_unique<grpc::ClientContext>();
    worker->context->AddMetadata("authorization", authorization_);
    worker->context->set_deadline(std::chrono::system_clock::now() +
                                  std::chrono::seconds(10));
    worker->started = Clock::now();
    stub_->async()->GetPartnership(
        worker->context.get(), &request_, &worker->response,
        [this, worker](grpc::Status status) { Done(worker, status); });
  }

  // Calls of one worker never overlap, so its vector needs no lock.
  void Done(Worker* worker, const grpc::Status& status) {
    const Clock::time_point now = Clock::now();
    if (status.ok()) {
      worker->latencies_us.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(now -
                                                                worker->started)
              .count());
    } else if (errors_.fetch_add(1) == 0) {
      absl::MutexLock lock(&mu_);
      first_error_ = status.error_message();
    }
    if (now < deadline_) {
      Start(worker);
    } else if (running_.fetch_sub(1) == 1) {
      done_.Notify();
    }
  }

  std::unique_ptr<PartnersService::Stub> stub_;
  const std::string authorization_;
  GetPartnershipRequest request_;
  std::vector<Worker> workers_;
  Clock::time_point deadline_;
  std::atomic<int> running_{0};
  std::atomic<int64_t> errors_{0};
  absl::Mutex mu_;
  std::string first_error_;
  absl::Notification done_;
};

double Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  const size_t index =
      std::min(sorted.size() - 1,
               static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[index]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  grpc::ChannelArguments args;
  auto channel = grpc::CreateCustomChannel(
      absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials(), args);
  {
    // One call first, so a misconfiguration is an error, not a zero rate.
    auto stub = PartnersService::NewStub(channel);
    grpc::ClientContext context;
    context.AddMetadata("authorization",
                        "Bearer " + absl::GetFlag(FLAGS_token));
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    GetPartnershipRequest request;
    request.set_name(absl::GetFlag(FLAGS_name));
    Partnership response;
    grpc::Status status = stub->GetPartnership(&context, request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "warm-up call failed: %d %s\n",
                   static_cast<int>(status.error_code()),
                   status.error_message().c_str());
      return 1;
    }
  }
  Load load(channel, absl::GetFlag(FLAGS_token), absl::GetFlag(FLAGS_name),
            std::max(1, absl::GetFlag(FLAGS_concurrency)));
  const Clock::time_point start = Clock::now();
  load.Run(start + std::chrono::seconds(absl::GetFlag(FLAGS_seconds)));
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<int64_t> latencies = load.Latencies();
  std::sort(latencies.begin(), latencies.end());
  std::printf("requests/s %.1f p50_ms %.3f p99_ms %.3f calls %zu errors %lld\n",
              static_cast<double>(latencies.size()) / elapsed,
              Percentile(latencies, 0.50), Percentile(latencies, 0.99),
              latencies.size(), static_cast<long long>(load.errors()));
  if (load.errors() > 0) {
    std::fprintf(stderr, "first error: %s\n", load.first_error().c_str());
  }
  return 0;
}

#include "services/bench/bench_module.h"

#include "services/bench/bench_handler.h"
#include "services/common/call.h"
#include "services/common/executor.h"

namespace samen::bench {
namespace {

class BenchModule final : public ServiceModule {
 public:
  explicit BenchModule(const ModuleOptions& options)
      : executor_(options.mysql.pool_size, options.max_queue),
        runtime_(options.verifier, &executor_),
        handler_(&runtime_) {}

  std::string name() const override { return "bench"; }
  std::string grpc_service_name() const override {
    return v1::BenchService::service_full_name();
  }
  grpc::Service* service() override { return &handler_; }
  absl::Status CheckHealth(absl::Time) override { return absl::OkStatus(); }

 private:
  Executor executor_;
  CallRuntime runtime_;
  BenchHandler handler_;
};

}  // namespace

std::unique_ptr<ServiceModule> CreateBenchModule(const ModuleOptions& options) {
  return std::make_unique<BenchModule>(options);
}

}  // namespace samen::bench

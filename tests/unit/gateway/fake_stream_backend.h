#pragma once

// A test double of samen.gateway.testing.StreamService (gateway_test.proto) for
// the gateway's socket tests: a server stream, an HttpBody response and a
// write without request_id, on an in-process gRPC server on 127.0.0.1.

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "gateway_test.grpc.pb.h"
#include "grpcpp/server.h"

namespace samen::gateway::testing {

class FakeStreamBackend final
    : public samen::gateway::testing::StreamService::Service {
 public:
  FakeStreamBackend();
  ~FakeStreamBackend() override;

  std::string address() const { return address_; }
  // Streams that ended because the client cancelled them.
  int cancelled_streams() const;
  // Streams in progress.
  int open_streams() const;

  grpc::Status WatchThings(grpc::ServerContext* context,
                           const Everything* request,
                           grpc::ServerWriter<Everything>* writer) override;
  grpc::Status ExportThings(grpc::ServerContext* context,
                            const Everything* request,
                            google::api::HttpBody* response) override;
  grpc::Status Ping(grpc::ServerContext* context, const Everything* request,
                    Everything* response) override;

 private:
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  mutable absl::Mutex mu_;
  int cancelled_ ABSL_GUARDED_BY(mu_) = 0;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace samen::gateway::testing

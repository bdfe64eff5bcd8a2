#pragma once

// What the benchmarks' gRPC clients share: a call context carrying a bearer
// token and a deadline.

#include <chrono>
#include <memory>
#include <string>

#include "grpcpp/client_context.h"

namespace samen::bench {

inline std::unique_ptr<grpc::ClientContext> As(
    const std::string& token,
    std::chrono::seconds deadline = std::chrono::seconds(30)) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + deadline);
  return ctx;
}

}  // namespace samen::bench

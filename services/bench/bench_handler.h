#pragma once

// gRPC surface of the bench service: Echo, with no database behind it, run
// through CallRuntime::ServePublic like every other RPC (token check when a
// token is sent, deadline, request id, the bounded executor), so that a call
// through the gateway shows the request path's own cost.

#include "samen/bench/v1/bench.grpc.pb.h"
#include "services/common/call.h"

namespace samen::bench {

class BenchHandler final : public v1::BenchService::CallbackService {
 public:
  explicit BenchHandler(CallRuntime* runtime) : runtime_(runtime) {}

  SAMEN_UNARY_RPC(Echo, v1::EchoRequest, v1::EchoResponse);

 private:
  CallRuntime* runtime_;
};

}  // namespace samen::bench

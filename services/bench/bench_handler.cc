#include "services/bench/bench_handler.h"

#include "services/common/resource/text.h"
#include "services/common/status_macros.h"

namespace samen::bench {

namespace {
constexpr size_t kMaxMessageChars = 1024;
}  // namespace

grpc::ServerUnaryReactor* BenchHandler::Echo(grpc::CallbackServerContext* ctx,
                                             const v1::EchoRequest* req,
                                             v1::EchoResponse* resp) {
  return runtime_->ServePublic(
      ctx, "Echo", req, resp,
      [](const CallContext&, const auto& req, auto* resp) -> absl::Status {
        RETURN_IF_ERROR(resource::ValidateText(req.message(), "message",
                                               kMaxMessageChars, false));
        resp->set_message(req.message());
        return absl::OkStatus();
      });
}

}  // namespace samen::bench

#include "gateway/idempotency/idempotency_filter.h"

#include <memory>
#include <string>

#include "gateway/idempotency/idempotency_key.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

absl::Status ApplyKey(const Exchange& exchange,
                      google::protobuf::Message& message) {
  const std::string value = exchange.Header(kIdempotencyKeyHeader);
  if (exchange.success.is_get || value.empty()) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const std::string key, ParseIdempotencyKey(value));
  return ApplyIdempotencyKey(key, &message);
}

class Idempotency : public Filter {
 public:
  std::optional<Reply> OnMessage(Exchange& exchange,
                                 google::protobuf::Message& message) override {
    if (absl::Status s = ApplyKey(exchange, message); !s.ok()) {
      return RefusalReply(exchange, s);
    }
    return std::nullopt;
  }
};

}  // namespace

FilterFactory IdempotencyFilter() {
  return [] { return std::make_unique<Idempotency>(); };
}

}  // namespace samen::gateway

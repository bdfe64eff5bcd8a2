#include "gateway/etag/etag_filter.h"

#include <memory>
#include <string>

#include "gateway/etag/etag.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

absl::Status ApplyConditions(Exchange& exchange,
                             google::protobuf::Message& message) {
  const bool is_get = exchange.success.is_get;
  if (const std::string value = exchange.Header(http::field::if_none_match);
      is_get && !value.empty()) {
    ASSIGN_OR_RETURN(exchange.success.if_none_match,
                     ParseEntityTags(value, "If-None-Match"));
  }
  if (const std::string value = exchange.Header(http::field::if_match);
      !is_get && !value.empty()) {
    ASSIGN_OR_RETURN(const EntityTagList tags,
                     ParseEntityTags(value, "If-Match"));
    RETURN_IF_ERROR(ApplyIfMatch(*exchange.route(), tags, &message));
    exchange.reasons.if_match = true;
  }
  return absl::OkStatus();
}

class Etag : public Filter {
 public:
  std::optional<Reply> OnMessage(Exchange& exchange,
                                 google::protobuf::Message& message) override {
    const absl::Status status = ApplyConditions(exchange, message);
    if (status.ok()) {
      return std::nullopt;
    }
    Problem problem = ProblemFromStatus(status);
    if (status.code() == absl::StatusCode::kFailedPrecondition) {
      problem.reason = "ETAG_MISMATCH";  // If-Match that cannot hold
      ApplyReasonMapping(ReasonContext{true}, &problem);
    }
    return ProblemReply(problem, exchange.context, exchange.route_name());
  }
};

}  // namespace

FilterFactory EtagFilter() {
  return [] { return std::make_unique<Etag>(); };
}

}  // namespace samen::gateway

#pragma once

// The HTTP answers the gateway builds: problem+json replies, the reply for a
// successful backend call (ETag and 304, `fields=`, HttpBody, 201 + Location,
// 204) and for a failed one (reason mapping, Retry-After).

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/etag/etag.h"
#include "gateway/fields/field_filter.h"
#include "gateway/http_server.h"
#include "gateway/problem.h"
#include "gateway/route_table.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/status.h"

namespace samen::gateway {

inline constexpr char kJsonContentType[] = "application/json; charset=utf-8";

Reply ProblemReply(const Problem& problem, const RequestContext& context,
                   std::string route);

// 405 with `Allow: allowed` for `method`, as a problem body.
Reply MethodNotAllowedReply(const RequestContext& context,
                            absl::string_view method,
                            const std::string& allowed, std::string route);
Reply StatusReply(const absl::Status& status, const RequestContext& context,
                  std::string route);

// What shapes a successful answer besides the message.
struct SuccessOptions {
  // GET with If-None-Match.
  std::optional<EntityTagList> if_none_match;
  // ?fields=
  std::optional<FieldFilter> fields;
  bool is_get = false;
  // The request carried credentials: the answer is the caller's own.
  bool authenticated = false;
};

Reply SuccessReply(const Route& route, const grpc::ByteBuffer& bytes,
                   const RequestContext& context,
                   const SuccessOptions& options);

// The problem for a failed backend call (logged when it is the backend's
// fault), after the reason mapping.
Problem FailureProblem(const Route& route, const grpc::Status& status,
                       const RequestContext& context, absl::Duration timeout,
                       const ReasonContext& reasons);
Reply FailureReply(const Problem& problem, const RequestContext& context,
                   const Route& route);

}  // namespace samen::gateway

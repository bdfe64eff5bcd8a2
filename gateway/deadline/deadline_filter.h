#pragma once

// The deadline filter: the backend call's deadline from X-Request-Timeout
// (seconds, which may only shorten it), the request timeout for unary calls
// (never beyond max_request_timeout) and the stream timeout for server
// streams. A malformed header answers 400.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/filter.h"

namespace samen::gateway {

inline constexpr char kTimeoutHeader[] = "X-Request-Timeout";

struct DeadlineOptions {
  // Deadline of a unary call when the client asks for none.
  absl::Duration request_timeout = absl::Seconds(30);
  // No unary deadline is ever longer than this.
  absl::Duration max_request_timeout = absl::Seconds(60);
  // Deadline of a server stream when the client asks for none.
  absl::Duration stream_timeout = absl::Minutes(10);
};

// The deadline for a call; INVALID_ARGUMENT naming X-Request-Timeout when
// the `header` is there but not a positive number of seconds.
absl::StatusOr<absl::Duration> CallTimeout(
    const DeadlineOptions& options, bool server_streaming,
    std::optional<absl::string_view> header);

FilterFactory DeadlineFilter(DeadlineOptions options);

}  // namespace samen::gateway

#pragma once

// Idempotent retries at the edge (AIP-155 and the IETF Idempotency-Key
// header): `Idempotency-Key: <key>` on a write sets the request message's
// `request_id`. The services keep each outcome per (caller, method,
// request_id) in MySQL, so a retry on any gateway or service replica returns
// the first response. Their refusals carry ErrorInfo reasons that problem.h
// maps to HTTP: IDEMPOTENCY_KEY_REUSED -> 422, IDEMPOTENCY_KEY_IN_USE -> 409.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace samen::gateway {

inline constexpr absl::string_view kIdempotencyKeyHeader = "Idempotency-Key";

// The key in an Idempotency-Key value: 1-255 printable ASCII characters, bare
// or as a Structured Field string ("..."). INVALID_ARGUMENT naming the header
// otherwise.
absl::StatusOr<std::string> ParseIdempotencyKey(absl::string_view value);

// Sets `request_id` of `request` to `key`. INVALID_ARGUMENT naming the header
// when the message has no request_id (the RPC is not idempotent-by-key) or the
// request already carries a different one.
absl::Status ApplyIdempotencyKey(absl::string_view key,
                                 google::protobuf::Message* request);

}  // namespace samen::gateway

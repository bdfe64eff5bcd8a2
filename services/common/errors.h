#pragma once

// Errors inside Samen are absl::Status; this is the one place they become
// grpc::Status.
//
// Bad input names the field: InvalidField("partnership.display_name", "is
// required") gives INVALID_ARGUMENT "partnership.display_name: is required" and
// carries a google.rpc.BadRequest field violation, which the gateway turns into
// `field_violations` of its problem+json body. A machine-readable reason
// (google.rpc.ErrorInfo, domain "samen.dev") can be attached with WithReason.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace samen {

// INVALID_ARGUMENT for one field, with a BadRequest field violation.
absl::Status InvalidField(absl::string_view field,
                          absl::string_view description);

// One field and what is wrong with it, for WithFieldViolations.
struct FieldViolation {
  std::string field;
  std::string description;
};

// Returns `status` (of any code, e.g. FAILED_PRECONDITION "not complete yet")
// with a BadRequest naming each field, so a form can mark them.
absl::Status WithFieldViolations(absl::Status status,
                                 const std::vector<FieldViolation>& fields);

// NOT_FOUND "<name> does not exist" for the resource `name` ("programmes/p1").
absl::Status ResourceNotFound(absl::string_view name);

// Returns `status` with a google.rpc.RetryInfo attached: when to try again
// (the gateway's Retry-After), rounded up to whole seconds, at least one.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// Returns `status` with an ErrorInfo reason such as "ETAG_MISMATCH" attached.
absl::Status WithReason(absl::Status status, absl::string_view reason);

// Converts to grpc::Status, packing field violations and the reason into the
// standard google.rpc.Status details. INTERNAL and UNKNOWN messages are
// replaced by a generic text (their detail is logged by the caller, never
// sent).
grpc::Status ToGrpcStatus(const absl::Status& status);

// The inverse, for clients of other services: keeps code, message and details.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace samen

#pragma once

// Errors as HTTP sees them: the gRPC status code -> HTTP status mapping, and
// RFC 9457 problem details (`application/problem+json`) built from a backend's
// grpc::Status (with google.rpc.BadRequest / ErrorInfo details) or from the
// gateway's own errors.
//
//   {"type": "https://samen.dev/problems/invalid-argument", "title": "Invalid
//   argument",
//    "status": 400, "detail": "...", "code": "INVALID_ARGUMENT", "reason":
//    "...", "field_violations": [{"field": "page_size", "description": "..."}],
//    "request_id": "..."}

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace samen::gateway {

inline constexpr absl::string_view kProblemContentType =
    "application/problem+json";
inline constexpr absl::string_view kProblemTypePrefix =
    "https://samen.dev/problems/";

// The HTTP status for a gRPC status code (the mapping of google/rpc/code.proto;
// OK is 200, CANCELLED the de-facto 499).
int HttpStatusForCode(absl::StatusCode code);
// "INVALID_ARGUMENT".
std::string CodeName(absl::StatusCode code);
// "Invalid argument".
std::string CodeTitle(absl::StatusCode code);

struct FieldViolation {
  std::string field;
  std::string description;
};

struct Problem {
  int http_status = 500;
  // Last part of the `type` URI, e.g. "invalid-argument" or
  // "method-not-allowed".
  std::string type;
  std::string title;
  std::string code;  // gRPC code name
  std::string detail;
  std::string reason;  // google.rpc.ErrorInfo.reason, if any
  std::vector<FieldViolation> field_violations;
  // > 0: send Retry-After with this many seconds.
  int retry_after_seconds = 0;
};

// What the reason mapping needs to know about the request.
struct ReasonContext {
  // The etag compared came from If-Match (not from the body or the query).
  bool if_match = false;
};

// The one place where an ErrorInfo reason changes the HTTP status:
//   IDEMPOTENCY_KEY_REUSED  -> 422 (same Idempotency-Key, different request)
//   IDEMPOTENCY_KEY_IN_USE  -> 409 + Retry-After: 1 (the first still runs)
//   SYNC_TOKEN_EXPIRED      -> 410 (start the sync over)
//   ETAG_MISMATCH           -> 412 when If-Match supplied the etag, else 409
// Other reasons keep the status of their gRPC code.
void ApplyReasonMapping(const ReasonContext& context, Problem* problem);

// A problem for a gRPC code: status, type, title and code filled in from the
// code.
Problem ProblemForCode(absl::StatusCode code, std::string detail);

// From a backend's status: code, message, and the google.rpc.Status details the
// backend put in the binary trailer (BadRequest field violations, ErrorInfo
// reason).
Problem ProblemFromGrpcStatus(const grpc::Status& status);

// From a gateway-side status; field violations come from a
// google.rpc.BadRequest payload as attached by InvalidFieldError().
Problem ProblemFromStatus(const absl::Status& status);

// INVALID_ARGUMENT "<field>: <description>" carrying a BadRequest payload that
// names `field`, so the problem body lists it under field_violations.
absl::Status InvalidFieldError(absl::string_view field,
                               absl::string_view description);

// The problem+json document.
std::string ProblemJson(const Problem& problem, absl::string_view request_id);

}  // namespace samen::gateway

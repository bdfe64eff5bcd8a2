#include "gateway/problem.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/types/optional.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "samen/rpc/error_info.pb.h"
#include "services/common/logging.h"

namespace samen::gateway {
namespace {

constexpr char kBadRequestTypeUrl[] =
    "type.googleapis.com/google.rpc.BadRequest";

void AppendJsonString(absl::string_view value, std::string* out) {
  out->push_back('"');
  log::AppendJsonEscaped(value, out);
  out->push_back('"');
}

void AddBadRequest(const google::rpc::BadRequest& bad_request,
                   Problem* problem) {
  for (const auto& violation : bad_request.field_violations()) {
    problem->field_violations.push_back(
        {violation.field(), violation.description()});
  }
}

}  // namespace

int HttpStatusForCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kUnknown:
      return 500;
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kFailedPrecondition:
      return 400;
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kInternal:
      return 500;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDataLoss:
      return 500;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    default:
      return 500;
  }
}

std::string CodeName(absl::StatusCode code) {
  // absl prints e.g. "INVALID_ARGUMENT"; unknown numbers print as a number.
  std::string name = absl::StatusCodeToString(code);
  if (name.empty() || absl::ascii_isdigit(name[0])) {
    return "UNKNOWN";
  }
  return name;
}

std::string CodeTitle(absl::StatusCode code) {
  std::string title = absl::AsciiStrToLower(CodeName(code));
  absl::StrReplaceAll({{"_", " "}}, &title);
  title[0] = absl::ascii_toupper(title[0]);
  return title;
}

Problem ProblemForCode(absl::StatusCode code, std::string detail) {
  Problem problem;
  problem.http_status = HttpStatusForCode(code);
  problem.code = CodeName(code);
  problem.title = CodeTitle(code);
  std::string type = absl::AsciiStrToLower(problem.code);
  absl::StrReplaceAll({{"_", "-"}}, &type);
  problem.type = std::move(type);
  problem.detail = std::move(detail);
  return problem;
}

Problem ProblemFromGrpcStatus(const grpc::Status& status) {
  Problem problem =
      ProblemForCode(static_cast<absl::StatusCode>(status.error_code()),
                     status.error_message());
  google::rpc::Status rpc_status;
  if (status.error_details().empty() ||
      !rpc_status.ParseFromString(status.error_details())) {
    return problem;
  }
  if (problem.detail.empty()) {
    problem.detail = rpc_status.message();
  }
  for (const google::protobuf::Any& any : rpc_status.details()) {
    google::rpc::BadRequest bad_request;
    google::rpc::ErrorInfo error_info;
    google::rpc::RetryInfo retry_info;
    if (any.Is<google::rpc::BadRequest>() && any.UnpackTo(&bad_request)) {
      AddBadRequest(bad_request, &problem);
    } else if (any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&error_info)) {
      problem.reason = error_info.reason();
    } else if (any.Is<google::rpc::RetryInfo>() && any.UnpackTo(&retry_info)) {
      // The service's own estimate of when trying again can succeed.
      problem.retry_after_seconds = static_cast<int>(
          std::clamp<int64_t>(retry_info.retry_delay().seconds(), 1, 3600));
    }
  }
  return problem;
}

Problem ProblemFromStatus(const absl::Status& status) {
  Problem problem =
      ProblemForCode(status.code(), std::string(status.message()));
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  google::rpc::BadRequest bad_request;
  if (payload.has_value() &&
      bad_request.ParseFromString(std::string(*payload))) {
    AddBadRequest(bad_request, &problem);
  }
  return problem;
}

void ApplyReasonMapping(const ReasonContext& context, Problem* problem) {
  auto set = [&](int status, absl::string_view type, absl::string_view title) {
    problem->http_status = status;
    problem->type = std::string(type);
    problem->title = std::string(title);
  };
  if (problem->reason == "IDEMPOTENCY_KEY_REUSED") {
    set(422, "idempotency-key-reused", "Idempotency key reused");
  } else if (problem->reason == "IDEMPOTENCY_KEY_IN_USE") {
    set(409, "idempotency-key-in-use", "Idempotency key in use");
    problem->retry_after_seconds = 1;
  } else if (problem->reason == "PAYLOAD_TOO_LARGE") {
    set(413, "payload-too-large", "Payload too large");
  } else if (problem->reason == "UNSUPPORTED_MEDIA_TYPE") {
    set(415, "unsupported-media-type", "Unsupported media type");
  } else if (problem->reason == "SYNC_TOKEN_EXPIRED") {
    set(410, "sync-token-expired", "Sync token expired");
  } else if (problem->reason == "ETAG_MISMATCH" && context.if_match) {
    set(412, "precondition-failed", "Precondition failed");
  }
}

absl::Status InvalidFieldError(absl::string_view field,
                               absl::string_view description) {
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat("\"", field, "\": ", description));
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(description));
  status.SetPayload(kBadRequestTypeUrl,
                    absl::Cord(bad_request.SerializeAsString()));
  return status;
}

std::string ProblemJson(const Problem& problem, absl::string_view request_id) {
  std::string out = "{\"type\":";
  AppendJsonString(absl::StrCat(kProblemTypePrefix, problem.type), &out);
  out.append(",\"title\":");
  AppendJsonString(problem.title, &out);
  absl::StrAppend(&out, ",\"status\":", problem.http_status);
  if (!problem.detail.empty()) {
    out.append(",\"detail\":");
    AppendJsonString(problem.detail, &out);
  }
  out.append(",\"code\":");
  AppendJsonString(problem.code, &out);
  if (!problem.reason.empty()) {
    out.append(",\"reason\":");
    AppendJsonString(problem.reason, &out);
  }
  if (!problem.field_violations.empty()) {
    out.append(",\"field_violations\":[");
    for (size_t i = 0; i < problem.field_violations.size(); ++i) {
      if (i > 0) {
        out.push_back(',');
      }
      out.append("{\"field\":");
      AppendJsonString(problem.field_violations[i].field, &out);
      out.append(",\"description\":");
      AppendJsonString(problem.field_violations[i].description, &out);
      out.push_back('}');
    }
    out.push_back(']');
  }
  if (!request_id.empty()) {
    out.append(",\"request_id\":");
    AppendJsonString(request_id, &out);
  }
  out.push_back('}');
  return out;
}

}  // namespace samen::gateway

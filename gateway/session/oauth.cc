#include "gateway/session/oauth.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gateway/session/form.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "samen/rpc/error_info.pb.h"
#include "services/common/logging.h"

namespace samen::gateway::session {
namespace {

void AppendMember(absl::string_view name, absl::string_view value,
                  std::string* out) {
  absl::StrAppend(out, out->size() > 1 ? "," : "", "\"", name, "\":\"");
  log::AppendJsonEscaped(value, out);
  out->push_back('"');
}

std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  if (status.error_details().empty() ||
      !rpc_status.ParseFromString(status.error_details())) {
    return "";
  }
  for (const google::protobuf::Any& any : rpc_status.details()) {
    google::rpc::ErrorInfo info;
    if (any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return "";
}

std::string ErrorForCode(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAUTHENTICATED:
      return "invalid_client";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "unauthorized_client";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "invalid_grant";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "unsupported_grant_type";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "invalid_request";
    default:
      return "server_error";
  }
}

}  // namespace

absl::StatusOr<identity::v1::IssueTokenRequest> TokenRequestFrom(
    const std::map<std::string, std::string>& form,
    absl::string_view authorization) {
  auto param = [&form](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  identity::v1::IssueTokenRequest request;
  request.set_grant_type(param("grant_type"));
  request.set_refresh_token(param("refresh_token"));
  request.set_subject_token(param("subject_token"));
  request.set_subject_token_type(param("subject_token_type"));
  request.set_requested_token_type(param("requested_token_type"));
  request.set_scope(param("scope"));
  request.set_audience(param("audience").empty() ? param("resource")
                                                 : param("audience"));
  absl::StatusOr<std::optional<BasicCredentials>> basic =
      ParseBasicAuth(authorization);
  if (!basic.ok()) {
    return basic.status();
  }
  const bool in_form = form.count("client_id") > 0;
  if (basic->has_value() && (in_form || form.count("client_secret") > 0)) {
    return absl::InvalidArgumentError(
        "the client authenticates with HTTP Basic or with client_id and "
        "client_secret in the form, not both");
  }
  if (basic->has_value()) {
    request.set_client_id((*basic)->id);
    request.set_client_secret((*basic)->secret);
    request.set_client_auth_method("basic");
  } else if (in_form) {
    request.set_client_id(param("client_id"));
    request.set_client_secret(param("client_secret"));
    request.set_client_auth_method(form.count("client_secret") > 0 ? "post"
                                                                   : "");
  } else if (form.count("client_secret") > 0) {
    return absl::InvalidArgumentError("client_secret without client_id");
  }
  return request;
}

OAuthError OAuthErrorFromStatus(const grpc::Status& status, bool used_basic) {
  OAuthError error;
  error.description = status.error_message();
  const grpc::StatusCode code = status.error_code();
  if (code == grpc::StatusCode::UNAVAILABLE ||
      code == grpc::StatusCode::DEADLINE_EXCEEDED ||
      code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
    error.http_status = 503;
    error.error = "temporarily_unavailable";
    error.description = "the authorization server is temporarily unavailable";
    return error;
  }
  error.error = ReasonOf(status);
  if (error.error.empty()) {
    error.error = ErrorForCode(code);
  }
  if (error.error == "server_error") {
    error.http_status = 500;
  } else if (error.error == "invalid_client" && used_basic) {
    error.http_status = 401;
    error.basic_challenge = true;
  }
  return error;
}

OAuthError InvalidRequest(absl::string_view description) {
  OAuthError error;
  error.error = "invalid_request";
  error.description = std::string(description);
  return error;
}

std::string OAuthErrorJson(const OAuthError& error) {
  std::string out = "{";
  AppendMember("error", error.error, &out);
  if (!error.description.empty()) {
    AppendMember("error_description", error.description, &out);
  }
  out.push_back('}');
  return out;
}

std::string TokenResponseJson(const identity::v1::IssueTokenResponse& token) {
  std::string out = "{";
  AppendMember("access_token", token.access_token(), &out);
  AppendMember("token_type",
               token.token_type().empty() ? "Bearer" : token.token_type(),
               &out);
  absl::StrAppend(&out, ",\"expires_in\":", token.expires_in());
  if (!token.refresh_token().empty()) {
    AppendMember("refresh_token", token.refresh_token(), &out);
  }
  if (!token.issued_token_type().empty()) {
    AppendMember("issued_token_type", token.issued_token_type(), &out);
  }
  if (!token.scope().empty()) {
    AppendMember("scope", token.scope(), &out);
  }
  out.push_back('}');
  return out;
}

}  // namespace samen::gateway::session

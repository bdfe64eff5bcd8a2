#include "gateway/replies.h"

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "gateway/byte_buffers.h"
#include "gateway/transcoder.h"
#include "services/common/logging.h"
#include "services/common/resource/fnv1a.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const Message& Rendered(const Route& route, const Message& response) {
  return route.response_body_field != nullptr
             ? response.GetReflection()->GetMessage(response,
                                                    route.response_body_field)
             : response;
}

// google.api.HttpBody: its bytes as they are, with its content type.
Reply HttpBodyReply(const Route& route, const Message& body) {
  const Descriptor* type = body.GetDescriptor();
  const auto* reflection = body.GetReflection();
  const FieldDescriptor* content_type = type->FindFieldByName("content_type");
  const FieldDescriptor* data = type->FindFieldByName("data");
  std::string mime =
      content_type == nullptr ? "" : reflection->GetString(body, content_type);
  if (mime.empty()) {
    mime = "application/octet-stream";
  }
  return Reply(
      MakeResponse(200, mime,
                   data == nullptr ? "" : reflection->GetString(body, data)),
      route.path.text());
}

void SetLocation(const Route& route, const Message& response, Reply* reply) {
  const auto* name_field = response.GetDescriptor()->FindFieldByName("name");
  if (name_field == nullptr ||
      name_field->type() != FieldDescriptor::TYPE_STRING ||
      name_field->is_repeated()) {
    return;
  }
  const std::string name =
      response.GetReflection()->GetString(response, name_field);
  const std::string version = route.path.FirstLiteral();
  if (!name.empty()) {
    reply->response.set(http::field::location,
                        version.empty()
                            ? absl::StrCat("/", name)
                            : absl::StrCat("/", version, "/", name));
  }
}

}  // namespace

Reply ProblemReply(const Problem& problem, const RequestContext& context,
                   std::string route) {
  Reply reply(MakeResponse(static_cast<unsigned>(problem.http_status),
                           std::string(kProblemContentType),
                           ProblemJson(problem, context.request_id)),
              std::move(route));
  if (problem.retry_after_seconds > 0) {
    reply.response.set(http::field::retry_after,
                       absl::StrCat(problem.retry_after_seconds));
  }
  return reply;
}

Reply MethodNotAllowedReply(const RequestContext& context,
                            absl::string_view method,
                            const std::string& allowed, std::string route) {
  Problem problem = ProblemForCode(
      absl::StatusCode::kUnimplemented,
      absl::StrCat(method, " is not supported here; use ", allowed));
  problem.http_status = 405;
  problem.type = "method-not-allowed";
  problem.title = "Method not allowed";
  Reply reply = ProblemReply(problem, context, std::move(route));
  reply.response.set(boost::beast::http::field::allow, allowed);
  return reply;
}

Reply StatusReply(const absl::Status& status, const RequestContext& context,
                  std::string route) {
  return ProblemReply(ProblemFromStatus(status), context, std::move(route));
}

// A google.protobuf.Timestamp as an HTTP-date (RFC 9110 §5.6.7), for
// Last-Modified; "" when unset.
std::string HttpDateOf(const Message& timestamp) {
  const int64_t seconds = timestamp.GetReflection()->GetInt64(
      timestamp, timestamp.GetDescriptor()->FindFieldByName("seconds"));
  if (seconds <= 0) {
    return "";
  }
  return FormatHttpDate(absl::FromUnixSeconds(seconds));
}

// Every GET answer gets a validator and a cache policy (RFC 9111): the
// resource's own ETag where it has an `etag` field, else a strong one from the
// body; If-None-Match that matches it turns the answer into 304.
constexpr absl::string_view kPrivateCacheControl = "private, no-cache";

std::string CacheControl(const Route& route, const SuccessOptions& options) {
  if (options.authenticated || route.public_cache_control.empty()) {
    return std::string(kPrivateCacheControl);
  }
  return route.public_cache_control;
}

Reply NotModified(const Route& route, const std::optional<std::string>& etag,
                  const std::string& cache_control) {
  Reply not_modified(MakeResponse(304, "", ""), route.path.text());
  not_modified.response.content_length(boost::none);
  if (etag.has_value()) {
    not_modified.response.set(http::field::etag, *etag);
  }
  not_modified.response.set(http::field::cache_control, cache_control);
  return not_modified;
}

// A GET reply without the resource's ETag: a strong one from its body (it
// changes whenever a byte does), and 304 when If-None-Match matches it.
Reply WithBodyValidator(const Route& route, const SuccessOptions& options,
                        Reply reply) {
  const std::string cache_control = CacheControl(route, options);
  if (reply.response.find(http::field::etag) == reply.response.end()) {
    const std::string opaque =
        absl::StrFormat("b%016x", resource::Fnv1a(reply.response.body()));
    if (options.if_none_match.has_value() &&
        IfNoneMatchMatches(*options.if_none_match, opaque)) {
      return NotModified(route, StrongETag(opaque), cache_control);
    }
    reply.response.set(http::field::etag, *StrongETag(opaque));
  }
  reply.response.set(http::field::cache_control, cache_control);
  return reply;
}

Reply SuccessReply(const Route& route, const grpc::ByteBuffer& bytes,
                   const RequestContext& context,
                   const SuccessOptions& options) {
  std::unique_ptr<Message> response = NewResponseMessage(route);
  if (!response->ParseFromString(FromByteBuffer(bytes))) {
    log::Error(
        "backend response does not parse",
        {{"method", route.grpc_method}, {"request_id", context.request_id}});
    return StatusReply(
        absl::InternalError("the backend sent a malformed response"), context,
        route.path.text());
  }
  const ResponseTraits& traits = route.response;
  if (traits.success_status == 204) {
    return Reply(MakeResponse(204, "", ""), route.path.text());
  }
  const Message& rendered = Rendered(route, *response);
  if (traits.http_body) {
    Reply reply = HttpBodyReply(route, rendered);
    return options.is_get ? WithBodyValidator(route, options, std::move(reply))
                          : reply;
  }
  // The validator describes the whole resource, whatever `fields` keeps.
  std::optional<std::string> etag;
  if (options.is_get) {
    const std::string current =
        traits.etag_field == nullptr
            ? ""
            : rendered.GetReflection()->GetString(rendered, traits.etag_field);
    etag = StrongETag(current);
    if (options.if_none_match.has_value() &&
        IfNoneMatchMatches(*options.if_none_match, current)) {
      return NotModified(route, etag, CacheControl(route, options));
    }
  }
  // Like the ETag, Last-Modified describes the whole resource.
  const std::string last_modified =
      options.is_get && traits.update_time_field != nullptr &&
              rendered.GetReflection()->HasField(rendered,
                                                 traits.update_time_field)
          ? HttpDateOf(rendered.GetReflection()->GetMessage(
                rendered, traits.update_time_field))
          : "";
  if (options.fields.has_value()) {
    options.fields->ApplyToResponse(route, response.get());
  }
  absl::StatusOr<std::string> json = RenderResponse(route, *response);
  if (!json.ok()) {
    return StatusReply(json.status(), context, route.path.text());
  }
  const bool created = traits.success_status == 201;
  Reply reply(
      MakeResponse(created ? 201 : 200, kJsonContentType, *std::move(json)),
      route.path.text());
  if (etag.has_value()) {
    reply.response.set(http::field::etag, *etag);
  }
  if (!last_modified.empty()) {
    reply.response.set(http::field::last_modified, last_modified);
  }
  if (created) {
    SetLocation(route, *response, &reply);
  }
  return options.is_get ? WithBodyValidator(route, options, std::move(reply))
                        : reply;
}

Problem FailureProblem(const Route& route, const grpc::Status& status,
                       const RequestContext& context, absl::Duration timeout,
                       const ReasonContext& reasons) {
  Problem problem = ProblemFromGrpcStatus(status);
  const bool transport = status.error_details().empty();
  if (transport && status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    log::Warning("backend unavailable", {{"method", route.grpc_method},
                                         {"error", status.error_message()},
                                         {"request_id", context.request_id}});
    problem.detail = "the service is temporarily unavailable; retry later";
  } else if (transport &&
             status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    problem.detail = absl::StrCat("the service did not answer within ",
                                  absl::FormatDuration(timeout));
  } else if (problem.http_status >= 500) {
    log::Warning("backend error", {{"method", route.grpc_method},
                                   {"code", problem.code},
                                   {"error", status.error_message()},
                                   {"request_id", context.request_id}});
  }
  ApplyReasonMapping(reasons, &problem);
  return problem;
}

Reply FailureReply(const Problem& problem, const RequestContext& context,
                   const Route& route) {
  return ProblemReply(problem, context, route.path.text());
}

}  // namespace samen::gateway

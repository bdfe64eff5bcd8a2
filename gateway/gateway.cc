#include "gateway/gateway.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gateway/byte_buffers.h"
#include "gateway/openapi.h"
#include "gateway/problem.h"
#include "gateway/transcoder.h"
#include "grpcpp/client_context.h"
#include "services/common/logging.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

constexpr char kJsonContentType[] = "application/json; charset=utf-8";
constexpr char kTimeoutHeader[] = "X-Request-Timeout";

Reply ProblemReply(const Problem& problem, const RequestContext& context,
                   std::string route) {
  return Reply{MakeResponse(static_cast<unsigned>(problem.http_status),
                            std::string(kProblemContentType),
                            ProblemJson(problem, context.request_id)),
               std::move(route)};
}

Reply StatusReply(const absl::Status& status, const RequestContext& context,
                  std::string route) {
  return ProblemReply(ProblemFromStatus(status), context, std::move(route));
}

std::string QuoteForHeader(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\\", "\\\\"}, {"\"", "\\\""}});
}

Reply UnauthenticatedReply(const RequestContext& context, std::string route,
                           bool missing, absl::string_view why) {
  Problem problem = ProblemForCode(
      absl::StatusCode::kUnauthenticated,
      missing ? "this request needs an Authorization: Bearer token"
              : std::string(why));
  Reply reply = ProblemReply(problem, context, std::move(route));
  reply.response.set(
      http::field::www_authenticate,
      missing
          ? std::string("Bearer")
          : absl::StrCat("Bearer error=\"invalid_token\", error_description=\"",
                         QuoteForHeader(why), "\""));
  return reply;
}

bool IsEmptyMessage(const google::protobuf::Descriptor* type) {
  return type->full_name() == "google.protobuf.Empty";
}

// The reply for a successful backend call.
Reply SuccessReply(const Route& route, const grpc::ByteBuffer& bytes,
                   const RequestContext& context) {
  std::unique_ptr<google::protobuf::Message> response =
      NewResponseMessage(route);
  if (!response->ParseFromString(FromByteBuffer(bytes))) {
    log::Error(
        "backend response does not parse",
        {{"method", route.grpc_method}, {"request_id", context.request_id}});
    return StatusReply(
        absl::InternalError("the backend sent a malformed response"), context,
        route.path.text());
  }
  const std::string& rpc = route.method->name();
  if (absl::StartsWith(rpc, "Delete") &&
      IsEmptyMessage(route.method->output_type())) {
    return Reply{MakeResponse(204, "", ""), route.path.text()};
  }
  absl::StatusOr<std::string> json = RenderResponse(route, *response);
  if (!json.ok()) {
    return StatusReply(json.status(), context, route.path.text());
  }
  const bool created =
      route.http_method == "POST" && absl::StartsWith(rpc, "Create");
  Reply reply{
      MakeResponse(created ? 201 : 200, kJsonContentType, *std::move(json)),
      route.path.text()};
  if (created) {
    const auto* name_field = response->GetDescriptor()->FindFieldByName("name");
    if (name_field != nullptr &&
        name_field->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
        !name_field->is_repeated()) {
      const std::string name =
          response->GetReflection()->GetString(*response, name_field);
      const std::string version = route.path.FirstLiteral();
      if (!name.empty()) {
        reply.response.set(http::field::location,
                           version.empty()
                               ? absl::StrCat("/", name)
                               : absl::StrCat("/", version, "/", name));
      }
    }
  }
  return reply;
}

// The reply for a failed backend call.
Reply FailureReply(const Route& route, const grpc::Status& status,
                   const RequestContext& context, absl::Duration timeout) {
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
  return ProblemReply(problem, context, route.path.text());
}

// One backend call in flight.
struct Call {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

}  // namespace

Gateway::Gateway(RouteTable routes, std::unique_ptr<Backends> backends,
                 std::unique_ptr<auth::TokenVerifier> verifier,
                 GatewayOptions options)
    : routes_(std::move(routes)),
      backends_(std::move(backends)),
      verifier_(std::move(verifier)),
      options_(options),
      openapi_json_(OpenApiJson(routes_)) {}

absl::Duration Gateway::Timeout(const HttpRequest& request,
                                absl::Status* error) const {
  absl::Duration timeout =
      std::min(options_.request_timeout, options_.max_request_timeout);
  auto header = request.find(kTimeoutHeader);
  if (header != request.end()) {
    double seconds = 0;
    if (!absl::SimpleAtod(
            absl::string_view(header->value().data(), header->value().size()),
            &seconds) ||
        !(seconds > 0)) {
      *error = InvalidFieldError(
          kTimeoutHeader, "must be a positive number of seconds, e.g. 5");
      return timeout;
    }
    timeout = std::min(timeout, absl::Seconds(seconds));
  }
  return timeout;
}

void Gateway::Handle(HttpRequest request, RequestContext context,
                     Responder respond) const {
  const absl::string_view target(request.target().data(),
                                 request.target().size());
  const size_t question = target.find('?');
  const absl::string_view path = target.substr(0, question);
  const absl::string_view query = question == absl::string_view::npos
                                      ? absl::string_view()
                                      : target.substr(question + 1);
  const std::string method(request.method_string());

  if (path == "/healthz") {
    respond(Reply{MakeResponse(200, "text/plain; charset=utf-8", "ok\n"),
                  "/healthz"});
    return;
  }
  if (path == "/readyz") {
    HandleReadiness(context, std::move(respond));
    return;
  }
  if (path == "/openapi.json" && method == "GET") {
    respond(Reply{MakeResponse(200, kJsonContentType, openapi_json_),
                  "/openapi.json"});
    return;
  }

  RouteMatch match = routes_.Find(method, path);
  if (match.route == nullptr && match.allowed_methods.empty()) {
    respond(
        ProblemReply(ProblemForCode(absl::StatusCode::kNotFound,
                                    absl::StrCat("no API resource at ", path)),
                     context, ""));
    return;
  }
  if (match.route == nullptr) {
    Problem problem = ProblemForCode(
        absl::StatusCode::kUnimplemented,
        absl::StrCat(method, " is not supported here; use ",
                     absl::StrJoin(match.allowed_methods, ", ")));
    problem.http_status = 405;
    problem.type = "method-not-allowed";
    problem.title = "Method not allowed";
    Reply reply = ProblemReply(problem, context, "");
    reply.response.set(http::field::allow,
                       absl::StrJoin(match.allowed_methods, ", "));
    respond(std::move(reply));
    return;
  }
  const Route& route = *match.route;

  const auto auth_header = request.find(http::field::authorization);
  const std::string authorization = auth_header == request.end()
                                        ? std::string()
                                        : std::string(auth_header->value());
  if (verifier_ != nullptr) {
    if (authorization.empty()) {
      respond(UnauthenticatedReply(context, route.path.text(), true, ""));
      return;
    }
    absl::StatusOr<auth::Principal> principal =
        auth::AuthenticateHeader(*verifier_, authorization, absl::Now());
    if (!principal.ok()) {
      respond(UnauthenticatedReply(context, route.path.text(), false,
                                   principal.status().message()));
      return;
    }
  }

  absl::Status timeout_error;
  const absl::Duration timeout = Timeout(request, &timeout_error);
  if (!timeout_error.ok()) {
    respond(StatusReply(timeout_error, context, route.path.text()));
    return;
  }

  std::unique_ptr<google::protobuf::Message> message = NewRequestMessage(route);
  if (absl::Status s = BuildRequest(route, match.bindings, query,
                                    request.body(), message.get());
      !s.ok()) {
    respond(StatusReply(s, context, route.path.text()));
    return;
  }

  grpc::GenericStub* stub = backends_->StubFor(route.service_name());
  if (stub == nullptr) {
    respond(StatusReply(absl::InternalError("no backend for this service"),
                        context, route.path.text()));
    return;
  }
  auto call = std::make_shared<Call>();
  call->context.set_deadline(std::chrono::system_clock::now() +
                             absl::ToChronoMilliseconds(timeout));
  if (!authorization.empty()) {
    call->context.AddMetadata("authorization", authorization);
  }
  call->context.AddMetadata("x-request-id", context.request_id);
  const auto forwarded = request.find("X-Forwarded-For");
  std::string forwarded_for = forwarded == request.end()
                                  ? std::string()
                                  : std::string(forwarded->value());
  if (!context.remote_address.empty()) {
    forwarded_for =
        forwarded_for.empty()
            ? context.remote_address
            : absl::StrCat(forwarded_for, ", ", context.remote_address);
  }
  if (!forwarded_for.empty()) {
    call->context.AddMetadata("x-forwarded-for", forwarded_for);
  }
  call->request = ToByteBuffer(message->SerializeAsString());
  message.reset();
  stub->UnaryCall(&call->context, route.grpc_method, grpc::StubOptions(),
                  &call->request, &call->response,
                  [call, &route, context = std::move(context),
                   respond = std::move(respond), timeout](grpc::Status status) {
                    Reply reply =
                        status.ok()
                            ? SuccessReply(route, call->response, context)
                            : FailureReply(route, status, context, timeout);
                    respond(std::move(reply));
                  });
}

void Gateway::HandleReadiness(const RequestContext& context,
                              Responder respond) const {
  backends_->CheckReadiness(
      options_.readiness_timeout, [context, respond = std::move(respond)](
                                      std::vector<std::string> failures) {
        if (failures.empty()) {
          respond(
              Reply{MakeResponse(200, "text/plain; charset=utf-8", "ready\n"),
                    "/readyz"});
          return;
        }
        Problem problem = ProblemForCode(
            absl::StatusCode::kUnavailable,
            absl::StrCat("not ready: ", absl::StrJoin(failures, "; ")));
        respond(ProblemReply(problem, context, "/readyz"));
      });
}

}  // namespace samen::gateway

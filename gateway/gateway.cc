#include "gateway/gateway.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gateway/byte_buffers.h"
#include "gateway/compression/gzip.h"
#include "gateway/etag/etag.h"
#include "gateway/fields/field_filter.h"
#include "gateway/idempotency/idempotency_key.h"
#include "gateway/openapi.h"
#include "gateway/problem.h"
#include "gateway/replies.h"
#include "gateway/streaming/event_stream.h"
#include "gateway/transcoder.h"
#include "grpcpp/client_context.h"
#include "services/common/logging.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

constexpr char kTimeoutHeader[] = "X-Request-Timeout";

std::string Header(const HttpRequest& request, http::field field) {
  auto it = request.find(field);
  return it == request.end() ? std::string() : std::string(it->value());
}

std::string Header(const HttpRequest& request, absl::string_view name) {
  auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  return it == request.end() ? std::string() : std::string(it->value());
}

// One unary backend call in flight.
struct Call {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  SuccessOptions success;
  ReasonContext reasons;
};

std::vector<std::string> OperationalRoutes() {
  return {"/healthz", "/readyz", "/metrics", "/openapi.json"};
}

}  // namespace

// What the final touches of a reply need from its request.
struct Gateway::Edge {
  std::string origin;
  std::string accept_encoding;
  std::optional<RateLimiter::Decision> rate;
  RateLimiter* limiter = nullptr;  // the one that decided `rate`
};

Gateway::Gateway(RouteTable routes, std::unique_ptr<Backends> backends,
                 std::unique_ptr<auth::TokenVerifier> verifier,
                 GatewayOptions options)
    : routes_(std::move(routes)),
      backends_(std::move(backends)),
      verifier_(std::move(verifier)),
      options_(options),
      cors_(options.cors),
      rate_limiter_(std::make_unique<RateLimiter>(options.rate_limit)),
      anonymous_rate_limiter_(
          std::make_unique<RateLimiter>(options.anonymous_rate_limit)),
      metrics_(std::make_unique<GatewayMetrics>(routes_, OperationalRoutes())),
      openapi_json_(OpenApiJson(routes_)) {}

Gateway::~Gateway() = default;

absl::Duration Gateway::Timeout(const HttpRequest& request,
                                bool server_streaming,
                                absl::Status* error) const {
  // A stream's deadline is --stream_timeout; a unary call's the request
  // timeout, and no unary call waits longer than max_request_timeout.
  absl::Duration timeout =
      server_streaming
          ? options_.stream_timeout
          : std::min(options_.request_timeout, options_.max_request_timeout);
  auto header = request.find(kTimeoutHeader);
  if (header != request.end()) {
    double seconds = 0;
    if (!absl::SimpleAtod(AsAbsl(header->value()), &seconds) ||
        !(seconds > 0)) {
      *error = InvalidFieldError(
          kTimeoutHeader, "must be a positive number of seconds, e.g. 5");
      return timeout;
    }
    timeout = std::min(timeout, absl::Seconds(seconds));
  }
  return timeout;
}

Responder Gateway::Finishing(Responder respond, const Edge& edge) const {
  return [this, respond = std::move(respond), edge](Reply reply) {
    cors_.Decorate(edge.origin, &reply.response);
    if (edge.rate.has_value()) {
      edge.limiter->SetHeaders(*edge.rate, &reply.response);
    }
    if (!reply.stream) {
      MaybeCompress(edge.accept_encoding, &reply.response);
    }
    respond(std::move(reply));
  };
}

void Gateway::Handle(HttpRequest request, RequestContext context,
                     Responder respond) const {
  const absl::string_view target = AsAbsl(request.target());
  const size_t question = target.find('?');
  const absl::string_view path = target.substr(0, question);
  const absl::string_view query = question == absl::string_view::npos
                                      ? absl::string_view()
                                      : target.substr(question + 1);
  const std::string method(request.method_string());
  Edge edge{Header(request, http::field::origin),
            Header(request, http::field::accept_encoding), std::nullopt};

  if (path == "/healthz") {
    respond(Reply{MakeResponse(200, "text/plain; charset=utf-8", "ok\n"),
                  "/healthz"});
    return;
  }
  if (path == "/readyz") {
    HandleReadiness(context, std::move(respond));
    return;
  }
  if (path == "/metrics") {
    Finishing(std::move(respond), edge)(
        Reply(MakeResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                           metrics_->Render()),
              "/metrics"));
    return;
  }
  if (path == "/openapi.json" && method == "GET") {
    respond(Reply{MakeResponse(200, kJsonContentType, openapi_json_),
                  "/openapi.json"});
    return;
  }
  if (request.method() == http::verb::options) {
    HandleOptions(request, path, context, Finishing(std::move(respond), edge));
    return;
  }

  RouteMatch match = routes_.Find(method, path);
  if (match.route == nullptr) {
    Responder finish = Finishing(std::move(respond), edge);
    if (match.allowed_methods.empty()) {
      finish(ProblemReply(
          ProblemForCode(absl::StatusCode::kNotFound,
                         absl::StrCat("no API resource at ", path)),
          context, ""));
      return;
    }
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
    finish(std::move(reply));
    return;
  }
  const Route& route = *match.route;

  // The token first: its subject is the rate-limit key. Routes open to
  // anonymous callers go on without one (a token that is sent still counts).
  const std::string authorization = Header(request, http::field::authorization);
  std::optional<absl::Status> auth_failure;
  std::string subject;
  if (verifier_ != nullptr) {
    if (authorization.empty()) {
      if (!route.anonymous_access) {
        auth_failure = absl::UnauthenticatedError("");
      }
    } else {
      absl::StatusOr<auth::Principal> principal =
          auth::AuthenticateHeader(*verifier_, authorization, absl::Now());
      if (principal.ok()) {
        subject = principal->subject;
      } else {
        auth_failure = principal.status();
      }
    }
  }
  // Callers without a valid token have their own (default-on) limit.
  edge.limiter = verifier_ != nullptr && subject.empty() &&
                         anonymous_rate_limiter_->enabled()
                     ? anonymous_rate_limiter_.get()
                     : rate_limiter_.get();
  if (edge.limiter->enabled()) {
    edge.rate = edge.limiter->Acquire(
        RateLimitKey(subject, context.remote_address,
                     Header(request, "X-Forwarded-For"),
                     options_.rate_limit.trusted_proxy_hops),
        absl::Now());
  }
  Responder finish = Finishing(std::move(respond), edge);
  if (edge.rate.has_value() && !edge.rate->allowed) {
    metrics_->RateLimited();
    Problem problem =
        ProblemForCode(absl::StatusCode::kResourceExhausted,
                       absl::StrCat("too many requests; retry in ",
                                    edge.rate->retry_after_seconds, " s"));
    problem.type = "rate-limited";
    problem.title = "Too many requests";
    problem.reason = "RATE_LIMITED";
    finish(ProblemReply(problem, context, route.path.text()));
    return;
  }
  if (auth_failure.has_value()) {
    finish(UnauthenticatedReply(context, route.path.text(),
                                authorization.empty(),
                                auth_failure->message()));
    return;
  }

  absl::Status timeout_error;
  const absl::Duration timeout =
      Timeout(request, route.server_streaming, &timeout_error);
  if (!timeout_error.ok()) {
    finish(StatusReply(timeout_error, context, route.path.text()));
    return;
  }

  auto call = std::make_shared<Call>();
  std::unique_ptr<google::protobuf::Message> message = NewRequestMessage(route);
  absl::Status built = [&]() -> absl::Status {
    const bool is_get = request.method() == http::verb::get;
    call->success.is_get = is_get;
    absl::StatusOr<std::string> fields = FieldsParameter(query);
    if (!fields.ok()) {
      return fields.status();
    }
    if (!fields->empty()) {
      absl::StatusOr<FieldFilter> filter =
          FieldFilter::Parse(*fields, RenderedType(route));
      if (!filter.ok()) {
        return filter.status();
      }
      call->success.fields = *std::move(filter);
    }
    if (absl::Status s = BuildRequest(route, match.bindings, query,
                                      request.body(), message.get());
        !s.ok()) {
      return s;
    }
    if (absl::Status s = DeriveUpdateMask(route, request.body(), message.get());
        !s.ok()) {
      return s;
    }
    if (const std::string value = Header(request, http::field::if_none_match);
        is_get && !value.empty()) {
      absl::StatusOr<EntityTagList> tags =
          ParseEntityTags(value, "If-None-Match");
      if (!tags.ok()) {
        return tags.status();
      }
      call->success.if_none_match = *std::move(tags);
    }
    if (const std::string value = Header(request, http::field::if_match);
        !is_get && !value.empty()) {
      absl::StatusOr<EntityTagList> tags = ParseEntityTags(value, "If-Match");
      if (!tags.ok()) {
        return tags.status();
      }
      if (absl::Status s = ApplyIfMatch(route, *tags, message.get()); !s.ok()) {
        return s;
      }
      call->reasons.if_match = true;
    }
    if (const std::string value = Header(request, kIdempotencyKeyHeader);
        !is_get && !value.empty()) {
      absl::StatusOr<std::string> key = ParseIdempotencyKey(value);
      if (!key.ok()) {
        return key.status();
      }
      return ApplyIdempotencyKey(*key, message.get());
    }
    return absl::OkStatus();
  }();
  if (!built.ok()) {
    Problem problem = ProblemFromStatus(built);
    if (built.code() == absl::StatusCode::kFailedPrecondition) {
      problem.reason = "ETAG_MISMATCH";  // If-Match that cannot hold
      ApplyReasonMapping(ReasonContext{true}, &problem);
    }
    finish(ProblemReply(problem, context, route.path.text()));
    return;
  }

  grpc::GenericStub* stub = backends_->StubFor(route.service_name());
  if (stub == nullptr) {
    finish(ProblemReply(
        ProblemForCode(absl::StatusCode::kUnimplemented,
                       absl::StrCat(route.service_name(),
                                    " is not served by this deployment")),
        context, route.path.text()));
    return;
  }
  auto grpc_context = std::make_unique<grpc::ClientContext>();
  grpc::ClientContext& rpc =
      route.server_streaming ? *grpc_context : call->context;
  rpc.set_deadline(std::chrono::system_clock::now() +
                   absl::ToChronoMilliseconds(timeout));
  if (!authorization.empty()) {
    rpc.AddMetadata("authorization", authorization);
  }
  rpc.AddMetadata("x-request-id", context.request_id);
  std::string forwarded_for = Header(request, "X-Forwarded-For");
  if (!context.remote_address.empty()) {
    forwarded_for =
        forwarded_for.empty()
            ? context.remote_address
            : absl::StrCat(forwarded_for, ", ", context.remote_address);
  }
  if (!forwarded_for.empty()) {
    rpc.AddMetadata("x-forwarded-for", forwarded_for);
  }
  call->request = ToByteBuffer(message->SerializeAsString());
  message.reset();

  GatewayMetrics* metrics = metrics_.get();
  if (route.server_streaming) {
    EventStreamHooks hooks;
    hooks.failure = [&route, context, timeout,
                     metrics](const grpc::Status& status) {
      metrics->BackendError(status.error_code());
      return FailureReply(
          FailureProblem(route, status, context, timeout, ReasonContext{}),
          context, route);
    };
    hooks.error_event = [&route, context, timeout,
                         metrics](const grpc::Status& status) {
      metrics->BackendError(status.error_code());
      return ProblemJson(
          FailureProblem(route, status, context, timeout, ReasonContext{}),
          context.request_id);
    };
    StartEventStream(stub, route, std::move(grpc_context),
                     std::move(call->request), std::move(call->success.fields),
                     std::move(finish), std::move(hooks));
    return;
  }
  stub->UnaryCall(
      &call->context, route.grpc_method, grpc::StubOptions(), &call->request,
      &call->response,
      [call, &route, context = std::move(context), finish = std::move(finish),
       timeout, metrics](grpc::Status status) {
        if (status.ok()) {
          finish(SuccessReply(route, call->response, context, call->success));
          return;
        }
        metrics->BackendError(status.error_code());
        finish(FailureReply(
            FailureProblem(route, status, context, timeout, call->reasons),
            context, route));
      });
}

void Gateway::HandleOptions(const HttpRequest& request, absl::string_view path,
                            const RequestContext& context,
                            Responder respond) const {
  RouteMatch match = routes_.Find("OPTIONS", path);
  std::vector<std::string> methods = match.allowed_methods;
  if (match.route != nullptr) {  // a custom OPTIONS binding
    methods.push_back("OPTIONS");
  }
  if (methods.empty()) {
    respond(
        ProblemReply(ProblemForCode(absl::StatusCode::kNotFound,
                                    absl::StrCat("no API resource at ", path)),
                     context, ""));
    return;
  }
  if (Cors::IsPreflight(request)) {
    respond(Reply(cors_.Preflight(request, methods), ""));
    return;
  }
  methods.push_back("OPTIONS");
  Reply reply(MakeResponse(204, "", ""), "");
  reply.response.set(http::field::allow, absl::StrJoin(methods, ", "));
  respond(std::move(reply));
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

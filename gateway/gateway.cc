#include "gateway/gateway.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gateway/byte_buffers.h"
#include "gateway/compression/gzip.h"
#include "gateway/openapi.h"
#include "gateway/problem.h"
#include "gateway/replies.h"
#include "gateway/streaming/event_stream.h"
#include "gateway/transcoder.h"
#include "grpcpp/client_context.h"
#include "samen/identity/v1/identity_service.grpc.pb.h"
#include "services/common/logging.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

// One unary backend call in flight.
struct UnaryCall {
  std::unique_ptr<grpc::ClientContext> context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

// The reply to a finished unary call.
void Answer(FilterChain::Pass& pass, const Route& route,
            const grpc::Status& status, const grpc::ByteBuffer& response,
            GatewayMetrics* metrics) {
  const Exchange& exchange = pass.exchange();
  if (status.ok()) {
    pass.Respond(
        SuccessReply(route, response, exchange.context, exchange.success));
    return;
  }
  metrics->BackendError(status.error_code());
  pass.Respond(FailureReply(FailureProblem(route, status, exchange.context,
                                           exchange.timeout, exchange.reasons),
                            exchange.context, route));
}

std::vector<std::string> OperationalRoutes() {
  std::vector<std::string> routes = {"/healthz", "/readyz", "/metrics",
                                     "/openapi.json"};
  for (std::string& route : session::SessionFrontend::Routes()) {
    routes.push_back(std::move(route));
  }
  for (std::string& route : web::WebSite::Routes()) {
    routes.push_back(std::move(route));
  }
  return routes;
}

// With --web_root: the app, which leaves the API's paths alone.
std::unique_ptr<web::WebSite> MakeWebSite(const GatewayOptions& options,
                                          const RouteTable& routes) {
  if (options.web_files == nullptr) {
    return nullptr;
  }
  return std::make_unique<web::WebSite>(
      options.web_files, [&routes](absl::string_view path) {
        const RouteMatch match = routes.Find("GET", path);
        return match.route != nullptr || !match.allowed_methods.empty();
      });
}

std::unique_ptr<session::SwappableVerifier> Swappable(
    std::unique_ptr<auth::TokenVerifier> verifier) {
  if (verifier == nullptr) {
    return nullptr;
  }
  return std::make_unique<session::SwappableVerifier>(
      std::shared_ptr<const auth::TokenVerifier>(std::move(verifier)));
}

// With an identity backend: the sign-in endpoints, cookie sessions and the
// edge keys; SignInService is reached on IdentityService's channel.
std::unique_ptr<session::SessionFrontend> MakeSessions(
    const Backends& backends, const GatewayOptions& options,
    CallRegistry* calls, session::SwappableVerifier* verifier) {
  std::shared_ptr<grpc::Channel> identity = backends.ChannelFor(
      samen::identity::v1::IdentityService::service_full_name());
  if (identity == nullptr) {
    return nullptr;
  }
  session::SessionOptions session = options.session;
  session.rate_limit = options.anonymous_rate_limit;
  session.rate_limit.policy = "sign-in";
  return std::make_unique<session::SessionFrontend>(
      session, std::move(identity), calls, verifier, options.verifier_options);
}

EdgeFilterOptions EdgeOptions(const GatewayOptions& options,
                              const auth::TokenVerifier* verifier,
                              GatewayMetrics* metrics) {
  EdgeFilterOptions edge;
  edge.cors = options.cors;
  edge.rate_limit = options.rate_limit;
  edge.anonymous_rate_limit = options.anonymous_rate_limit;
  edge.deadline.request_timeout = options.request_timeout;
  edge.deadline.max_request_timeout = options.max_request_timeout;
  edge.deadline.stream_timeout = options.stream_timeout;
  edge.verifier = verifier;
  edge.metrics = metrics;
  return edge;
}

Reply NotFoundReply(const Exchange& exchange) {
  return ProblemReply(
      ProblemForCode(absl::StatusCode::kNotFound,
                     absl::StrCat("no API resource at ", exchange.path)),
      exchange.context, "");
}

// The caller's token, the request id and the forwarding chain as metadata,
// and the deadline.
void PrepareCall(const Exchange& exchange, grpc::ClientContext* rpc) {
  rpc->set_deadline(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(exchange.timeout));
  if (const std::string authorization =
          exchange.Header(http::field::authorization);
      !authorization.empty()) {
    rpc->AddMetadata("authorization", authorization);
  }
  rpc->AddMetadata("x-request-id", exchange.context.request_id);
  std::string forwarded_for = exchange.Header("X-Forwarded-For");
  const std::string& remote = exchange.context.remote_address;
  if (!remote.empty()) {
    forwarded_for = forwarded_for.empty()
                        ? remote
                        : absl::StrCat(forwarded_for, ", ", remote);
  }
  if (!forwarded_for.empty()) {
    rpc->AddMetadata("x-forwarded-for", forwarded_for);
  }
}

}  // namespace

Gateway::Gateway(RouteTable routes, std::unique_ptr<Backends> backends,
                 std::unique_ptr<auth::TokenVerifier> verifier,
                 GatewayOptions options)
    : routes_(std::move(routes)),
      backends_(std::move(backends)),
      verifier_(Swappable(std::move(verifier))),
      options_(options),
      metrics_(std::make_unique<GatewayMetrics>(routes_, OperationalRoutes())),
      chain_(EdgeFilterChain(
          EdgeOptions(options_, verifier_.get(), metrics_.get()))),
      sessions_(
          MakeSessions(*backends_, options_, calls_.get(), verifier_.get())),
      web_(MakeWebSite(options_, routes_)),
      openapi_json_(OpenApiJson(routes_)) {}

Gateway::~Gateway() {
  if (sessions_ != nullptr) {
    sessions_->Stop();  // no new key fetches
  }
  if (!calls_->CancelAndWait(absl::Seconds(10))) {
    log::Error("backend calls still in flight as the gateway goes away");
  }
}

void Gateway::Handle(HttpRequest request, RequestContext context,
                     Responder respond) const {
  auto exchange =
      std::make_shared<Exchange>(std::move(request), std::move(context));
  if (AnswerProbe(*exchange, respond)) {
    return;
  }
  if (web_ != nullptr) {
    // No token, cookie session or rate limit: the app's files are public,
    // the same for everyone, and already compressed.
    if (std::optional<Reply> reply = web_->Answer(*exchange)) {
      respond(*std::move(reply));
      return;
    }
  }
  if (sessions_ == nullptr) {
    HandleRoute(std::move(exchange), std::move(respond));
    return;
  }
  if (sessions_->Answer(exchange, respond)) {
    return;
  }
  sessions_->Admit(
      std::move(exchange), std::move(respond),
      [this](std::shared_ptr<Exchange> admitted, Responder next_respond) {
        HandleRoute(std::move(admitted), std::move(next_respond));
      });
}

void Gateway::EndCalls(absl::Duration limit) const {
  if (sessions_ != nullptr) {
    sessions_->Stop();
  }
  calls_->CancelAndWait(limit);
}

void Gateway::HandleRoute(std::shared_ptr<Exchange> exchange,
                          Responder respond) const {
  FindRoute(*exchange);
  std::shared_ptr<FilterChain::Pass> pass =
      chain_.Start(exchange, std::move(respond));
  if (pass == nullptr) {
    return;  // a filter answered
  }
  if (exchange->route() == nullptr) {
    AnswerWithoutRoute(*pass);
    return;
  }
  Forward(std::move(pass));
}

bool Gateway::AnswerProbe(const Exchange& exchange, Responder& respond) const {
  if (exchange.path == "/healthz") {
    respond(Reply{MakeResponse(200, "text/plain; charset=utf-8", "ok\n"),
                  "/healthz"});
    return true;
  }
  if (exchange.path == "/readyz") {
    HandleReadiness(exchange.context, std::move(respond));
    return true;
  }
  if (exchange.path == "/openapi.json" &&
      (exchange.method == "GET" || exchange.method == "HEAD")) {
    Reply reply(MakeResponse(200, kJsonContentType, openapi_json_),
                "/openapi.json");
    // 266 KB of JSON: compressed like every API answer (it skips the
    // filters).
    MaybeCompress(exchange.Header(http::field::accept_encoding),
                  &reply.response);
    respond(std::move(reply));
    return true;
  }
  return false;
}

void Gateway::FindRoute(Exchange& exchange) const {
  if (exchange.path == "/metrics") {
    return;
  }
  if (exchange.request.method() != http::verb::options) {
    exchange.match = routes_.Find(exchange.method, exchange.path);
    return;
  }
  // OPTIONS is answered here, never forwarded: the methods the path takes.
  RouteMatch match = routes_.Find("OPTIONS", exchange.path);
  exchange.match.allowed_methods = std::move(match.allowed_methods);
  if (match.route != nullptr) {  // a custom OPTIONS binding
    exchange.match.allowed_methods.push_back("OPTIONS");
  }
}

void Gateway::AnswerWithoutRoute(FilterChain::Pass& pass) const {
  const Exchange& exchange = pass.exchange();
  if (exchange.path == "/metrics") {
    pass.Respond(
        Reply(MakeResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                           metrics_->Render()),
              "/metrics"));
  } else if (exchange.request.method() == http::verb::options) {
    AnswerOptions(pass);
  } else if (exchange.match.allowed_methods.empty()) {
    pass.Respond(NotFoundReply(exchange));
  } else {
    pass.Respond(MethodNotAllowedReply(
        exchange.context, exchange.method,
        absl::StrJoin(exchange.match.allowed_methods, ", "), ""));
  }
}

void Gateway::AnswerOptions(FilterChain::Pass& pass) const {
  const Exchange& exchange = pass.exchange();
  std::vector<std::string> methods = exchange.match.allowed_methods;
  if (methods.empty()) {
    pass.Respond(NotFoundReply(exchange));
    return;
  }
  // Preflights were answered by the CORS filter.
  methods.push_back("OPTIONS");
  Reply reply(MakeResponse(204, "", ""), "");
  reply.response.set(http::field::allow, absl::StrJoin(methods, ", "));
  pass.Respond(std::move(reply));
}

uint64_t Gateway::BodyLimitFor(absl::string_view method,
                               absl::string_view path) const {
  const RouteMatch match = routes_.Find(method, path);
  return match.route != nullptr && match.route->http_body_request
             ? options_.max_upload_bytes
             : 0;
}

void Gateway::Forward(std::shared_ptr<FilterChain::Pass> pass) const {
  Exchange& exchange = pass->exchange();
  const Route& route = *exchange.route();
  std::unique_ptr<google::protobuf::Message> message = NewRequestMessage(route);
  if (absl::Status s =
          BuildRequest(route, exchange.match.bindings, exchange.query,
                       exchange.request.body(), message.get(),
                       exchange.Header(http::field::content_type));
      !s.ok()) {
    pass->Respond(RefusalReply(exchange, s));
    return;
  }
  if (!pass->OnMessage(*message)) {
    return;
  }
  grpc::GenericStub* stub = backends_->StubFor(route.service_name());
  if (stub == nullptr) {
    pass->Respond(ProblemReply(
        ProblemForCode(absl::StatusCode::kUnimplemented,
                       absl::StrCat(route.service_name(),
                                    " is not served by this deployment")),
        exchange.context, route.path.text()));
    return;
  }
  auto rpc = std::make_unique<grpc::ClientContext>();
  PrepareCall(exchange, rpc.get());
  grpc::ByteBuffer request = ToByteBuffer(message->SerializeAsString());
  message.reset();
  exchange.request.body() = std::string();  // not needed any more
  if (route.server_streaming && exchange.method == "HEAD") {
    // A stream's head is all HEAD asks for; no stream is opened for it.
    pass->Respond(
        Reply(MakeResponse(200, "text/event-stream", ""), route.path.text()));
  } else if (route.server_streaming) {
    CallStreaming(std::move(pass), stub, std::move(rpc), std::move(request));
  } else {
    CallUnary(std::move(pass), stub, std::move(rpc), std::move(request));
  }
}

void Gateway::CallUnary(std::shared_ptr<FilterChain::Pass> pass,
                        grpc::GenericStub* stub,
                        std::unique_ptr<grpc::ClientContext> rpc,
                        grpc::ByteBuffer request) const {
  auto call = std::make_shared<UnaryCall>();
  call->context = std::move(rpc);
  call->request = std::move(request);
  const Route& route = *pass->exchange().route();
  GatewayMetrics* metrics = metrics_.get();
  CallRegistry* calls = calls_.get();
  const auto key = reinterpret_cast<std::uintptr_t>(call.get());
  calls->Add(key, [weak = std::weak_ptr<UnaryCall>(call)] {
    if (std::shared_ptr<UnaryCall> live = weak.lock()) {
      live->context->TryCancel();
    }
  });
  stub->UnaryCall(
      call->context.get(), route.grpc_method, grpc::StubOptions(),
      &call->request, &call->response,
      [call, pass, &route, metrics, calls, key](grpc::Status status) mutable {
        Answer(*pass, route, status, call->response, metrics);
        // What refers to the gateway goes first; the registry hears last.
        pass.reset();
        call.reset();
        calls->Remove(key);
      });
}

void Gateway::CallStreaming(std::shared_ptr<FilterChain::Pass> pass,
                            grpc::GenericStub* stub,
                            std::unique_ptr<grpc::ClientContext> rpc,
                            grpc::ByteBuffer request) const {
  Exchange& exchange = pass->exchange();
  const Route& route = *exchange.route();
  const RequestContext context = exchange.context;
  const absl::Duration timeout = exchange.timeout;
  GatewayMetrics* metrics = metrics_.get();
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
  std::optional<FieldFilter> fields = std::move(exchange.success.fields);
  StartEventStream(stub, route, std::move(rpc), std::move(request),
                   std::move(fields),
                   FilterChain::Pass::ResponderFor(std::move(pass)),
                   std::move(hooks), calls_.get());
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

#pragma once

// The edge features as a chain of filters, the way Envoy's HTTP filters work.
// Every request that is not a probe (/healthz, /readyz, /openapi.json) gets a
// fresh instance of each filter (FilterFactory) and passes them in chain order
// (declared once, in filter_chain.cc):
//
//   OnRequest  on the way in, before anything is decoded; a filter may answer
//              (the later filters and the backend are skipped) or pass on.
//   OnMessage  on the way in, once the backend request message is built from
//              the body, the path and the query (API routes only); a filter
//              may change the message, answer, or pass on.
//   OnReply    on the way out, in reverse order, for every reply to a request
//              whose OnRequest the filter saw (the answer it gave itself
//              included); a streamed reply shows its head only.
//
// What a filter learns that later stages need (the caller, the deadline, how
// to shape a success) goes into the Exchange; what only it needs stays in the
// instance.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http_server.h"
#include "gateway/problem.h"
#include "gateway/replies.h"
#include "gateway/route_table.h"
#include "google/protobuf/message.h"

namespace samen::gateway {

// Who is calling, as the edge authentication found out.
struct Caller {
  // The gateway verifies tokens (else the backends alone do).
  bool checked = false;
  // The verified token's subject; "" for anonymous callers.
  std::string subject;
  // Why the request may not go on without a (valid) token.
  std::optional<absl::Status> failure;
};

// One request on its way through the filters.
struct Exchange {
  Exchange(HttpRequest request, RequestContext context);

  HttpRequest request;
  RequestContext context;
  std::string method;
  std::string path;   // the target without the query
  std::string query;  // after '?', "" when none
  // The API route (route null for the gateway's own answers: /metrics,
  // OPTIONS, 404, 405); for OPTIONS and 405 the methods the path takes.
  RouteMatch match;

  // Filled by the filters for the backend call and the reply.
  Caller caller;                                  // auth/
  absl::Duration timeout = absl::ZeroDuration();  // deadline/
  SuccessOptions success;                         // fields/, etag/
  ReasonContext reasons;                          // etag/

  const Route* route() const { return match.route; }
  // The route template for logs and metrics ("" without a route).
  std::string route_name() const;
  // A request header's value, "" when absent.
  std::string Header(absl::string_view name) const;
  std::string Header(boost::beast::http::field field) const;
};

class Filter {
 public:
  virtual ~Filter() = default;

  // A reply answers the request; nothing passes it on.
  virtual std::optional<Reply> OnRequest(Exchange& exchange) {
    return std::nullopt;
  }
  virtual std::optional<Reply> OnMessage(Exchange& exchange,
                                         google::protobuf::Message& message) {
    return std::nullopt;
  }
  virtual void OnReply(const Exchange& exchange, Reply& reply) {}
};

// Makes the filter's instance for one request.
using FilterFactory = std::function<std::unique_ptr<Filter>()>;

// The problem reply with which a filter refuses a request for `status`.
Reply RefusalReply(const Exchange& exchange, const absl::Status& status);

}  // namespace samen::gateway

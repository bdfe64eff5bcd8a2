#pragma once

// Runs an Exchange through the filters (filter.h), and the gateway's chain:
// the edge features in the one order they run in (EdgeFilterChain).

#include <memory>
#include <vector>

#include "gateway/cors/cors.h"
#include "gateway/deadline/deadline_filter.h"
#include "gateway/filter.h"
#include "gateway/http_server.h"
#include "gateway/metrics/gateway_metrics.h"
#include "gateway/ratelimit/rate_limiter.h"
#include "google/protobuf/message.h"
#include "services/common/auth/auth.h"

namespace samen::gateway {

class FilterChain {
 public:
  class Pass;

  explicit FilterChain(std::vector<FilterFactory> factories);

  // Runs the OnRequest of a fresh instance of every filter, in order. When one
  // answers, the reply goes out through the filters that ran and this returns
  // null. Otherwise it returns the pass, through which the caller builds the
  // request message (Pass::OnMessage), calls the backend and answers
  // (Pass::Respond).
  std::shared_ptr<Pass> Start(std::shared_ptr<Exchange> exchange,
                              Responder respond) const;

 private:
  std::vector<FilterFactory> factories_;
};

// One request's filters. Keeps the exchange alive until the reply is out.
class FilterChain::Pass {
 public:
  Pass(std::shared_ptr<Exchange> exchange,
       std::vector<std::unique_ptr<Filter>> filters, Responder respond);

  Exchange& exchange() const { return *exchange_; }

  // The OnMessage of every filter, in order; false when one answered (its
  // reply has gone out).
  bool OnMessage(google::protobuf::Message& message);

  // Sends `reply` through the OnReply of the filters that saw the request, in
  // reverse order, to the client. Once per request, from any thread.
  void Respond(Reply reply);

  // Respond() as a Responder that holds on to `pass`.
  static Responder ResponderFor(std::shared_ptr<Pass> pass);

 private:
  friend class FilterChain;

  // The OnRequest of every filter; false when one answered.
  bool Enter();

  const std::shared_ptr<Exchange> exchange_;
  const std::vector<std::unique_ptr<Filter>> filters_;
  Responder respond_;
  // How many filters saw the request (their OnReply runs).
  size_t entered_ = 0;
};

struct EdgeFilterOptions {
  CorsOptions cors;
  // Callers with a verified token, and the others (see GatewayOptions).
  RateLimitOptions rate_limit;
  RateLimitOptions anonymous_rate_limit;
  DeadlineOptions deadline;
  // Null: tokens are only checked by the backends. Must outlive the chain.
  const auth::TokenVerifier* verifier = nullptr;
  // Counts the 429s; may be null. Must outlive the chain.
  GatewayMetrics* metrics = nullptr;
};

// The gateway's filters, in order (see filter_chain.cc and gateway/README.md).
FilterChain EdgeFilterChain(const EdgeFilterOptions& options);

}  // namespace samen::gateway

#include "gateway/filter_chain.h"

#include <utility>

#include "gateway/auth/edge_auth.h"
#include "gateway/compression/compression_filter.h"
#include "gateway/cors/cors_filter.h"
#include "gateway/etag/etag_filter.h"
#include "gateway/fields/fields_filter.h"
#include "gateway/idempotency/idempotency_filter.h"
#include "gateway/ratelimit/rate_limit_filter.h"

namespace samen::gateway {

FilterChain::FilterChain(std::vector<FilterFactory> factories)
    : factories_(std::move(factories)) {}

std::shared_ptr<FilterChain::Pass> FilterChain::Start(
    std::shared_ptr<Exchange> exchange, Responder respond) const {
  std::vector<std::unique_ptr<Filter>> filters;
  filters.reserve(factories_.size());
  for (const FilterFactory& factory : factories_) {
    filters.push_back(factory());
  }
  auto pass = std::make_shared<Pass>(std::move(exchange), std::move(filters),
                                     std::move(respond));
  return pass->Enter() ? pass : nullptr;
}

FilterChain::Pass::Pass(std::shared_ptr<Exchange> exchange,
                        std::vector<std::unique_ptr<Filter>> filters,
                        Responder respond)
    : exchange_(std::move(exchange)),
      filters_(std::move(filters)),
      respond_(std::move(respond)) {}

bool FilterChain::Pass::Enter() {
  for (const std::unique_ptr<Filter>& filter : filters_) {
    ++entered_;
    if (std::optional<Reply> reply = filter->OnRequest(*exchange_)) {
      Respond(*std::move(reply));
      return false;
    }
  }
  return true;
}

bool FilterChain::Pass::OnMessage(google::protobuf::Message& message) {
  for (const std::unique_ptr<Filter>& filter : filters_) {
    if (std::optional<Reply> reply = filter->OnMessage(*exchange_, message)) {
      Respond(*std::move(reply));
      return false;
    }
  }
  return true;
}

void FilterChain::Pass::Respond(Reply reply) {
  for (size_t i = entered_; i > 0; --i) {
    filters_[i - 1]->OnReply(*exchange_, reply);
  }
  Responder respond = std::move(respond_);
  respond(std::move(reply));
}

Responder FilterChain::Pass::ResponderFor(std::shared_ptr<Pass> pass) {
  return [pass = std::move(pass)](Reply reply) {
    pass->Respond(std::move(reply));
  };
}

FilterChain EdgeFilterChain(const EdgeFilterOptions& options) {
  // On the way in top to bottom, on the way out bottom to top: compression
  // sees every reply last; CORS headers go on every reply (429 and 401
  // included) and preflights are answered before any check; the token is
  // verified before the rate limit (its subject is the key) but refused
  // after it, so refused callers are limited like any anonymous one; the
  // request-shaping features come last, in the order their errors take
  // precedence.
  return FilterChain({
      CompressionFilter(),
      CorsFilter(options.cors),
      AuthenticateFilter(options.verifier),
      RateLimitFilter(options.rate_limit, options.anonymous_rate_limit,
                      options.metrics),
      RequireTokenFilter(),
      DeadlineFilter(options.deadline),
      FieldsFilter(),
      EtagFilter(),
      IdempotencyFilter(),
  });
}

}  // namespace samen::gateway

#include "gateway/ratelimit/rate_limit_filter.h"

#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace samen::gateway {
namespace {

// The limiters, shared by every request's filter.
struct Limiters {
  Limiters(RateLimitOptions callers_options, RateLimitOptions anonymous_options)
      : callers(callers_options),
        anonymous(anonymous_options),
        trusted_proxy_hops(callers_options.trusted_proxy_hops) {}

  RateLimiter callers;
  RateLimiter anonymous;
  const int trusted_proxy_hops;
};

class RateLimit : public Filter {
 public:
  RateLimit(std::shared_ptr<Limiters> limiters, GatewayMetrics* metrics)
      : limiters_(std::move(limiters)), metrics_(metrics) {}

  std::optional<Reply> OnRequest(Exchange& exchange) override {
    if (exchange.route() == nullptr) {
      return std::nullopt;
    }
    const Caller& caller = exchange.caller;
    // Callers without a valid token have their own (default-on) limit.
    limiter_ = caller.checked && caller.subject.empty() &&
                       limiters_->anonymous.enabled()
                   ? &limiters_->anonymous
                   : &limiters_->callers;
    if (!limiter_->enabled()) {
      return std::nullopt;
    }
    decision_ = limiter_->Acquire(
        RateLimitKey(caller.subject, exchange.context.remote_address,
                     exchange.Header("X-Forwarded-For"),
                     limiters_->trusted_proxy_hops),
        absl::Now());
    if (decision_->allowed) {
      return std::nullopt;
    }
    if (metrics_ != nullptr) {
      metrics_->RateLimited();
    }
    Problem problem =
        ProblemForCode(absl::StatusCode::kResourceExhausted,
                       absl::StrCat("too many requests; retry in ",
                                    decision_->retry_after_seconds, " s"));
    problem.type = "rate-limited";
    problem.title = "Too many requests";
    problem.reason = "RATE_LIMITED";
    return ProblemReply(problem, exchange.context, exchange.route_name());
  }

  void OnReply(const Exchange& exchange, Reply& reply) override {
    if (decision_.has_value()) {
      limiter_->SetHeaders(*decision_, &reply.response);
    }
  }

 private:
  const std::shared_ptr<Limiters> limiters_;
  GatewayMetrics* const metrics_;
  RateLimiter* limiter_ = nullptr;  // the one that decided
  std::optional<RateLimiter::Decision> decision_;
};

}  // namespace

FilterFactory RateLimitFilter(RateLimitOptions callers,
                              RateLimitOptions anonymous,
                              GatewayMetrics* metrics) {
  auto limiters =
      std::make_shared<Limiters>(std::move(callers), std::move(anonymous));
  return [limiters, metrics] {
    return std::make_unique<RateLimit>(limiters, metrics);
  };
}

}  // namespace samen::gateway

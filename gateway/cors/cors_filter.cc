#include "gateway/cors/cors_filter.h"

#include <memory>
#include <string>
#include <utility>

namespace samen::gateway {
namespace {

class CorsFilterImpl : public Filter {
 public:
  explicit CorsFilterImpl(std::shared_ptr<const Cors> cors)
      : cors_(std::move(cors)) {}

  std::optional<Reply> OnRequest(Exchange& exchange) override {
    origin_ = exchange.Header(boost::beast::http::field::origin);
    // A path the API does not serve gets its 404 from the gateway.
    if (exchange.request.method() == boost::beast::http::verb::options &&
        !exchange.match.allowed_methods.empty() &&
        Cors::IsPreflight(exchange.request)) {
      return Reply(
          cors_->Preflight(exchange.request, exchange.match.allowed_methods),
          "");
    }
    return std::nullopt;
  }

  void OnReply(const Exchange& exchange, Reply& reply) override {
    cors_->Decorate(origin_, &reply.response);
  }

 private:
  const std::shared_ptr<const Cors> cors_;
  std::string origin_;
};

}  // namespace

FilterFactory CorsFilter(CorsOptions options) {
  auto cors = std::make_shared<const Cors>(std::move(options));
  return [cors] { return std::make_unique<CorsFilterImpl>(cors); };
}

}  // namespace samen::gateway

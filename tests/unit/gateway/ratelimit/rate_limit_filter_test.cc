#include "gateway/ratelimit/rate_limit_filter.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "gateway/auth/edge_auth.h"
#include "gateway/filter_chain.h"
#include "gateway_test.pb.h"
#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

constexpr char kTestService[] = "samen.gateway.testing.TestService";

class RateLimitFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    samen::gateway::testing::Everything linked;  // links the descriptors
    absl::StatusOr<RouteTable> routes = RouteTable::Build({kTestService});
    ASSERT_TRUE(routes.ok()) << routes.status();
    routes_ = std::make_unique<RouteTable>(*std::move(routes));
  }

  // Runs a GET through `chain`; the reply when a filter answered.
  std::optional<Reply> Get(const FilterChain& chain, const std::string& target,
                           const std::string& address) {
    HttpRequest request(boost::beast::http::verb::get, target, 11);
    auto exchange = std::make_shared<Exchange>(std::move(request),
                                               RequestContext{"id", address});
    exchange->match = routes_->Find("GET", exchange->path);
    std::optional<Reply> sent;
    auto pass = chain.Start(exchange, [&](Reply r) { sent = std::move(r); });
    if (pass != nullptr) {
      pass->Respond(Reply(MakeResponse(200, "text/plain", "ok"), ""));
      last_ok_ = std::move(sent);
      return std::nullopt;
    }
    return sent;
  }

  static RateLimitOptions OnePerMinute() {
    RateLimitOptions options;
    options.rps = 1.0 / 60;
    options.burst = 1;
    return options;
  }

  std::unique_ptr<RouteTable> routes_;
  std::optional<Reply> last_ok_;
};

TEST_F(RateLimitFilterTest, RefusesAnEmptyBucketWith429AndHeaders) {
  FilterChain chain({RateLimitFilter(OnePerMinute(), {}, nullptr)});
  EXPECT_FALSE(Get(chain, "/v1/things/a", "10.0.0.1").has_value());
  ASSERT_TRUE(last_ok_.has_value());
  EXPECT_NE(last_ok_->response.find("RateLimit"), last_ok_->response.end());

  std::optional<Reply> refused = Get(chain, "/v1/things/a", "10.0.0.1");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->response.result_int(), 429);
  EXPECT_NE(refused->response.body().find("RATE_LIMITED"), std::string::npos);
  EXPECT_NE(refused->response.find("RateLimit"), refused->response.end());
  EXPECT_NE(refused->response.find(boost::beast::http::field::retry_after),
            refused->response.end());
  // Another caller has a bucket of its own.
  EXPECT_FALSE(Get(chain, "/v1/things/a", "10.0.0.2").has_value());
}

TEST_F(RateLimitFilterTest, LeavesTheGatewaysOwnAnswersAlone) {
  FilterChain chain({RateLimitFilter(OnePerMinute(), {}, nullptr)});
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(Get(chain, "/metrics", "10.0.0.1").has_value());
    ASSERT_TRUE(last_ok_.has_value());
    EXPECT_EQ(last_ok_->response.find("RateLimit"), last_ok_->response.end());
  }
}

TEST_F(RateLimitFilterTest, TheTokenIsRefusedOnlyAfterTheRateLimit) {
  auth::VerifierOptions options;
  options.hs256_secret = "0123456789abcdef0123456789abcdef";
  absl::StatusOr<std::unique_ptr<auth::TokenVerifier>> verifier =
      auth::TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  RateLimitOptions anonymous = OnePerMinute();
  anonymous.policy = "anonymous";
  FilterChain chain({AuthenticateFilter(verifier->get()),
                     RateLimitFilter({}, anonymous, nullptr),
                     RequireTokenFilter()});
  std::optional<Reply> first = Get(chain, "/v1/things/a", "10.0.0.1");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->response.result_int(), 401);
  EXPECT_EQ(first->response[boost::beast::http::field::www_authenticate],
            "Bearer");
  // The 401 went back through the rate limit: it carries its headers.
  EXPECT_NE(first->response.find("RateLimit"), first->response.end());
  std::optional<Reply> second = Get(chain, "/v1/things/a", "10.0.0.1");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->response.result_int(), 429);
}

}  // namespace
}  // namespace samen::gateway

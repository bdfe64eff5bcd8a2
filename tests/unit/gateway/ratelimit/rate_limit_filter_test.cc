#include "gateway/ratelimit/rate_limit_filter.h"

#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway::testing {
namespace {

using boost::beast::http::verb;

RateLimitOptions OnePerMinute() {
  RateLimitOptions options;
  options.rps = 1.0 / 60;
  options.burst = 1;
  return options;
}

using RateLimitFilterTest = FilterTest;

TEST_F(RateLimitFilterTest, RefusesAnEmptyBucketWith429AndHeaders) {
  FilterChain chain({RateLimitFilter(OnePerMinute(), {}, nullptr)});
  Outcome first = Run(chain, NewExchange(verb::get, "/v1/things/a"));
  ASSERT_TRUE(first.reply.has_value());
  EXPECT_TRUE(HasHeader(*first.reply, "RateLimit"));

  Outcome second = Run(chain, NewExchange(verb::get, "/v1/things/a"));
  ASSERT_TRUE(second.answer.has_value());
  EXPECT_EQ(second.answer->response.result_int(), 429);
  EXPECT_NE(second.answer->response.body().find("RATE_LIMITED"),
            std::string::npos);
  EXPECT_TRUE(HasHeader(*second.answer, "RateLimit"));
  EXPECT_TRUE(HasHeader(*second.answer, "Retry-After"));

  // Another caller has a bucket of its own.
  Outcome other =
      Run(chain, NewExchange(verb::get, "/v1/things/a", {}, "", "10.0.0.2"));
  EXPECT_TRUE(other.reply.has_value());
}

TEST_F(RateLimitFilterTest, LeavesTheGatewaysOwnAnswersAlone) {
  FilterChain chain({RateLimitFilter(OnePerMinute(), {}, nullptr)});
  for (int i = 0; i < 3; ++i) {
    Outcome outcome = Run(chain, NewExchange(verb::get, "/metrics"));
    ASSERT_TRUE(outcome.reply.has_value());
    EXPECT_FALSE(HasHeader(*outcome.reply, "RateLimit"));
  }
}

TEST_F(RateLimitFilterTest,
       AnonymousCallersUseTheirOwnPolicyWhenTokensAreChecked) {
  RateLimitOptions anonymous = OnePerMinute();
  anonymous.policy = "anonymous";
  FilterChain chain({RateLimitFilter({}, anonymous, nullptr)});
  // Without edge authentication nobody is "anonymous": the caller policy
  // (off here) applies.
  for (int i = 0; i < 2; ++i) {
    Outcome outcome = Run(chain, NewExchange(verb::get, "/v1/things/a"));
    ASSERT_TRUE(outcome.reply.has_value());
    EXPECT_FALSE(HasHeader(*outcome.reply, "RateLimit"));
  }
  auto checked = [this] {
    auto exchange = NewExchange(verb::get, "/v1/things/a");
    exchange->caller.checked = true;
    return exchange;
  };
  Outcome first = Run(chain, checked());
  ASSERT_TRUE(first.reply.has_value());
  EXPECT_NE(first.reply->response["RateLimit-Policy"].find("anonymous"),
            std::string::npos);
  Outcome second = Run(chain, checked());
  ASSERT_TRUE(second.answer.has_value());
  EXPECT_EQ(second.answer->response.result_int(), 429);
}

}  // namespace
}  // namespace samen::gateway::testing

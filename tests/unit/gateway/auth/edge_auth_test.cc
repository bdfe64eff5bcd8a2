#include "gateway/auth/edge_auth.h"

#include "gateway/ratelimit/rate_limit_filter.h"
#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway::testing {
namespace {

using boost::beast::http::verb;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef";

class EdgeAuthTest : public FilterTest {
 protected:
  void SetUp() override {
    FilterTest::SetUp();
    auth::VerifierOptions options;
    options.hs256_secret = kSecret;
    absl::StatusOr<std::unique_ptr<auth::TokenVerifier>> verifier =
        auth::TokenVerifier::Create(options);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = *std::move(verifier);
  }

  std::unique_ptr<auth::TokenVerifier> verifier_;
};

TEST_F(EdgeAuthTest, AMissingTokenIs401Bearer) {
  FilterChain chain(
      {AuthenticateFilter(verifier_.get()), RequireTokenFilter()});
  Outcome outcome = Run(chain, NewExchange(verb::get, "/v1/things/a"));
  ASSERT_TRUE(outcome.answer.has_value());
  EXPECT_EQ(outcome.answer->response.result_int(), 401);
  EXPECT_EQ(
      outcome.answer->response[boost::beast::http::field::www_authenticate],
      "Bearer");
}

TEST_F(EdgeAuthTest, AnInvalidTokenIs401InvalidToken) {
  FilterChain chain(
      {AuthenticateFilter(verifier_.get()), RequireTokenFilter()});
  Outcome outcome =
      Run(chain, NewExchange(verb::get, "/v1/things/a",
                             {{"Authorization", "Bearer x.y.z"}}));
  ASSERT_TRUE(outcome.answer.has_value());
  EXPECT_EQ(outcome.answer->response.result_int(), 401);
  EXPECT_NE(
      std::string(
          outcome.answer->response[boost::beast::http::field::www_authenticate])
          .find("error=\"invalid_token\""),
      std::string::npos);
}

TEST_F(EdgeAuthTest, WithoutAVerifierOrARouteNothingIsChecked) {
  FilterChain unchecked({AuthenticateFilter(nullptr), RequireTokenFilter()});
  Outcome outcome = Run(unchecked, NewExchange(verb::get, "/v1/things/a"));
  EXPECT_TRUE(outcome.reply.has_value());
  EXPECT_FALSE(outcome.exchange->caller.checked);

  FilterChain chain(
      {AuthenticateFilter(verifier_.get()), RequireTokenFilter()});
  EXPECT_TRUE(Run(chain, NewExchange(verb::get, "/metrics")).reply.has_value());
}

TEST_F(EdgeAuthTest, TheTokenIsRefusedOnlyAfterTheRateLimit) {
  RateLimitOptions anonymous;
  anonymous.rps = 1.0 / 60;
  anonymous.burst = 1;
  FilterChain chain({AuthenticateFilter(verifier_.get()),
                     RateLimitFilter({}, anonymous, nullptr),
                     RequireTokenFilter()});
  Outcome first = Run(chain, NewExchange(verb::get, "/v1/things/a"));
  ASSERT_TRUE(first.answer.has_value());
  EXPECT_EQ(first.answer->response.result_int(), 401);
  // The 401 went back through the rate limit: it carries its headers.
  EXPECT_TRUE(HasHeader(*first.answer, "RateLimit"));
  Outcome second = Run(chain, NewExchange(verb::get, "/v1/things/a"));
  ASSERT_TRUE(second.answer.has_value());
  EXPECT_EQ(second.answer->response.result_int(), 429);
}

}  // namespace
}  // namespace samen::gateway::testing

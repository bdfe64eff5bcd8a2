#include "gateway/cors/cors_filter.h"

#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway::testing {
namespace {

using boost::beast::http::field;
using boost::beast::http::verb;

constexpr char kOrigin[] = "https://app.example.org";

CorsOptions Allowing() {
  CorsOptions options;
  options.allowed_origins = {kOrigin};
  return options;
}

using CorsFilterTest = FilterTest;

TEST_F(CorsFilterTest, AnswersAPreflightBeforeAnyLaterFilter) {
  bool later_ran = false;
  class Later : public Filter {
   public:
    explicit Later(bool* ran) : ran_(ran) {}
    std::optional<Reply> OnRequest(Exchange&) override {
      *ran_ = true;
      return std::nullopt;
    }

   private:
    bool* ran_;
  };
  FilterChain chain({CorsFilter(Allowing()), [&later_ran] {
                       return std::make_unique<Later>(&later_ran);
                     }});
  auto exchange = NewExchange(
      verb::options, "/v1/things/a",
      {{"Origin", kOrigin}, {"Access-Control-Request-Method", "GET"}});
  exchange->match.allowed_methods = {"GET", "PUT"};  // as the gateway finds
  Outcome outcome = Run(chain, exchange);
  ASSERT_TRUE(outcome.answer.has_value());
  EXPECT_FALSE(later_ran);
  EXPECT_EQ(outcome.answer->response.result_int(), 204);
  EXPECT_EQ(outcome.answer->response[field::access_control_allow_origin],
            kOrigin);
  EXPECT_NE(
      std::string(outcome.answer->response[field::access_control_allow_methods])
          .find("PUT"),
      std::string::npos);
}

TEST_F(CorsFilterTest, LeavesUnknownPathsAndPlainOptionsToTheGateway) {
  FilterChain chain({CorsFilter(Allowing())});
  auto unknown = NewExchange(
      verb::options, "/v1/nowhere",
      {{"Origin", kOrigin}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_FALSE(Run(chain, unknown).answer.has_value());
  auto plain = NewExchange(verb::options, "/v1/things/a");
  plain->match.allowed_methods = {"GET"};
  EXPECT_FALSE(Run(chain, plain).answer.has_value());
}

TEST_F(CorsFilterTest, DecoratesEveryReplyToAnAllowedOrigin) {
  FilterChain chain({CorsFilter(Allowing())});
  Outcome outcome =
      Run(chain, NewExchange(verb::get, "/v1/things/a", {{"Origin", kOrigin}}),
          Reply(MakeResponse(404, "text/plain", "no"), ""));
  ASSERT_TRUE(outcome.reply.has_value());
  EXPECT_EQ(outcome.reply->response[field::access_control_allow_origin],
            kOrigin);
  Outcome other =
      Run(chain, NewExchange(verb::get, "/v1/things/a",
                             {{"Origin", "https://elsewhere.example"}}));
  ASSERT_TRUE(other.reply.has_value());
  EXPECT_FALSE(HasHeader(*other.reply, "Access-Control-Allow-Origin"));
}

}  // namespace
}  // namespace samen::gateway::testing

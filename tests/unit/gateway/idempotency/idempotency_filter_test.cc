#include "gateway/idempotency/idempotency_filter.h"

#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway::testing {
namespace {

using boost::beast::http::verb;

using IdempotencyFilterTest = FilterTest;

TEST_F(IdempotencyFilterTest, AKeyOnAWriteWithoutRequestIdIsRefused) {
  FilterChain chain({IdempotencyFilter()});
  // The test messages have no `request_id` field.
  Outcome outcome = Run(chain, NewExchange(verb::post, "/v1/things:ping",
                                           {{"Idempotency-Key", "k-1"}}, "{}"));
  ASSERT_TRUE(outcome.answer.has_value());
  EXPECT_EQ(outcome.answer->response.result_int(), 400);
  EXPECT_NE(outcome.answer->response.body().find("Idempotency-Key"),
            std::string::npos);
}

TEST_F(IdempotencyFilterTest, GetsAndWritesWithoutAKeyPass) {
  FilterChain chain({IdempotencyFilter()});
  EXPECT_TRUE(Run(chain, NewExchange(verb::get, "/v1/things/a",
                                     {{"Idempotency-Key", "k-1"}}))
                  .reply.has_value());
  EXPECT_TRUE(Run(chain, NewExchange(verb::post, "/v1/things:ping", {}, "{}"))
                  .reply.has_value());
}

}  // namespace
}  // namespace samen::gateway::testing

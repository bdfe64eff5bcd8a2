#include "gateway/etag/etag_filter.h"

#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway::testing {
namespace {

using boost::beast::http::verb;

using EtagFilterTest = FilterTest;

TEST_F(EtagFilterTest, KeepsIfNoneMatchOfAGetForTheReply) {
  FilterChain chain({EtagFilter()});
  Outcome outcome = Run(chain, NewExchange(verb::get, "/v1/things/a",
                                           {{"If-None-Match", "\"v1\""}}));
  EXPECT_TRUE(outcome.reply.has_value());
  ASSERT_TRUE(outcome.exchange->success.if_none_match.has_value());
  EXPECT_EQ(outcome.exchange->success.if_none_match->tags.size(), 1u);
  EXPECT_FALSE(outcome.exchange->reasons.if_match);
}

TEST_F(EtagFilterTest, RefusesMalformedTagsNamingTheHeader) {
  FilterChain chain({EtagFilter()});
  Outcome outcome = Run(
      chain, NewExchange(verb::get, "/v1/things/a", {{"If-None-Match", "v1"}}));
  ASSERT_TRUE(outcome.answer.has_value());
  EXPECT_EQ(outcome.answer->response.result_int(), 400);
  EXPECT_NE(outcome.answer->response.body().find("If-None-Match"),
            std::string::npos);
}

TEST_F(EtagFilterTest, IfMatchNeedsAnEtagToFill) {
  FilterChain chain({EtagFilter()});
  // The test messages have no `etag` field.
  Outcome outcome = Run(chain, NewExchange(verb::patch, "/v1/inners/x",
                                           {{"If-Match", "\"v1\""}}, "{}"));
  ASSERT_TRUE(outcome.answer.has_value());
  EXPECT_EQ(outcome.answer->response.result_int(), 400);
  EXPECT_NE(outcome.answer->response.body().find("If-Match"),
            std::string::npos);
}

}  // namespace
}  // namespace samen::gateway::testing

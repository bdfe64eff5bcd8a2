#include "gateway/fields/fields_filter.h"

#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway::testing {
namespace {

using boost::beast::http::verb;

using FieldsFilterTest = FilterTest;

TEST_F(FieldsFilterTest, KeepsTheSelectionForTheReply) {
  FilterChain chain({FieldsFilter()});
  Outcome outcome =
      Run(chain, NewExchange(verb::get, "/v1/things/a?fields=name"));
  EXPECT_TRUE(outcome.reply.has_value());
  ASSERT_TRUE(outcome.exchange->success.fields.has_value());
  EXPECT_EQ(outcome.exchange->success.fields->mask().paths_size(), 1);

  Outcome none = Run(chain, NewExchange(verb::get, "/v1/things/a"));
  EXPECT_FALSE(none.exchange->success.fields.has_value());
}

TEST_F(FieldsFilterTest, RefusesUnknownPathsBeforeTheRequestIsBuilt) {
  FilterChain chain({FieldsFilter()});
  Outcome outcome =
      Run(chain, NewExchange(verb::get, "/v1/things/a?fields=nope"));
  ASSERT_TRUE(outcome.answer.has_value());
  EXPECT_EQ(outcome.answer->response.result_int(), 400);
  EXPECT_EQ(outcome.message, nullptr);
  EXPECT_NE(outcome.answer->response.body().find("fields"), std::string::npos);
}

TEST_F(FieldsFilterTest, DerivesThePatchUpdateMaskFromTheBody) {
  FilterChain chain({FieldsFilter()});
  Outcome outcome = Run(
      chain, NewExchange(verb::patch, "/v1/inners/x", {}, R"({"depth": 3})"));
  ASSERT_TRUE(outcome.reply.has_value());
  const auto& request = static_cast<const Everything&>(*outcome.message);
  ASSERT_EQ(request.update_mask().paths_size(), 1);
  EXPECT_EQ(request.update_mask().paths(0), "depth");
}

}  // namespace
}  // namespace samen::gateway::testing

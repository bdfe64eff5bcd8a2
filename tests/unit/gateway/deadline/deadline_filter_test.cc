#include "gateway/deadline/deadline_filter.h"

#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway {
namespace {

DeadlineOptions Options() {
  DeadlineOptions options;
  options.request_timeout = absl::Seconds(30);
  options.max_request_timeout = absl::Seconds(20);
  options.stream_timeout = absl::Minutes(10);
  return options;
}

TEST(CallTimeout, UnaryCallsAreCappedAndStreamsGetTheStreamTimeout) {
  EXPECT_EQ(*CallTimeout(Options(), false, std::nullopt), absl::Seconds(20));
  EXPECT_EQ(*CallTimeout(Options(), true, std::nullopt), absl::Minutes(10));
}

TEST(CallTimeout, TheHeaderOnlyShortens) {
  EXPECT_EQ(*CallTimeout(Options(), false, "1.5"), absl::Milliseconds(1500));
  EXPECT_EQ(*CallTimeout(Options(), false, "600"), absl::Seconds(20));
  EXPECT_EQ(*CallTimeout(Options(), true, "5"), absl::Seconds(5));
}

TEST(CallTimeout, RefusesWhatIsNotAPositiveNumberNamingTheHeader) {
  for (absl::string_view bad : {"", "0", "-1", "soon", "nan"}) {
    absl::StatusOr<absl::Duration> timeout = CallTimeout(Options(), false, bad);
    ASSERT_FALSE(timeout.ok()) << bad;
    EXPECT_EQ(timeout.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(timeout.status().message().find("X-Request-Timeout"),
              std::string::npos)
        << timeout.status();
  }
}

using DeadlineFilterTest = testing::FilterTest;

TEST_F(DeadlineFilterTest, SetsTheExchangesTimeoutOrRefusesTheHeader) {
  FilterChain chain({DeadlineFilter(Options())});
  using boost::beast::http::verb;
  testing::Outcome ok = Run(
      chain, NewExchange(verb::get, "/v1/things/a", {{kTimeoutHeader, "2"}}));
  EXPECT_TRUE(ok.reply.has_value());
  EXPECT_EQ(ok.exchange->timeout, absl::Seconds(2));

  testing::Outcome bad = Run(
      chain, NewExchange(verb::get, "/v1/things/a", {{kTimeoutHeader, ""}}));
  ASSERT_TRUE(bad.answer.has_value());
  EXPECT_EQ(bad.answer->response.result_int(), 400);
  EXPECT_NE(bad.answer->response.body().find("X-Request-Timeout"),
            std::string::npos);
}

}  // namespace
}  // namespace samen::gateway

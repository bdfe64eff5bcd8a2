#include "gateway/compression/compression_filter.h"

#include <string>

#include "gateway/compression/gzip.h"
#include "gtest/gtest.h"
#include "tests/unit/gateway/filter_test_support.h"

namespace samen::gateway::testing {
namespace {

using boost::beast::http::field;
using boost::beast::http::verb;

using CompressionFilterTest = FilterTest;

Reply LargeJson() {
  return Reply(MakeResponse(200, "application/json",
                            std::string(4 * kMinCompressBytes, 'a')),
               "");
}

TEST_F(CompressionFilterTest, GzipsWhatTheClientAccepts) {
  FilterChain chain({CompressionFilter()});
  Outcome outcome =
      Run(chain,
          NewExchange(verb::get, "/v1/things/a", {{"Accept-Encoding", "gzip"}}),
          LargeJson());
  ASSERT_TRUE(outcome.reply.has_value());
  EXPECT_EQ(outcome.reply->response[field::content_encoding], "gzip");
  EXPECT_LT(outcome.reply->response.body().size(), 4 * kMinCompressBytes);

  Outcome plain =
      Run(chain, NewExchange(verb::get, "/v1/things/a"), LargeJson());
  ASSERT_TRUE(plain.reply.has_value());
  EXPECT_FALSE(HasHeader(*plain.reply, "Content-Encoding"));
}

TEST_F(CompressionFilterTest, LeavesStreamsAlone) {
  FilterChain chain({CompressionFilter()});
  Reply stream = LargeJson();
  stream.stream = [](std::shared_ptr<BodyWriter>) {};
  Outcome outcome =
      Run(chain,
          NewExchange(verb::get, "/v1/things/a", {{"Accept-Encoding", "gzip"}}),
          std::move(stream));
  ASSERT_TRUE(outcome.reply.has_value());
  EXPECT_FALSE(HasHeader(*outcome.reply, "Content-Encoding"));
}

}  // namespace
}  // namespace samen::gateway::testing

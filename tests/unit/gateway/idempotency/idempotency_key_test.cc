#include "gateway/idempotency/idempotency_key.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.pb.h"

namespace samen::gateway {
namespace {

using ::testing::HasSubstr;

TEST(ParseIdempotencyKey, AcceptsPrintableAsciiBareOrQuoted) {
  EXPECT_EQ(*ParseIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324"),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(*ParseIdempotencyKey("\"abc def\""), "abc def");
  EXPECT_TRUE(ParseIdempotencyKey(std::string(255, 'k')).ok());
}

TEST(ParseIdempotencyKey, RefusesEmptyLongAndNonAsciiKeysNamingTheHeader) {
  for (const std::string& bad :
       {std::string(""), std::string("\"\""), std::string(256, 'k'),
        std::string("caf\xc3\xa9"), std::string("tab\there")}) {
    auto parsed = ParseIdempotencyKey(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(std::string(parsed.status().message()),
                HasSubstr("Idempotency-Key"));
  }
}

TEST(ApplyIdempotencyKey, SetsRequestId) {
  samen::partners::v1::CreatePartnershipRequest request;
  ASSERT_TRUE(ApplyIdempotencyKey("k-1", &request).ok());
  EXPECT_EQ(request.request_id(), "k-1");
  // The same id in the body as well is fine; a different one is not.
  EXPECT_TRUE(ApplyIdempotencyKey("k-1", &request).ok());
  EXPECT_FALSE(ApplyIdempotencyKey("k-2", &request).ok());
}

TEST(ApplyIdempotencyKey, MessageWithoutRequestIdIsInvalid) {
  samen::partners::v1::GetPartnershipRequest request;
  absl::Status s = ApplyIdempotencyKey("k-1", &request);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("Idempotency-Key"));
}

}  // namespace
}  // namespace samen::gateway

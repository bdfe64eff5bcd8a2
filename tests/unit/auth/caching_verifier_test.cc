#include "services/common/auth/caching_verifier.h"

#include <atomic>

#include "gtest/gtest.h"

namespace samen::auth::internal {
namespace {

// Counts how often the real verification runs; accepts tokens "good-<n>" that
// expire at second n.
class CountingVerifier final : public TokenVerifier {
 public:
  explicit CountingVerifier(std::atomic<int>* calls) : calls_(calls) {}
  absl::StatusOr<Principal> Verify(absl::string_view token,
                                   absl::Time now) const override {
    ++*calls_;
    if (token.substr(0, 5) != "good-") {
      return absl::UnauthenticatedError("signature does not verify");
    }
    Principal p;
    p.subject = std::string(token);
    p.expires = absl::FromUnixSeconds(std::stoi(std::string(token.substr(5))));
    if (now >= p.expires) {
      return absl::UnauthenticatedError("token expired");
    }
    return p;
  }

 private:
  std::atomic<int>* calls_;
};

TEST(CachingVerifier, VerifiesATokenOnceUntilItExpires) {
  std::atomic<int> calls{0};
  CachingVerifier verifier(std::make_unique<CountingVerifier>(&calls), 1024);
  for (int i = 0; i < 5; ++i) {
    auto p = verifier.Verify("good-100", absl::FromUnixSeconds(50));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->subject, "good-100");
  }
  EXPECT_EQ(calls.load(), 1);
  // At expiry the cache no longer answers: the real check says expired.
  auto late = verifier.Verify("good-100", absl::FromUnixSeconds(100));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(calls.load(), 2);
}

TEST(CachingVerifier, NeverCachesFailures) {
  std::atomic<int> calls{0};
  CachingVerifier verifier(std::make_unique<CountingVerifier>(&calls), 1024);
  EXPECT_FALSE(verifier.Verify("forged", absl::FromUnixSeconds(1)).ok());
  EXPECT_FALSE(verifier.Verify("forged", absl::FromUnixSeconds(1)).ok());
  EXPECT_EQ(calls.load(), 2);
}

TEST(CachingVerifier, StaysBoundedWhenFull) {
  std::atomic<int> calls{0};
  CachingVerifier verifier(std::make_unique<CountingVerifier>(&calls), 16);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(verifier
                    .Verify("good-" + std::to_string(1000 + i),
                            absl::FromUnixSeconds(1))
                    .ok());
  }
  EXPECT_EQ(calls.load(), 1000);
  // Still correct after evictions.
  EXPECT_TRUE(verifier.Verify("good-1999", absl::FromUnixSeconds(1)).ok());
}

}  // namespace
}  // namespace samen::auth::internal

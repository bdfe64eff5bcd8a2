#include "gateway/ratelimit/rate_limiter.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

RateLimitOptions Options(double rps, int burst) {
  RateLimitOptions options;
  options.rps = rps;
  options.burst = burst;
  return options;
}

TEST(RateLimiter, BurstThenRefusalThenRefill) {
  RateLimiter limiter(Options(2, 3));
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  for (int i = 0; i < 3; ++i) {
    auto d = limiter.Acquire("sub:a", t0);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 2 - i);
  }
  auto refused = limiter.Acquire("sub:a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.retry_after_seconds, 1);  // 0.5 s rounds up
  EXPECT_EQ(refused.reset_seconds, 2);        // 3 tokens at 2/s
  // Another caller is not affected.
  EXPECT_TRUE(limiter.Acquire("sub:b", t0).allowed);
  // Half a second later one token is back.
  EXPECT_TRUE(limiter.Acquire("sub:a", t0 + absl::Milliseconds(500)).allowed);
  EXPECT_FALSE(limiter.Acquire("sub:a", t0 + absl::Milliseconds(500)).allowed);
}

TEST(RateLimiter, NeverMoreThanTheBurst) {
  RateLimiter limiter(Options(10, 5));
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  limiter.Acquire("k", t0);
  auto later = limiter.Acquire("k", t0 + absl::Hours(1));
  EXPECT_EQ(later.remaining, 4);
}

TEST(RateLimiter, EvictsIdleBuckets) {
  RateLimiter limiter(Options(1, 2), 1);
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  for (int i = 0; i < 100; ++i) {
    limiter.Acquire("ip:10.0.0." + std::to_string(i), t0);
  }
  EXPECT_EQ(limiter.bucket_count(), 100u);
  // Two seconds refill every bucket; the next acquire sweeps them.
  limiter.Acquire("ip:other", t0 + absl::Seconds(3));
  EXPECT_EQ(limiter.bucket_count(), 1u);
}

TEST(RateLimiter, OffWithoutRate) {
  RateLimiter limiter(Options(0, 0));
  EXPECT_FALSE(limiter.enabled());
  EXPECT_TRUE(limiter.Acquire("k", absl::Now()).allowed);
  HttpResponse r = MakeResponse(200, "", "");
  limiter.SetHeaders(limiter.Acquire("k", absl::Now()), &r);
  EXPECT_EQ(r.find("RateLimit"), r.end());
}

TEST(RateLimiter, Headers) {
  RateLimiter limiter(Options(5, 10));
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  HttpResponse ok = MakeResponse(200, "", "");
  limiter.SetHeaders(limiter.Acquire("k", t0), &ok);
  EXPECT_EQ(ok["RateLimit-Policy"], "\"edge\";q=10;w=2");
  EXPECT_EQ(ok["RateLimit"], "\"edge\";r=9;t=1");
  EXPECT_EQ(ok.find(http::field::retry_after), ok.end());
  for (int i = 0; i < 9; ++i) {
    limiter.Acquire("k", t0);
  }
  HttpResponse refused = MakeResponse(429, "", "");
  limiter.SetHeaders(limiter.Acquire("k", t0), &refused);
  EXPECT_EQ(refused["RateLimit"], "\"edge\";r=0;t=2");
  EXPECT_EQ(refused[http::field::retry_after], "1");
}

TEST(RateLimiter, ConcurrentCallersShareOneBucketExactly) {
  RateLimiter limiter(Options(0.001, 1000));
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        allowed += limiter.Acquire("shared", t0).allowed ? 1 : 0;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(allowed.load(), 1000);
}

TEST(RateLimitKey, SubjectElseAddress) {
  EXPECT_EQ(RateLimitKey("p-1", "10.0.0.1", "", 0), "sub:p-1");
  EXPECT_EQ(RateLimitKey("", "10.0.0.1", "203.0.113.9", 0), "ip:10.0.0.1");
  EXPECT_EQ(RateLimitKey("", "10.0.0.1", "1.1.1.1, 203.0.113.9", 1),
            "ip:203.0.113.9");
  EXPECT_EQ(RateLimitKey("", "10.0.0.1", "1.1.1.1, 203.0.113.9", 2),
            "ip:1.1.1.1");
  EXPECT_EQ(RateLimitKey("", "10.0.0.1", "203.0.113.9", 3), "ip:203.0.113.9");
}

}  // namespace
}  // namespace samen::gateway

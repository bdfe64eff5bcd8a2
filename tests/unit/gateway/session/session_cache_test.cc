#include "gateway/session/session_cache.h"

#include "gtest/gtest.h"

namespace samen::gateway::session {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

TEST(SessionCache, KeyIsTheSha256OfTheSecret) {
  EXPECT_EQ(SessionCache::KeyFor("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SessionCache, FreshForAtMostThirtySeconds) {
  SessionCache cache;
  cache.Put("k", "token", "csrf", kNow + absl::Minutes(15), kNow);
  ASSERT_TRUE(cache.Find("k", kNow + absl::Seconds(29)).has_value());
  EXPECT_EQ(cache.Find("k", kNow)->access_token, "token");
  EXPECT_EQ(cache.Find("k", kNow)->csrf_token, "csrf");
  EXPECT_FALSE(cache.Find("k", kNow + absl::Seconds(30)).has_value());
}

TEST(SessionCache, NeverBeyondTheTokensExpiryLessThirtySeconds) {
  SessionCache cache;
  cache.Put("k", "token", "csrf", kNow + absl::Seconds(40), kNow);
  EXPECT_TRUE(cache.Find("k", kNow + absl::Seconds(9)).has_value());
  EXPECT_FALSE(cache.Find("k", kNow + absl::Seconds(10)).has_value());
  cache.Put("soon", "token", "csrf", kNow + absl::Seconds(20), kNow);
  EXPECT_FALSE(cache.Find("soon", kNow).has_value());
}

TEST(SessionCache, EvictsTheOldestWhenFull) {
  SessionCache cache(2);
  cache.Put("a", "1", "", kNow + absl::Hours(1), kNow);
  cache.Put("b", "2", "", kNow + absl::Hours(1), kNow);
  cache.Put("c", "3", "", kNow + absl::Hours(1), kNow);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.Find("a", kNow).has_value());
  EXPECT_TRUE(cache.Find("b", kNow).has_value());
  EXPECT_TRUE(cache.Find("c", kNow).has_value());
}

TEST(SessionCache, EraseForgets) {
  SessionCache cache;
  cache.Put("k", "t", "c", kNow + absl::Hours(1), kNow);
  cache.Erase("k");
  EXPECT_FALSE(cache.Find("k", kNow).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace samen::gateway::session

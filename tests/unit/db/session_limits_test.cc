#include "absl/time/time.h"
#include "db/session.h"
#include "gtest/gtest.h"

namespace samen::db::internal {
namespace {

TEST(LimitsFor, RoundsUpToWholeSeconds) {
  EXPECT_EQ(LimitsFor(absl::Milliseconds(1500)), (SessionLimits{2, 2}));
  EXPECT_EQ(LimitsFor(absl::Milliseconds(1)), (SessionLimits{1, 1}));
  EXPECT_EQ(LimitsFor(absl::Seconds(3)), (SessionLimits{3, 3}));
  EXPECT_EQ(LimitsFor(absl::Milliseconds(3001)), (SessionLimits{4, 4}));
}

TEST(LimitsFor, NearbyDeadlinesShareLimits) {
  EXPECT_EQ(LimitsFor(absl::Milliseconds(4100)),
            LimitsFor(absl::Milliseconds(4900)));
}

TEST(LimitsFor, LockWaitsAreCapped) {
  EXPECT_EQ(LimitsFor(absl::Minutes(10)),
            (SessionLimits{600, kMaxLockWaitSeconds}));
}

TEST(LimitsFor, FarOrInfiniteDeadlineHasNoStatementLimit) {
  EXPECT_EQ(LimitsFor(absl::InfiniteDuration()),
            (SessionLimits{0, kMaxLockWaitSeconds}));
  EXPECT_EQ(LimitsFor(absl::Hours(2)), (SessionLimits{0, kMaxLockWaitSeconds}));
}

}  // namespace
}  // namespace samen::db::internal

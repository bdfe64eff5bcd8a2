// The executor's admission by deadline: a task waits while the work ahead of
// it can finish in time, and is refused at once, with the expected wait, when
// it cannot.

#include "services/common/executor.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace samen {
namespace {

TEST(Executor, AdmitsWhatCanFinishInTimeAndRefusesWhatCannot) {
  Executor executor(/*threads=*/1, /*max_queue=*/1000);
  // Teach it that a task takes about 50 ms.
  for (int i = 0; i < 3; ++i) {
    absl::Notification ran;
    ASSERT_FALSE(executor
                     .SubmitBefore(absl::InfiniteFuture(),
                                   [&] {
                                     absl::SleepFor(absl::Milliseconds(50));
                                     ran.Notify();
                                   })
                     .has_value());
    ran.WaitForNotification();
  }
  EXPECT_GE(executor.average_task_time(), absl::Milliseconds(40));
  // Nothing queued: admitted even when the estimate says it is too late.
  EXPECT_FALSE(executor.SubmitBefore(absl::Now() + absl::Milliseconds(1), [] {})
                   .has_value());
  absl::SleepFor(absl::Milliseconds(20));

  // Ten tasks queued: about half a second of work ahead.
  absl::Notification release;
  std::atomic<int> finished = 0;
  for (int i = 0; i < 10; ++i) {
    ASSERT_FALSE(executor
                     .SubmitBefore(absl::Now() + absl::Seconds(30),
                                   [&] {
                                     release.WaitForNotification();
                                     ++finished;
                                   })
                     .has_value());
  }
  // Due in 100 ms: it could not even start; refused with the wait.
  auto refused =
      executor.SubmitBefore(absl::Now() + absl::Milliseconds(100), [] {});
  ASSERT_TRUE(refused.has_value());
  EXPECT_FALSE(refused->queue_full);
  EXPECT_GE(refused->wait, absl::Milliseconds(300));
  // Due in 30 s: it waits its turn.
  EXPECT_FALSE(executor.SubmitBefore(absl::Now() + absl::Seconds(30), [] {})
                   .has_value());
  release.Notify();
}

TEST(Executor, MaxQueueStillBoundsMemory) {
  Executor executor(/*threads=*/1, /*max_queue=*/2);
  absl::Notification release;
  ASSERT_FALSE(executor
                   .SubmitBefore(absl::InfiniteFuture(),
                                 [&] { release.WaitForNotification(); })
                   .has_value());
  absl::SleepFor(absl::Milliseconds(50));  // the first one is running
  EXPECT_FALSE(
      executor.SubmitBefore(absl::InfiniteFuture(), [] {}).has_value());
  EXPECT_FALSE(
      executor.SubmitBefore(absl::InfiniteFuture(), [] {}).has_value());
  auto full = executor.SubmitBefore(absl::InfiniteFuture(), [] {});
  ASSERT_TRUE(full.has_value());
  EXPECT_TRUE(full->queue_full);
  release.Notify();
}

}  // namespace
}  // namespace samen

#pragma once

// The threads that drain a queue kept in the database (the webhook and e-mail
// outboxes' workers): each calls `run_once(thread index)`, which claims and
// handles one batch and says how many it claimed; a full batch means there may
// be more, so it runs again at once, otherwise the thread sleeps until Wake()
// or `poll_interval`. Declare it as the owner's last member: it starts the
// threads when constructed and stops and joins them first when destroyed.

#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace samen {

class PollingThreads {
 public:
  PollingThreads(int threads, int batch, absl::Duration poll_interval,
                 std::function<int(int)> run_once);
  ~PollingThreads();
  PollingThreads(const PollingThreads&) = delete;
  PollingThreads& operator=(const PollingThreads&) = delete;

  // Something was queued: look now instead of at the next poll.
  void Wake();

 private:
  void Loop(int index);

  const int batch_;
  const absl::Duration poll_interval_;
  const std::function<int(int)> run_once_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  int64_t wakeups_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::thread> threads_;
};

}  // namespace samen

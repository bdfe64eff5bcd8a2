#include "services/common/polling_threads.h"

namespace samen {

PollingThreads::PollingThreads(int threads, int batch,
                               absl::Duration poll_interval,
                               std::function<int(int)> run_once)
    : batch_(batch),
      poll_interval_(poll_interval),
      run_once_(std::move(run_once)) {
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this, i] { Loop(i); });
  }
}

PollingThreads::~PollingThreads() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  for (auto& t : threads_) {
    t.join();
  }
}

void PollingThreads::Wake() {
  absl::MutexLock lock(&mu_);
  ++wakeups_;
}

void PollingThreads::Loop(int index) {
  int64_t seen = 0;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stop_) {
        return;
      }
      seen = wakeups_;
    }
    if (run_once_(index) >= batch_) {
      continue;  // there may be more due right now
    }
    absl::MutexLock lock(&mu_);
    auto woken = [this, seen]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      return stop_ || wakeups_ != seen;  // evaluated with mu_ held
    };
    mu_.AwaitWithTimeout(absl::Condition(&woken), poll_interval_);
  }
}

}  // namespace samen

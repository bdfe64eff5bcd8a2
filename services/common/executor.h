#pragma once

// A bounded executor for blocking work (database calls). gRPC's callback
// reactions must not block, so handlers hand their work to this pool, sized
// like the connection pool.
//
// Admission is by deadline (SubmitBefore): a task waits its turn as long as,
// by the measured time a task takes (a moving average), it can still start
// and finish before its deadline; one that cannot is refused at once, with the
// wait that would have been needed, so the caller answers RESOURCE_EXHAUSTED
// with a Retry-After instead of answering DEADLINE_EXCEEDED late. A burst the
// pool can work through in time waits; only what cannot finish is shed.
// max_queue bounds memory, not latency.

#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace samen {

class Executor {
 public:
  Executor(int threads, size_t max_queue);
  ~Executor();  // Runs what is queued, then joins.
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues `task`; false when the queue already holds max_queue tasks or the
  // executor stops.
  bool Submit(std::function<void()> task);

  struct Refusal {
    // How long the queue ahead would have taken (a Retry-After).
    absl::Duration wait;
    bool queue_full = false;  // max_queue reached, or stopping
  };
  // Queues `task` if, by the current estimate, it can finish before
  // `deadline`; otherwise returns why not.
  std::optional<Refusal> SubmitBefore(absl::Time deadline,
                                      std::function<void()> task);

  size_t queued() const;
  // The moving average of a task's run time (zero before the first).
  absl::Duration average_task_time() const;

 private:
  void Loop();

  const size_t max_queue_;
  const int threads_count_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  absl::Duration average_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace samen

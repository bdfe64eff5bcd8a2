#pragma once

// A bounded executor for blocking work (database calls). gRPC's callback
// reactions must not block, so handlers hand their work to this pool, sized
// like the connection pool. When the queue is full, Submit refuses at once: the
// caller answers RESOURCE_EXHAUSTED instead of letting requests pile up behind
// a slow database.

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

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

  size_t queued() const;

 private:
  void Loop();

  const size_t max_queue_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace samen

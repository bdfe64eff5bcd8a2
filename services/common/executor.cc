#include "services/common/executor.h"

#include <algorithm>
#include <utility>

namespace samen {

Executor::Executor(int threads, size_t max_queue)
    : max_queue_(max_queue), threads_count_(std::max(1, threads)) {
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { Loop(); });
  }
}

Executor::~Executor() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (auto& t : threads_) {
    t.join();
  }
}

bool Executor::Submit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= max_queue_) {
    return false;
  }
  queue_.push_back(std::move(task));
  return true;
}

std::optional<Executor::Refusal> Executor::SubmitBefore(
    absl::Time deadline, std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  // Ahead of this task: the queue, shared by the threads; then its own run.
  const absl::Duration wait =
      average_ * static_cast<double>(queue_.size()) / threads_count_;
  if (stopping_ || queue_.size() >= max_queue_) {
    return Refusal{wait, true};
  }
  // With nothing queued the task is next: never refused by an estimate (one
  // slow task must not turn callers away from an idle pool).
  if (!queue_.empty() && absl::Now() + wait + average_ > deadline) {
    return Refusal{wait, false};
  }
  queue_.push_back(std::move(task));
  return std::nullopt;
}

absl::Duration Executor::average_task_time() const {
  absl::MutexLock lock(&mu_);
  return average_;
}

size_t Executor::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

void Executor::Loop() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Executor* e) ABSL_EXCLUSIVE_LOCKS_REQUIRED(e->mu_) {
            return e->stopping_ || !e->queue_.empty();
          },
          this));
      if (queue_.empty()) {
        return;  // stopping and drained
      }
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    const absl::Time start = absl::Now();
    task();
    const absl::Duration took = absl::Now() - start;
    absl::MutexLock lock(&mu_);
    // An exponential moving average over about the last 20 tasks.
    average_ = average_ == absl::ZeroDuration()
                   ? took
                   : average_ + (took - average_) / 20;
  }
}

}  // namespace samen

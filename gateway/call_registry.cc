#include "gateway/call_registry.h"

namespace samen::gateway {

void CallRegistry::Add(std::uintptr_t call, std::function<void()> cancel) {
  absl::MutexLock lock(&mu_);
  calls_.emplace(call, std::move(cancel));
}

void CallRegistry::Remove(std::uintptr_t call) {
  absl::MutexLock lock(&mu_);
  calls_.erase(call);
}

bool CallRegistry::CancelAndWait(absl::Duration limit) {
  std::vector<std::function<void()>> cancels;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [call, cancel] : calls_) {
      cancels.push_back(cancel);
    }
  }
  for (const auto& cancel : cancels) {
    cancel();
  }
  absl::MutexLock lock(&mu_);
  auto none = [this]()
                  ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return calls_.empty(); };
  return mu_.AwaitWithTimeout(absl::Condition(&none), limit);
}

}  // namespace samen::gateway

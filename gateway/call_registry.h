#pragma once

// The backend calls a gateway has in flight, unary and streaming. A call's
// completion runs on a gRPC thread and still uses the gateway (its routes,
// filters and metrics) and, for streams, the HTTP side; so the gateway cancels
// and waits for them before its HTTP server or the gateway itself goes away.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace samen::gateway {

class CallRegistry {
 public:
  // Called by a call when it starts (with how to cancel it) and as the very
  // last step of its completion.
  void Add(std::uintptr_t call, std::function<void()> cancel);
  void Remove(std::uintptr_t call);
  // Cancels every call in flight and waits until each has finished, at most
  // `limit`; true when none is left.
  bool CancelAndWait(absl::Duration limit);

 private:
  absl::Mutex mu_;
  // Every request adds and removes itself: a hash map keeps that O(1) with
  // thousands in flight.
  absl::flat_hash_map<std::uintptr_t, std::function<void()>> calls_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace samen::gateway

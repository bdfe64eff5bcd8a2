#pragma once

// Works off the steps of people's exports and erasures
// (privacy_operation_repository.h) on any replica, several at once: each
// thread claims due steps (a lease, SKIP LOCKED), calls the step's service's
// ExportPersonData or ErasePersonData as the `service` role with no database
// transaction open, and completes the step, or schedules it again on the
// retry schedule when the service was unreachable, busy or stopped at its
// deadline, or fails the operation when it refused. A worker that dies
// mid-call leaves its step leased until the lease runs out; the next worker
// calls again, which both RPCs allow (an export is a read, an erasure with
// the same pseudonym finishes what is left). It also deletes expired export
// archives.

#include <atomic>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/notify/service_token.h"
#include "services/common/peers.h"
#include "services/common/polling_threads.h"
#include "services/partners/privacy_operation_repository.h"

namespace samen::partners {

// samen-server's --privacy_* flags (services/server/partners_flags.cc).
struct PrivacyOptions {
  // The services that hold people's data; their steps, in this order.
  std::vector<std::string> services = {std::begin(kPersonDataServices),
                                       std::end(kPersonDataServices)};
  absl::Duration export_ttl = absl::Hours(24 * 7);
  int workers = 1;  // threads per replica; 0: this replica runs no steps
  int batch = 4;
  absl::Duration poll_interval = absl::Seconds(2);
  // The deadline of one call to a service; a step's lease is twice this.
  absl::Duration call_timeout = absl::Seconds(30);
  std::vector<absl::Duration> retry_schedule = {
      absl::Seconds(5),  absl::Seconds(30), absl::Minutes(2), absl::Minutes(10),
      absl::Minutes(30), absl::Hours(1),    absl::Hours(2),   absl::Hours(4),
      absl::Hours(8),    absl::Hours(12)};
  double jitter = 0.2;
};

class PrivacyWorker {
 public:
  // Starts options.workers threads; the pointers must outlive the worker.
  PrivacyWorker(PrivacyOperationRepository* repo, Peers* peers,
                notify::ServiceTokenSource* tokens, const Clock* clock,
                const PrivacyOptions* options);
  ~PrivacyWorker();

  // An operation was started: look now instead of at the next poll.
  void Wake() { threads_.Wake(); }
  // Shutdown: claim nothing more.
  void Stop() { stopping_ = true; }

  // Deletes expired archives, claims and runs one batch of steps on the
  // calling thread; how many steps it claimed.
  int RunOnce();

 private:
  void Run(const ClaimedStep& step);
  absl::StatusOr<std::string> Call(const ClaimedStep& step);
  // Past the call's deadline, so a step is taken over only from a worker
  // that stopped (or hangs), never from one whose call may still run.
  absl::Duration lease() const { return options_->call_timeout * 2; }

  PrivacyOperationRepository* const repo_;
  Peers* const peers_;
  notify::ServiceTokenSource* const tokens_;
  const Clock* const clock_;
  const PrivacyOptions* const options_;
  std::atomic<bool> stopping_{false};
  PollingThreads threads_;  // last: starts after, stops before the rest
};

}  // namespace samen::partners

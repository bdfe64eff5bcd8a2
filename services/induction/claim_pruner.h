#pragma once

// Deletes the time claims of sessions that are over (they guard nothing: every
// calendar write is in the future, and its busy-time window reaches back at
// most 26 hours) so that time_claims holds the weeks around now instead of the
// whole history. One thread per replica: batches of kBatch claims, one
// autocommit DELETE each, back to back while batches come back full, then
// every `interval`. Replicas may run at once: both walk ix_claims_quantum in
// the same order and delete only claims older than kClaimRetention of
// sessions that ended before that, so they only wait for each other, and no
// claim of a running or future session is ever touched.

#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/polling_threads.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {

// How long the claims of a finished session stay (a week: far beyond the
// 26-hour look-back of a booking's or event's busy-time check).
inline constexpr absl::Duration kClaimRetention = absl::Hours(24 * 7);

class ClaimPruner {
 public:
  static constexpr int kBatch = 1000;

  // `repository` and `clock` outlive the pruner.
  ClaimPruner(InductionRepository* repository, const Clock* clock,
              absl::Duration interval);

 private:
  int RunOnce();

  InductionRepository* const repository_;
  const Clock* const clock_;
  PollingThreads threads_;  // last: stops first
};

}  // namespace samen::induction

#include "services/induction/claim_pruner.h"

#include "services/common/logging.h"

namespace samen::induction {

ClaimPruner::ClaimPruner(InductionRepository* repository, const Clock* clock,
                         absl::Duration interval)
    : repository_(repository),
      clock_(clock),
      threads_(1, kBatch, interval, [this](int) { return RunOnce(); }) {}

int ClaimPruner::RunOnce() {
  const absl::Time now = clock_->Now();
  auto deleted = repository_->PrunePastClaims(now - kClaimRetention, kBatch,
                                              now + absl::Seconds(30));
  if (!deleted.ok()) {
    log::Warning("pruning past time claims failed; trying again later",
                 {{"error", deleted.status().ToString()}});
    return 0;
  }
  if (*deleted >= kBatch) {
    // More to do: the next batch at once, but leave the database a breath.
    absl::SleepFor(absl::Milliseconds(20));
  }
  return *deleted;
}

}  // namespace samen::induction

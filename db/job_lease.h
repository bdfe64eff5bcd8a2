#pragma once

// A lease on a periodic job, so that one replica at a time runs it (the
// retention job, services/common/privacy/retention.h). The framework creates
// `job_leases` in every service database (db/migrator.cc): one row per job
// with its holder and until when it holds it. Taking it is one atomic UPDATE
// that succeeds only when the lease ran out or the taker already holds it;
// the holder renews it while it works and releases it when it stops, so that
// another replica takes over at once instead of when the lease runs out.
//
// (induction's notification_jobs is the once-per-period claim of the weekly
// HR digest, with a done flag per period; this is the lease alone.)

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"

namespace samen::db {

class JobLease {
 public:
  // `holder` names this replica (JobLeaseHolder()); `pool` outlives it.
  JobLease(Pool* pool, std::string job, std::string holder);

  // True when this holder now holds the job until `until` (it was free, ran
  // out before `now`, or was already this holder's); false when another
  // replica holds it.
  absl::StatusOr<bool> Take(absl::Time now, absl::Time until,
                            absl::Time deadline);
  // Gives the lease up when this holder holds it (nothing otherwise).
  absl::Status Release(absl::Time deadline);

  const std::string& holder() const { return holder_; }

 private:
  Pool* const pool_;
  const std::string job_;
  const std::string holder_;
};

// A name for this process among the replicas: host name, process id and a
// random part (a restarted process never passes for its predecessor).
std::string JobLeaseHolder();

}  // namespace samen::db

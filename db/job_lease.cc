#include "db/job_lease.h"

#include <unistd.h>

#include <cstdint>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/transaction.h"

namespace samen::db {

JobLease::JobLease(Pool* pool, std::string job, std::string holder)
    : pool_(pool), job_(std::move(job)), holder_(std::move(holder)) {}

absl::StatusOr<bool> JobLease::Take(absl::Time now, absl::Time until,
                                    absl::Time deadline) {
  return WithConnection<bool>(
      *pool_, deadline, "take a job lease",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        // The job's row, free, the first time any replica asks.
        ExecuteUpdate(c,
                      "INSERT IGNORE INTO job_leases (job, holder, "
                      "lease_until) VALUES (?, '', ?)",
                      job_, absl::UnixEpoch());
        // The one statement that takes it: InnoDB locks the row for the
        // UPDATE, so of two replicas that both see it free only the first
        // changes it; the second then finds another holder's lease.
        ExecuteUpdate(c,
                      "UPDATE job_leases SET holder = ?, lease_until = ? "
                      "WHERE job = ? AND (lease_until < ? OR holder = ?)",
                      holder_, until, job_, now, holder_);
        // UPDATE counts changed rows only (a renewal to the same instant
        // changes none), so whether it is ours is read back.
        Rows rs = ExecuteQuery(c, "SELECT holder FROM job_leases WHERE job = ?",
                               job_);
        return rs->next() && Str(*rs, "holder") == holder_;
      });
}

absl::Status JobLease::Release(absl::Time deadline) {
  return RunWithConnection(
      *pool_, deadline, "release a job lease", [&](sql::Connection& c) {
        ExecuteUpdate(c,
                      "UPDATE job_leases SET lease_until = ? WHERE job = ? "
                      "AND holder = ?",
                      absl::UnixEpoch(), job_, holder_);
        return absl::OkStatus();
      });
}

std::string JobLeaseHolder() {
  char host[128] = {};
  gethostname(host, sizeof(host) - 1);
  absl::BitGen gen;
  return absl::StrCat(host, "/", getpid(), "/",
                      absl::Hex(absl::Uniform<uint32_t>(gen)))
      .substr(0, 120);
}

}  // namespace samen::db

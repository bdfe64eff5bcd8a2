#pragma once

// Retention enforced (AVG art. 5(1)(e), docs/privacy.md): for every table of a
// service's data map whose RetentionRule has a condition, the rows past their
// period (now minus the table's days, the map's default or --retention's) are
// deleted, in small batches, each its own autocommit DELETE ... LIMIT with a
// short pause between, so that no statement holds a hot table's locks for
// long. One replica at a time does it: the pass runs under the service's
// `retention` lease (db/job_lease.h), renewed between batches, kept after the
// pass until the next is due (the other replicas skip meanwhile) and released
// when the job stops. Each pass logs the rows deleted per table (counts only).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "db/job_lease.h"
#include "db/pool.h"
#include "services/common/clock.h"
#include "services/common/privacy/data_map.h"

namespace samen::privacy {

// The retention settings samen-server hands every module (--retention,
// --retention_interval).
struct RetentionOptions {
  // Days per table name, overriding the maps' retention_days (in every
  // service whose map has the table).
  std::map<std::string, int, std::less<>> days;
  // How often each replica runs a pass (when it gets the lease); zero: never.
  absl::Duration interval = absl::Hours(1);
  int batch = 500;                                // rows per DELETE
  absl::Duration pause = absl::Milliseconds(50);  // between batches
};

// "coaching_notes=180,idempotency_keys=1" as days per table. INVALID_ARGUMENT
// naming the entry when it is not table=days, the days are not a positive
// whole number, a table is named twice, or no map in `maps` has a table of
// that name with a retention condition (the error says where its retention is
// enforced instead, when a map says so).
absl::StatusOr<std::map<std::string, int, std::less<>>> ParseRetention(
    absl::string_view text, std::span<const DataMap* const> maps);

// The period of `table` in days: the override, or the map's default.
int RetentionDays(const Table& table, const RetentionOptions& options);

struct TableRetention {
  std::string table;
  int days = 0;
  int64_t deleted = 0;
};

struct RetentionPass {
  bool ran = false;  // false: another replica holds the lease
  std::vector<TableRetention>
      tables;  // the tables with a condition, in map order
};

// One pass over `map` at `clock`'s now, under `lease` (taken here, renewed
// between batches, not released). `stop` is asked between batches; when it
// says true, the pass ends early (what it deleted stays deleted).
absl::StatusOr<RetentionPass> EnforceRetention(
    db::Pool& pool, const DataMap& map, const RetentionOptions& options,
    const Clock& clock, db::JobLease& lease,
    const std::function<bool()>& stop = [] { return false; });

// Runs EnforceRetention every `options.interval` on a thread of its own until
// destroyed (which interrupts a pass between batches and releases the lease).
class RetentionJob {
 public:
  // `pool`, `map` and `clock` outlive the job.
  RetentionJob(db::Pool* pool, const DataMap* map, const Clock* clock,
               RetentionOptions options);
  ~RetentionJob();
  RetentionJob(const RetentionJob&) = delete;
  RetentionJob& operator=(const RetentionJob&) = delete;

 private:
  void Loop();
  bool stopping();

  db::Pool* const pool_;
  const DataMap* const map_;
  const Clock* const clock_;
  const RetentionOptions options_;
  db::JobLease lease_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts when everything else is set
};

// The job for a module, or null when samen-server passed no retention
// options (tests that build a module alone) or a zero interval.
std::unique_ptr<RetentionJob> StartRetention(db::Pool* pool, const DataMap& map,
                                             const Clock* clock,
                                             const RetentionOptions* options);

}  // namespace samen::privacy

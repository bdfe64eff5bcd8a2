#pragma once

// IdempotencyStore over a service's MySQL database (table idempotency_keys,
// created by the migrator in every service database). Keys are per subject and
// method, so one caller's key never collides with another's; they expire after
// `ttl`.
//
// The outcome is recorded after the work's own transaction committed, so a
// process that dies in between leaves a claim without an outcome; after
// `stale_claim` another attempt may take the claim over and run the work again.
// Until then a retry gets IDEMPOTENCY_KEY_IN_USE (HTTP 409, Retry-After: 1).
// The default is CallRuntime's deadline cap (30 s) plus 5 s: no request holds
// its claim longer, so a claim that old belongs to a process that died, and a
// phone retrying after a replica crash waits at most that.
// Creates with client-chosen ids then answer ALREADY_EXISTS, updates carrying
// an etag answer ABORTED: neither acts twice.

#include "absl/time/time.h"
#include "db/pool.h"
#include "services/common/call.h"

namespace samen {

class MysqlIdempotencyStore final : public IdempotencyStore {
 public:
  explicit MysqlIdempotencyStore(
      db::Pool* pool, absl::Duration ttl = absl::Hours(24),
      absl::Duration stale_claim = CallRuntime::kDefaultMaxDeadline +
                                   absl::Seconds(5))
      : pool_(pool), ttl_(ttl), stale_claim_(stale_claim) {}

  absl::StatusOr<std::optional<Outcome>> Begin(const Key& key,
                                               absl::string_view fingerprint,
                                               absl::Time deadline) override;
  void Finish(const Key& key, const Outcome& outcome,
              absl::Time deadline) override;
  void Forget(const Key& key, absl::Time deadline) override;

 private:
  db::Pool* pool_;
  absl::Duration ttl_;
  absl::Duration stale_claim_;
};

}  // namespace samen

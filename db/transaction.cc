#include "db/transaction.h"

#include <optional>

#include <algorithm>
#include <exception>
#include <memory>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/session.h"
#include "db/statement.h"

namespace samen::db {
namespace {

constexpr int kMaxAttempts = 10;
constexpr absl::Duration kFirstBackoff = absl::Milliseconds(5);
constexpr absl::Duration kMaxBackoff = absl::Milliseconds(200);

// How one attempt ended.
enum class Outcome {
  kDone,       // status is final
  kRetryable,  // deadlock or lock-wait timeout: the whole transaction may run
               // again
  kStale,      // the connection was dead before anything took effect
};

struct Attempt {
  Outcome outcome = Outcome::kDone;
  absl::Status status;
};

Attempt Done(absl::Status status) {
  return {Outcome::kDone, std::move(status)};
}

// Rolls back; a connection that cannot roll back is discarded (its session
// state is unknown). The connection stays in autocommit mode throughout: START
// TRANSACTION does not change the autocommit flag, and COMMIT or ROLLBACK end
// the transaction.
void RollbackQuietly(Lease& lease) {
  if (lease.broken()) {
    return;
  }
  try {
    lease->rollback();
  } catch (const sql::SQLException&) {
    lease.MarkBroken();
  }
}

// Sends the deadline's statement and lock-wait limits; the attempt's outcome
// when that fails (kStale when the connection turned out dead), else nothing.
std::optional<Attempt> ApplyDeadline(Lease& lease, absl::Time deadline,
                                     absl::string_view what) {
  absl::Status applied = lease.ApplyDeadline(deadline);
  if (applied.ok()) {
    return std::nullopt;
  }
  return Attempt{lease.broken() ? Outcome::kStale : Outcome::kDone,
                 internal::Prefixed(what, applied)};
}

Attempt TransactionAttempt(
    Lease& lease, absl::Time deadline, absl::string_view what,
    const std::function<absl::Status(sql::Connection&)>& fn) {
  if (std::optional<Attempt> failed = ApplyDeadline(lease, deadline, what)) {
    return *failed;
  }
  sql::Connection& conn = lease.conn();
  bool committing = false;
  try {
    Execute(conn, "START TRANSACTION");
    absl::Status status = fn(conn);
    if (!status.ok()) {
      RollbackQuietly(lease);
      return Done(std::move(status));
    }
    committing = true;
    conn.commit();
    return Done(absl::OkStatus());
  } catch (const sql::SQLException& e) {
    if (internal::IsDead(conn, e)) {
      lease.MarkBroken();
      if (committing) {
        return Done(absl::UnavailableError(absl::StrCat(
            what,
            ": connection lost while committing; the outcome is unknown")));
      }
      // The server rolls back a transaction whose connection is gone.
      return {Outcome::kStale, FromSqlException(e, what)};
    }
    RollbackQuietly(lease);
    return {
        IsRetryable(e.getErrorCode()) ? Outcome::kRetryable : Outcome::kDone,
        FromSqlException(e, what)};
  } catch (const std::exception&) {
    RollbackQuietly(lease);
    return Done(absl::InternalError(absl::StrCat(what, ": unexpected error")));
  }
}

Attempt ConnectionAttempt(
    Lease& lease, absl::Time deadline, absl::string_view what,
    const std::function<absl::Status(sql::Connection&)>& fn) {
  if (std::optional<Attempt> failed = ApplyDeadline(lease, deadline, what)) {
    return *failed;
  }
  sql::Connection& conn = lease.conn();
  try {
    return Done(fn(conn));
  } catch (const sql::SQLException& e) {
    if (internal::IsDead(conn, e)) {
      lease.MarkBroken();
      return {Outcome::kStale, FromSqlException(e, what)};
    }
    return Done(FromSqlException(e, what));
  } catch (const std::exception&) {
    return Done(absl::InternalError(absl::StrCat(what, ": unexpected error")));
  }
}

}  // namespace

absl::Status RunInTransaction(
    Pool& pool, absl::Time deadline, absl::string_view what,
    const std::function<absl::Status(sql::Connection&)>& fn) {
  absl::BitGen bitgen;
  absl::Duration backoff = kFirstBackoff;
  bool validate =
      false;  // after a stale connection, ping before trusting the next one
  for (int attempt = 1;; ++attempt) {
    Attempt result;
    {
      absl::StatusOr<Lease> lease =
          validate ? pool.AcquireValidated(deadline) : pool.Acquire(deadline);
      if (!lease.ok()) {
        return internal::Prefixed(what, lease.status());
      }
      const bool reused = lease->reused();
      result = TransactionAttempt(*lease, deadline, what, fn);
      if (result.outcome == Outcome::kStale) {
        // Nothing took effect. Try once more on a live connection when this one
        // had gone stale in the pool; a fresh connection failing means the
        // server is unreachable.
        if (!reused || validate || attempt >= kMaxAttempts) {
          return result.status;
        }
        validate = true;
        continue;
      }
    }  // the lease goes back before any backoff
    if (result.outcome == Outcome::kDone || attempt >= kMaxAttempts) {
      return result.status;
    }
    // Jittered so that the transactions that collided do not collide again.
    const absl::Duration sleep = backoff * absl::Uniform(bitgen, 0.5, 1.0);
    if (absl::Now() + sleep >= deadline) {
      return result.status;
    }
    absl::SleepFor(sleep);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

absl::Status RunWithConnection(
    Pool& pool, absl::Time deadline, absl::string_view what,
    const std::function<absl::Status(sql::Connection&)>& fn) {
  absl::StatusOr<Lease> lease = pool.Acquire(deadline);
  if (!lease.ok()) {
    return internal::Prefixed(what, lease.status());
  }
  Attempt result = ConnectionAttempt(*lease, deadline, what, fn);
  if (result.outcome != Outcome::kStale || !lease->reused()) {
    return result.status;
  }
  // The pooled connection had died while idle: once more on a live one.
  *lease = Lease();
  lease = pool.AcquireValidated(deadline);
  if (!lease.ok()) {
    return internal::Prefixed(what, lease.status());
  }
  return ConnectionAttempt(*lease, deadline, what, fn).status;
}

}  // namespace samen::db

#pragma once

// Running repository code against the pool.
//
//   absl::StatusOr<Foo> foo = db::InTransaction<Foo>(pool, deadline, "create
//   foo",
//       [&](sql::Connection& c) -> absl::StatusOr<Foo> { ... prepared
//       statements ... });
//
// The function may throw sql::SQLException; it is caught here, the transaction
// rolled back, and deadlocks (1213) and lock-wait timeouts (1205) retried with
// jittered exponential backoff (5 ms doubling to 200 ms, at most 10 attempts)
// while the deadline allows, so `fn` may run more than once and must only touch
// the database and its own locals. Connection errors discard the connection and
// become UNAVAILABLE, except that a pooled connection found dead (it went stale
// while idle) gets one more try on a live one; a connection lost during COMMIT
// is UNAVAILABLE with the outcome unknown. A non-OK status returned by the
// function rolls back and is returned as is (no retry). Any other exception
// rolls back and becomes INTERNAL. Before the first statement the session's
// statement and lock-wait limits are set from `deadline`
// (Lease::ApplyDeadline).

#include <functional>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"

namespace sql {
class Connection;
}

namespace samen::db {

// Runs `fn` in one transaction (BEGIN ... COMMIT), retrying as described above.
absl::Status RunInTransaction(
    Pool& pool, absl::Time deadline, absl::string_view what,
    const std::function<absl::Status(sql::Connection&)>& fn);

// Runs `fn` on one connection in autocommit mode (single reads); no retry loop
// except once more on a live connection when the pooled one turned out dead (a
// connection error on a reused connection), so `fn` should be a read or
// idempotent.
absl::Status RunWithConnection(
    Pool& pool, absl::Time deadline, absl::string_view what,
    const std::function<absl::Status(sql::Connection&)>& fn);

// Typed conveniences over the two above.
template <typename T>
absl::StatusOr<T> InTransaction(
    Pool& pool, absl::Time deadline, absl::string_view what,
    const std::function<absl::StatusOr<T>(sql::Connection&)>& fn) {
  absl::StatusOr<T> result = absl::InternalError("transaction did not run");
  absl::Status status =
      RunInTransaction(pool, deadline, what, [&](sql::Connection& c) {
        result = fn(c);
        return result.status();
      });
  if (!status.ok()) {
    return status;
  }
  return result;
}

template <typename T>
absl::StatusOr<T> WithConnection(
    Pool& pool, absl::Time deadline, absl::string_view what,
    const std::function<absl::StatusOr<T>(sql::Connection&)>& fn) {
  absl::StatusOr<T> result = absl::InternalError("query did not run");
  absl::Status status =
      RunWithConnection(pool, deadline, what, [&](sql::Connection& c) {
        result = fn(c);
        return result.status();
      });
  if (!status.ok()) {
    return status;
  }
  return result;
}

}  // namespace samen::db

#pragma once

// Private to samen_db: opening a configured MySQL session and keeping its
// statement and lock-wait limits in step with a deadline. Used by the pool and
// the migrator.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "db/pool.h"

namespace sql {
class Connection;
class Driver;
class SQLException;
}  // namespace sql

namespace samen::db::internal {

// Lock waits never last longer than this, whatever the deadline (InnoDB's
// default).
inline constexpr int kMaxLockWaitSeconds = 50;
// Deadlines further away than this put no limit on statement time.
inline constexpr absl::Duration kNoStatementLimitBeyond = absl::Hours(1);

// The limits a session enforces on its statements, in whole seconds.
struct SessionLimits {
  int statement_seconds = 0;  // 0: no limit
  int lock_wait_seconds = kMaxLockWaitSeconds;
  bool operator==(const SessionLimits&) const = default;
};

// Limits for a deadline `remaining` away (positive, possibly infinite): rounded
// up to whole seconds so that nearby deadlines share a value and cost no round
// trip.
SessionLimits LimitsFor(absl::Duration remaining);

class StatementCache;

// One open connection and what is known about its session.
struct Session {
  Session();
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  std::unique_ptr<sql::Connection> conn;
  // Prepared statements kept for this connection (db::Cached); declared after
  // `conn` so that they are closed before the connection is.
  std::unique_ptr<StatementCache> statements;
  bool mariadb = false;
  // The limits the server session has now; lock_wait_seconds < 0 when unknown.
  SessionLimits limits;
};

// The process-wide Connector/C++ driver (created once, thread-safely).
sql::Driver& Driver();

// Opens a connection (UTC, utf8mb4 with utf8mb4_unicode_520_ci, strict
// sql_mode, REPEATABLE READ, no automatic reconnect) using `schema` as the
// default database when not empty. A socket read or write taking longer than
// `io_timeout` fails it. Throws sql::SQLException.
Session OpenSession(sql::Driver& driver, const MysqlOptions& options,
                    const std::string& schema, absl::Duration io_timeout);

// Sets the limits that differ from session.limits in one statement. Throws
// sql::SQLException.
void SetLimits(Session& session, const SessionLimits& limits);

// True when `e` means the connection cannot be used any more.
bool IsDead(sql::Connection& conn, const sql::SQLException& e);

// "what: message" with the code of `status`.
absl::Status Prefixed(absl::string_view what, const absl::Status& status);

// UNAVAILABLE for a failed attempt to open a connection (error number only: no
// host, user or password in the message).
absl::Status ConnectFailed(const sql::SQLException& e);

}  // namespace samen::db::internal

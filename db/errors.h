#pragma once

// Turning Connector/C++ exceptions into absl::Status. SQL text and values never
// reach the message: callers get a code and a short description of what failed.

#include <functional>
#include <initializer_list>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sql {
class SQLException;
}

namespace samen::db {

// MySQL/MariaDB server and client error numbers Samen reacts to.
inline constexpr int kErDupEntry = 1062;
inline constexpr int kErLockWaitTimeout = 1205;
inline constexpr int kErLockDeadlock = 1213;
inline constexpr int kErRowIsReferenced = 1451;
inline constexpr int kErNoReferencedRow = 1452;
inline constexpr int kErStatementTimeoutMariaDb = 1969;
inline constexpr int kErQueryTimeoutMysql = 3024;
inline constexpr int kCrConnectionError = 2002;
inline constexpr int kCrConnHostError = 2003;
inline constexpr int kCrServerGoneError = 2006;
inline constexpr int kCrServerLost = 2013;

// True when the error means the connection is unusable (server gone, lost,
// refused, killed, shutting down).
bool IsConnectionError(int error_code);
// True for errors after which the whole transaction may be retried (1213,
// 1205).
bool IsRetryable(int error_code);

// Maps an exception to a status: duplicate key -> ALREADY_EXISTS, referenced or
// missing referenced row -> FAILED_PRECONDITION, lock-wait and statement
// timeouts -> DEADLINE_EXCEEDED, deadlock and interrupted statement -> ABORTED,
// a value that does not fit its column (too long, out of range, NULL, CHECK) ->
// INVALID_ARGUMENT, connection errors -> UNAVAILABLE, a DATETIME column that
// cannot be read (db::UnreadableDatetime, db/rows.h) -> DATA_LOSS naming the
// column, anything else -> INTERNAL with the error number. `what` names the
// operation: "create partnership: already exists".
absl::Status FromSqlException(const sql::SQLException& e,
                              absl::string_view what);

// Runs `write` (a statement that may break a key: a duplicate, a row still
// referenced or missing); when it throws sql::SQLException with one of
// `error_codes`, returns the status `on_error` makes of it instead. Any other
// exception propagates (to db::RunInTransaction).
absl::Status CatchSqlError(
    std::initializer_list<int> error_codes, const std::function<void()>& write,
    const std::function<absl::Status(const sql::SQLException&)>& on_error);

}  // namespace samen::db

#include "db/session.h"

#include "db/statement_cache.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/driver.h"
#include "cppconn/exception.h"
#include "cppconn/metadata.h"
#include "db/errors.h"
#include "db/statement.h"

namespace samen::db::internal {
namespace {

constexpr char kSqlMode[] =
    "STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_"
    "ZERO,"
    "NO_ENGINE_SUBSTITUTION";

// Whole seconds, rounded up, at least 1 (the client library takes seconds).
int CeilSeconds(absl::Duration d) {
  int64_t s = absl::ToInt64Seconds(absl::Ceil(d, absl::Seconds(1)));
  return static_cast<int>(std::clamp<int64_t>(s, 1, 365 * 24 * 3600));
}

std::string StatementLimitAssignment(bool mariadb, int seconds) {
  if (mariadb) {
    return absl::StrCat("@@SESSION.max_statement_time=", seconds);
  }
  // MySQL: milliseconds, applied to SELECT statements only.
  return absl::StrCat("@@SESSION.max_execution_time=", int64_t{seconds} * 1000);
}

}  // namespace

SessionLimits LimitsFor(absl::Duration remaining) {
  SessionLimits limits;
  if (remaining == absl::InfiniteDuration()) {
    return limits;
  }
  const int seconds = CeilSeconds(remaining);
  limits.statement_seconds = remaining > kNoStatementLimitBeyond ? 0 : seconds;
  limits.lock_wait_seconds = std::min(seconds, kMaxLockWaitSeconds);
  return limits;
}

sql::Driver& Driver() {
  // get_driver_instance() keeps a registry that is not safe to fill
  // concurrently.
  static sql::Driver* const driver = get_driver_instance();
  return *driver;
}

Session::Session() = default;
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Session OpenSession(sql::Driver& driver, const MysqlOptions& options,
                    const std::string& schema, absl::Duration io_timeout) {
  sql::ConnectOptionsMap props;
  props["hostName"] =
      sql::SQLString(absl::StrCat("tcp://", options.host, ":", options.port));
  props["userName"] = sql::SQLString(options.user);
  props["password"] = sql::SQLString(options.password);
  if (!schema.empty()) {
    props["schema"] = sql::SQLString(schema);
  }
  props["OPT_CONNECT_TIMEOUT"] = CeilSeconds(options.connect_timeout);
  props["OPT_READ_TIMEOUT"] = CeilSeconds(io_timeout);
  props["OPT_WRITE_TIMEOUT"] = CeilSeconds(io_timeout);
  props["OPT_RECONNECT"] = false;
  props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  // Otherwise the connector sets character_set_results to utf8 (3-byte) on
  // connect.
  props["characterSetResults"] = sql::SQLString("utf8mb4");

  Session session;
  session.conn.reset(driver.connect(props));
  session.statements = std::make_unique<StatementCache>(session.conn.get());
  session.mariadb = absl::StrContains(
      session.conn->getMetaData()->getDatabaseProductVersion().asStdString(),
      "MariaDB");
  Execute(*session.conn, "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_520_ci");
  // Also pins the limits to known values so that SetLimits can skip what is
  // unchanged.
  session.limits = SessionLimits{};
  Execute(*session.conn,
          absl::StrCat("SET @@SESSION.time_zone='+00:00', @@SESSION.sql_mode='",
                       kSqlMode, "', @@SESSION.innodb_lock_wait_timeout=",
                       session.limits.lock_wait_seconds, ", ",
                       StatementLimitAssignment(
                           session.mariadb, session.limits.statement_seconds)));
  session.conn->setTransactionIsolation(sql::TRANSACTION_REPEATABLE_READ);
  return session;
}

void SetLimits(Session& session, const SessionLimits& limits) {
  std::vector<std::string> assignments;
  if (limits.statement_seconds != session.limits.statement_seconds) {
    assignments.push_back(
        StatementLimitAssignment(session.mariadb, limits.statement_seconds));
  }
  if (limits.lock_wait_seconds != session.limits.lock_wait_seconds) {
    assignments.push_back(absl::StrCat("@@SESSION.innodb_lock_wait_timeout=",
                                       limits.lock_wait_seconds));
  }
  if (assignments.empty()) {
    return;
  }
  // Unknown until the statement succeeds.
  session.limits.lock_wait_seconds = -1;
  Execute(*session.conn,
          absl::StrCat("SET ", absl::StrJoin(assignments, ", ")));
  session.limits = limits;
}

bool IsDead(sql::Connection& conn, const sql::SQLException& e) {
  if (IsConnectionError(e.getErrorCode())) {
    return true;
  }
  if (e.getErrorCode() != 0) {
    return false;  // the server answered: the connection works
  }
  // A client-side error ("Connection has been closed", ...): ask the
  // connection.
  try {
    return conn.isClosed();
  } catch (const sql::SQLException&) {
    return true;
  }
}

absl::Status Prefixed(absl::string_view what, const absl::Status& status) {
  if (status.ok() || what.empty()) {
    return status;
  }
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

absl::Status ConnectFailed(const sql::SQLException& e) {
  return absl::UnavailableError(absl::StrCat(
      "database unavailable (mysql error ", e.getErrorCode(), ")"));
}

}  // namespace samen::db::internal

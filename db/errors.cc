#include "db/errors.h"

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/rows.h"

namespace samen::db {
namespace {

// Further error numbers, not part of the interface.
constexpr int kErServerShutdown = 1053;
constexpr int kErBadNull = 1048;
constexpr int kErNoReferencedRowOld = 1216;
constexpr int kErRowIsReferencedOld = 1217;
constexpr int kErWarnDataOutOfRange = 1264;
constexpr int kErQueryInterrupted = 1317;
constexpr int kErTruncatedWrongValueForField = 1366;
constexpr int kErDataTooLong = 1406;
constexpr int kErDupEntryWithKeyName = 1586;
constexpr int kErConnectionKilledMariaDb = 1927;
constexpr int kErCheckConstraintViolatedMysql = 3819;
constexpr int kErConstraintFailedMariaDb = 4025;
constexpr int kErClientInteractionTimeoutMysql = 4031;
constexpr int kCrSocketCreateError = 2001;
constexpr int kCrUnknownHost = 2005;
constexpr int kCrServerLostExtended = 2055;

}  // namespace

bool IsConnectionError(int error_code) {
  switch (error_code) {
    case kCrSocketCreateError:
    case kCrConnectionError:
    case kCrConnHostError:
    case kCrUnknownHost:
    case kCrServerGoneError:
    case kCrServerLost:
    case kCrServerLostExtended:
    case kErServerShutdown:
    case kErConnectionKilledMariaDb:
    case kErClientInteractionTimeoutMysql:
      return true;
    default:
      return false;
  }
}

bool IsRetryable(int error_code) {
  return error_code == kErLockDeadlock || error_code == kErLockWaitTimeout;
}

absl::Status FromSqlException(const sql::SQLException& e,
                              absl::string_view what) {
  const int code = e.getErrorCode();
  auto message = [&](absl::string_view text) {
    return absl::StrCat(what, ": ", text);
  };
  if (const auto* unreadable = dynamic_cast<const UnreadableDatetime*>(&e)) {
    return absl::DataLossError(message(unreadable->what()));
  }
  if (IsConnectionError(code)) {
    return absl::UnavailableError(message("database unavailable"));
  }
  switch (code) {
    case kErDupEntry:
    case kErDupEntryWithKeyName:
      return absl::AlreadyExistsError(message("already exists"));
    case kErRowIsReferenced:
    case kErRowIsReferencedOld:
      return absl::FailedPreconditionError(
          message("still referenced by other records"));
    case kErNoReferencedRow:
    case kErNoReferencedRowOld:
      return absl::FailedPreconditionError(
          message("refers to a record that does not exist"));
    case kErLockWaitTimeout:
      return absl::DeadlineExceededError(
          message("timed out waiting for a lock"));
    case kErStatementTimeoutMariaDb:
    case kErQueryTimeoutMysql:
      return absl::DeadlineExceededError(message("statement timed out"));
    case kErLockDeadlock:
      return absl::AbortedError(
          message("deadlock with a concurrent transaction"));
    case kErQueryInterrupted:
      return absl::AbortedError(message("statement interrupted"));
    case kErDataTooLong:
    case kErWarnDataOutOfRange:
    case kErTruncatedWrongValueForField:
    case kErBadNull:
    case kErCheckConstraintViolatedMysql:
    case kErConstraintFailedMariaDb:
      return absl::InvalidArgumentError(
          message("a value does not fit its column"));
    case 0:
      return absl::InternalError(message("database client error"));
    default:
      return absl::InternalError(
          message(absl::StrCat("database error ", code)));
  }
}

absl::Status CatchSqlError(
    std::initializer_list<int> error_codes, const std::function<void()>& write,
    const std::function<absl::Status(const sql::SQLException&)>& on_error) {
  try {
    write();
  } catch (const sql::SQLException& e) {
    for (int code : error_codes) {
      if (e.getErrorCode() == code) {
        return on_error(e);
      }
    }
    throw;
  }
  return absl::OkStatus();
}

}  // namespace samen::db

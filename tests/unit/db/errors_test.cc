#include "db/errors.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// What the server says, with SQL text and a value that must never reach a
// status.
sql::SQLException ServerError(int code) {
  return sql::SQLException(
      "Duplicate entry 'alice@example.org' for key 'uk_people_email' in "
      "INSERT INTO people (email) VALUES ('alice@example.org')",
      "23000", code);
}

TEST(FromSqlException, DuplicateKeyIsAlreadyExistsWithoutSqlOrValues) {
  absl::Status s =
      FromSqlException(ServerError(kErDupEntry), "create partnership");
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "create partnership: already exists");
}

TEST(FromSqlException, MapsEveryDocumentedFamily) {
  struct Case {
    int code;
    absl::StatusCode want;
  };
  for (const Case& c : {
           Case{kErDupEntry, absl::StatusCode::kAlreadyExists},
           Case{1586, absl::StatusCode::kAlreadyExists},
           Case{kErRowIsReferenced, absl::StatusCode::kFailedPrecondition},
           Case{kErNoReferencedRow, absl::StatusCode::kFailedPrecondition},
           Case{kErLockWaitTimeout, absl::StatusCode::kDeadlineExceeded},
           Case{kErStatementTimeoutMariaDb,
                absl::StatusCode::kDeadlineExceeded},
           Case{kErQueryTimeoutMysql, absl::StatusCode::kDeadlineExceeded},
           Case{kErLockDeadlock, absl::StatusCode::kAborted},
           Case{1406, absl::StatusCode::kInvalidArgument},
           Case{kCrConnectionError, absl::StatusCode::kUnavailable},
           Case{kCrConnHostError, absl::StatusCode::kUnavailable},
           Case{kCrServerGoneError, absl::StatusCode::kUnavailable},
           Case{kCrServerLost, absl::StatusCode::kUnavailable},
           Case{1927, absl::StatusCode::kUnavailable},
           Case{1146, absl::StatusCode::kInternal},
           Case{0, absl::StatusCode::kInternal},
       }) {
    absl::Status s = FromSqlException(ServerError(c.code), "do it");
    EXPECT_EQ(s.code(), c.want) << "mysql error " << c.code << ": " << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr("do it: ")) << c.code;
    EXPECT_THAT(std::string(s.message()), Not(HasSubstr("alice"))) << c.code;
    EXPECT_THAT(std::string(s.message()), Not(HasSubstr("INSERT"))) << c.code;
  }
}

TEST(FromSqlException, UnknownErrorNamesItsNumber) {
  absl::Status s = FromSqlException(ServerError(1146), "list people");
  EXPECT_EQ(s.message(), "list people: database error 1146");
}

TEST(IsRetryable, OnlyDeadlockAndLockWaitTimeout) {
  EXPECT_TRUE(IsRetryable(kErLockDeadlock));
  EXPECT_TRUE(IsRetryable(kErLockWaitTimeout));
  for (int code :
       {0, kErDupEntry, kErStatementTimeoutMariaDb, kErQueryTimeoutMysql,
        kCrServerGoneError, kCrServerLost, kErRowIsReferenced}) {
    EXPECT_FALSE(IsRetryable(code)) << code;
  }
}

TEST(IsConnectionError, ClientConnectionErrorsOnly) {
  for (int code : {kCrConnectionError, kCrConnHostError, kCrServerGoneError,
                   kCrServerLost}) {
    EXPECT_TRUE(IsConnectionError(code)) << code;
  }
  for (int code :
       {0, kErDupEntry, kErLockDeadlock, kErLockWaitTimeout, 1045, 1064}) {
    EXPECT_FALSE(IsConnectionError(code)) << code;
  }
}

TEST(CatchSqlError, TurnsTheNamedErrorsIntoTheirStatus) {
  for (int code : {kErDupEntry, kErNoReferencedRow}) {
    absl::Status s = CatchSqlError(
        {kErDupEntry, kErNoReferencedRow}, [&] { throw ServerError(code); },
        [](const sql::SQLException& e) {
          return absl::AlreadyExistsError(
              absl::StrCat("error ", e.getErrorCode()));
        });
    EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
    EXPECT_EQ(s.message(), absl::StrCat("error ", code));
  }
}

TEST(CatchSqlError, OkWhenTheWriteSucceeds) {
  bool ran = false;
  EXPECT_TRUE(CatchSqlError(
                  {kErDupEntry}, [&] { ran = true; },
                  [](const sql::SQLException&) {
                    return absl::InternalError("not called");
                  })
                  .ok());
  EXPECT_TRUE(ran);
}

TEST(CatchSqlError, OtherErrorsPropagate) {
  EXPECT_THROW(CatchSqlError(
                   {kErDupEntry}, [] { throw ServerError(kErRowIsReferenced); },
                   [](const sql::SQLException&) {
                     return absl::InternalError("not called");
                   }),
               sql::SQLException);
}

}  // namespace
}  // namespace samen::db

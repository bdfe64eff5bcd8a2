#include "db/rows.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "db/errors.h"
#include "db/sql_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/db/fake_sql.h"

namespace samen::db {
namespace {

using testing::FakeRow;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RecordingStatement;

absl::Time At(int64_t unix_micros) { return absl::FromUnixMicros(unix_micros); }

TEST(Datetime, ReadsDatetime6TextAsUtc) {
  FakeRow row({{"t", "2026-11-23 01:43:00.123456"}});
  EXPECT_EQ(Datetime(row, "t"),
            absl::FromCivil(absl::CivilSecond(2026, 11, 23, 1, 43, 0),
                            absl::UTCTimeZone()) +
                absl::Microseconds(123456));
}

TEST(Datetime, ReadsWholeSeconds) {
  FakeRow row({{"t", "1970-01-01 00:00:01"}});
  EXPECT_EQ(Datetime(row, "t"), At(1000000));
}

// The policy: an unreadable DATETIME is an error naming the column, never the
// epoch or another made-up time.
TEST(Datetime, ZeroDateThrowsUnreadableDatetimeNamingTheColumn) {
  FakeRow row({{"create_time", "0000-00-00 00:00:00"}});
  try {
    Datetime(row, "create_time");
    FAIL() << "expected UnreadableDatetime";
  } catch (const UnreadableDatetime& e) {
    EXPECT_EQ(e.column(), "create_time");
    EXPECT_STREQ(e.what(),
                 "column create_time holds a DATETIME that cannot be read");
  }
}

TEST(Datetime, NullAndGarbageAreUnreadableToo) {
  FakeRow row({{"a", std::nullopt}, {"b", "yesterday"}, {"c", ""}});
  EXPECT_THROW(Datetime(row, "a"), UnreadableDatetime);
  EXPECT_THROW(Datetime(row, "b"), UnreadableDatetime);
  EXPECT_THROW(Datetime(row, "c"), UnreadableDatetime);
}

TEST(Datetime, UnreadableIsCaughtAsSqlExceptionAndBecomesDataLoss) {
  FakeRow row({{"start_time", "2026-02-30 10:00:00"}});
  absl::Status status;
  try {
    Datetime(row, "start_time");
  } catch (const sql::SQLException& e) {  // the repositories' one catch
    status = FromSqlException(e, "list events");
  }
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(status.message(),
            "list events: column start_time holds a DATETIME that cannot be "
            "read");
  EXPECT_THAT(status.message(), Not(HasSubstr("2026")));
}

TEST(NullableDatetime, NullIsNoneAndAValueIsRead) {
  FakeRow row({{"done", std::nullopt}, {"at", "2000-01-01 00:00:00.000001"}});
  EXPECT_EQ(NullableDatetime(row, "done"), std::nullopt);
  EXPECT_EQ(NullableDatetime(row, "at"), At(946684800000001));
}

TEST(NullableDatetime, AnUnreadableValueStillThrows) {
  FakeRow row({{"at", "0000-00-00 00:00:00"}});
  EXPECT_THROW(NullableDatetime(row, "at"), UnreadableDatetime);
}

TEST(Columns, ReadStringsNumbersAndBooleans) {
  FakeRow row({{"id", "osof"},
               {"board", std::nullopt},
               {"n", "42"},
               {"big", "9000000000"},
               {"flag", "1"}});
  EXPECT_EQ(Str(row, "id"), "osof");
  EXPECT_EQ(NullableStr(row, "id"), "osof");
  EXPECT_EQ(NullableStr(row, "board"), "");
  EXPECT_EQ(Int(row, "n"), 42);
  EXPECT_EQ(Int64(row, "big"), 9000000000);
  EXPECT_TRUE(Bool(row, "flag"));
}

TEST(Bind, NullableStringIsNullWhenEmpty) {
  RecordingStatement ps;
  BindNullable(ps, 1, "");
  BindNullable(ps, 2, "board-1");
  EXPECT_EQ(ps.bound[1], "null");
  EXPECT_EQ(ps.bound[2], "s:board-1");
}

TEST(Bind, DatetimeIsMicrosecondTextInUtcAndRoundTrips) {
  RecordingStatement ps;
  const absl::Time t = At(1795398180123456);
  BindDatetime(ps, 1, t);
  BindNullableDatetime(ps, 2, std::nullopt);
  BindNullableDatetime(ps, 3, t);
  EXPECT_EQ(ps.bound[1], "s:" + FormatSqlDatetime(t));
  EXPECT_EQ(ps.bound[2], "null");
  EXPECT_EQ(ps.bound[3], ps.bound[1]);
  FakeRow row({{"t", FormatSqlDatetime(t)}});
  EXPECT_EQ(Datetime(row, "t"), t);
}

TEST(SqlTime, FormatTruncatesToMicroseconds) {
  const absl::Time t = absl::FromUnixNanos(1500);
  EXPECT_EQ(FormatSqlDatetime(t), "1970-01-01 00:00:00.000001");
  EXPECT_EQ(absl::ToUnixNanos(NowMicros()) % 1000, 0);
}

}  // namespace
}  // namespace samen::db

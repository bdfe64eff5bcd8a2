// The DATETIME policy against a real server: a row whose DATETIME cannot be
// read (written under a lax sql_mode, as an old import or a hand-run statement
// might) fails the read with DATA_LOSS naming the column — not the epoch, not
// a crash — and leaves the pool usable.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/pool.h"
#include "db/rows.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Event {
  std::string id;
  absl::Time start;
  std::optional<absl::Time> end;
};

// Reads like a repository does: prepared statement, the row reader, no catch
// of its own.
absl::StatusOr<std::vector<Event>> ListEvents(sql::Connection& c) {
  std::unique_ptr<sql::PreparedStatement> ps = Prepare(
      c,
      "SELECT id, start_time, end_time FROM events WHERE id > ? ORDER BY id");
  ps->setString(1, "");
  Rows rs(ps->executeQuery());
  std::vector<Event> out;
  while (rs->next()) {
    out.push_back({Str(*rs, "id"), Datetime(*rs, "start_time"),
                   NullableDatetime(*rs, "end_time")});
  }
  return out;
}

class UnreadableDatetimeTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    pool_ = std::make_unique<Pool>(options_);
    ASSERT_TRUE(Exec(*pool_,
                     "CREATE TABLE events (id VARCHAR(20) PRIMARY KEY, "
                     "start_time DATETIME(6) NOT NULL, end_time DATETIME(6) "
                     "NULL) ENGINE=InnoDB")
                    .ok());
    ASSERT_TRUE(Exec(*pool_,
                     "INSERT INTO events VALUES ('a', '2026-11-23 "
                     "09:00:00.000001', NULL)")
                    .ok());
  }

  void TearDown() override {
    pool_.reset();
    DbTest::TearDown();
  }

  // Writes `values` the way strict mode refuses to, on a connection of its
  // own that is then closed (the service pools keep their strict sql_mode).
  void WriteLax(const std::string& sql_mode, const std::string& values) {
    Pool lax(options_);
    absl::Status s = RunWithConnection(
        lax, In(absl::Seconds(30)), "lax insert", [&](sql::Connection& c) {
          Execute(c, "SET SESSION sql_mode = '" + sql_mode + "'");
          Execute(c, "INSERT INTO events VALUES " + values);
          return absl::OkStatus();
        });
    ASSERT_TRUE(s.ok()) << s;
  }

  absl::StatusOr<std::vector<Event>> Read() {
    return WithConnection<std::vector<Event>>(*pool_, In(absl::Seconds(30)),
                                              "list events", ListEvents);
  }

  std::unique_ptr<Pool> pool_;
};

TEST_F(UnreadableDatetimeTest, StrictSessionsRefuseTheZeroDate) {
  EXPECT_FALSE(Exec(*pool_,
                    "INSERT INTO events VALUES ('z', '0000-00-00 00:00:00', "
                    "NULL)")
                   .ok());
}

TEST_F(UnreadableDatetimeTest, ValidRowsReadExactly) {
  absl::StatusOr<std::vector<Event>> events = Read();
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].start,
            absl::FromCivil(absl::CivilSecond(2026, 11, 23, 9, 0, 0),
                            absl::UTCTimeZone()) +
                absl::Microseconds(1));
  EXPECT_EQ((*events)[0].end, std::nullopt);
}

TEST_F(UnreadableDatetimeTest, ZeroDateIsDataLossNamingTheColumnNotTheEpoch) {
  WriteLax("", "('b', '0000-00-00 00:00:00', NULL)");
  absl::StatusOr<std::vector<Event>> events = Read();
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(events.status().message(),
            "list events: column start_time holds a DATETIME that cannot be "
            "read");
  EXPECT_THAT(events.status().message(), Not(HasSubstr("0000")));
}

TEST_F(UnreadableDatetimeTest, ZeroDateInANullableColumnIsDataLossToo) {
  WriteLax("", "('b', '2026-11-23 10:00:00', '0000-00-00 00:00:00')");
  absl::StatusOr<std::vector<Event>> events = Read();
  EXPECT_EQ(events.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(events.status().message(), HasSubstr("column end_time"));
}

TEST_F(UnreadableDatetimeTest, InvalidCalendarDateIsDataLoss) {
  WriteLax("ALLOW_INVALID_DATES", "('b', '2026-02-30 10:00:00', NULL)");
  absl::StatusOr<std::vector<Event>> events = Read();
  EXPECT_EQ(events.status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(UnreadableDatetimeTest, InATransactionItRollsBackAndThePoolStaysUsable) {
  WriteLax("", "('b', '0000-00-00 00:00:00', NULL)");
  absl::StatusOr<std::vector<Event>> events = InTransaction<std::vector<Event>>(
      *pool_, In(absl::Seconds(30)), "move events",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<Event>> {
        Execute(c, "UPDATE events SET id = CONCAT(id, '-moved')");
        return ListEvents(c);
      });
  EXPECT_EQ(events.status().code(), absl::StatusCode::kDataLoss);
  // Rolled back, and the same pool answers the next query.
  absl::StatusOr<int64_t> moved =
      QueryInt(*pool_, "SELECT COUNT(*) FROM events WHERE id LIKE '%-moved'");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(*moved, 0);
  ASSERT_TRUE(Exec(*pool_, "DELETE FROM events WHERE id = 'b'").ok());
  EXPECT_TRUE(Read().ok());
}

}  // namespace
}  // namespace samen::db

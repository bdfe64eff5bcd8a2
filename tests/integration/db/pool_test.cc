#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "db/migrator.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using PoolTest = DbTest;

absl::StatusOr<int64_t> ConnectionId(Pool& pool) {
  return QueryInt(pool, "SELECT CONNECTION_ID()");
}

TEST_F(PoolTest, ThirdAcquireWaitsAndFailsAtItsDeadline) {
  options_.pool_size = 2;
  Pool pool(options_);
  absl::StatusOr<Lease> a = pool.Acquire(In(absl::Seconds(5)));
  absl::StatusOr<Lease> b = pool.Acquire(In(absl::Seconds(5)));
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(pool.open_connections(), 2);

  absl::Time start = absl::Now();
  absl::StatusOr<Lease> c = pool.Acquire(start + absl::Milliseconds(300));
  absl::Duration waited = absl::Now() - start;
  EXPECT_EQ(c.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(c.status().message()),
              HasSubstr("no database connection free before the deadline"));
  EXPECT_GE(waited, absl::Milliseconds(290));
  EXPECT_LT(waited, absl::Seconds(2));
  EXPECT_EQ(pool.open_connections(), 2);
}

TEST_F(PoolTest, WaitingAcquireGetsAConnectionReleasedByAnotherThread) {
  options_.pool_size = 2;
  Pool pool(options_);
  absl::StatusOr<Lease> a = pool.Acquire(In(absl::Seconds(5)));
  absl::StatusOr<Lease> b = pool.Acquire(In(absl::Seconds(5)));
  ASSERT_TRUE(a.ok() && b.ok());

  absl::Time start = absl::Now();
  std::thread releaser([&a] {
    absl::SleepFor(absl::Milliseconds(200));
    *a = Lease();
  });
  absl::StatusOr<Lease> c = pool.Acquire(start + absl::Seconds(5));
  absl::Duration waited = absl::Now() - start;
  releaser.join();
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_GE(waited, absl::Milliseconds(150));
  EXPECT_LT(waited, absl::Seconds(4));
  EXPECT_TRUE(c->reused());
  EXPECT_EQ(pool.open_connections(), 2);
}

TEST_F(PoolTest, SessionIsUtcUtf8mb4StrictRepeatableRead) {
  Pool pool(options_);
  absl::Status s = RunWithConnection(
      pool, In(absl::Seconds(10)), "session", [](sql::Connection& c) {
        std::unique_ptr<sql::Statement> stmt(c.createStatement());
        std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(
            "SELECT @@SESSION.time_zone, @@character_set_client, "
            "@@character_set_results, "
            "@@collation_connection, @@SESSION.sql_mode, "
            "@@SESSION.tx_isolation, @@autocommit, "
            "DATABASE(), '\xF0\x9F\x98\x80'"));
        EXPECT_TRUE(rs->next());
        EXPECT_EQ(rs->getString(1).asStdString(), "+00:00");
        EXPECT_EQ(rs->getString(2).asStdString(), "utf8mb4");
        EXPECT_EQ(rs->getString(3).asStdString(), "utf8mb4");
        EXPECT_EQ(rs->getString(4).asStdString(), "utf8mb4_unicode_520_ci");
        const std::string mode = rs->getString(5).asStdString();
        for (const char* flag :
             {"STRICT_TRANS_TABLES", "NO_ZERO_DATE", "NO_ZERO_IN_DATE",
              "ERROR_FOR_DIVISION_BY_ZERO", "NO_ENGINE_SUBSTITUTION"}) {
          EXPECT_THAT(mode, HasSubstr(flag));
        }
        EXPECT_EQ(rs->getString(6).asStdString(), "REPEATABLE-READ");
        EXPECT_EQ(rs->getInt(7), 1);
        EXPECT_FALSE(rs->getString(8).asStdString().empty());
        EXPECT_EQ(rs->getString(9).asStdString(),
                  "\xF0\x9F\x98\x80");  // emoji survive
        return absl::OkStatus();
      });
  EXPECT_TRUE(s.ok()) << s;
}

TEST_F(PoolTest, KilledPooledConnectionIsDiscardedAndReplaced) {
  options_.pool_size = 2;
  Pool pool(options_);
  absl::StatusOr<int64_t> first = ConnectionId(pool);
  ASSERT_TRUE(first.ok()) << first.status();
  Kill(*first);

  // Idle for less than validate_after_idle, so it is handed out unchecked,
  // fails, is discarded, and the read runs again on a new connection.
  absl::StatusOr<int64_t> second = ConnectionId(pool);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*second, *first);
  EXPECT_EQ(pool.discarded_connections(), 1);
  EXPECT_EQ(pool.open_connections(), 1);

  // And it stays usable.
  absl::StatusOr<int64_t> third = ConnectionId(pool);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(*third, *second);
  EXPECT_EQ(pool.discarded_connections(), 1);
}

TEST_F(PoolTest, TransactionOnKilledPooledConnectionRunsOnAFreshOne) {
  Pool pool(options_);
  ASSERT_TRUE(Exec(pool, "CREATE TABLE t (id INT PRIMARY KEY)").ok());
  absl::StatusOr<int64_t> first = ConnectionId(pool);
  ASSERT_TRUE(first.ok()) << first.status();
  Kill(*first);

  int runs = 0;
  absl::Status s = RunInTransaction(
      pool, In(absl::Seconds(10)), "insert", [&](sql::Connection& c) {
        ++runs;
        std::unique_ptr<sql::Statement> stmt(c.createStatement());
        stmt->execute("INSERT INTO t VALUES (1)");
        return absl::OkStatus();
      });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(pool.discarded_connections(), 1);
  EXPECT_LE(runs, 1);  // the dead connection failed before the function ran
  absl::StatusOr<int64_t> rows = QueryInt(pool, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, 1);
}

TEST_F(PoolTest, IdleConnectionIsValidatedBeforeUse) {
  options_.validate_after_idle = absl::ZeroDuration();
  Pool pool(options_);
  absl::StatusOr<int64_t> first = ConnectionId(pool);
  ASSERT_TRUE(first.ok()) << first.status();
  Kill(*first);

  absl::StatusOr<Lease> lease = pool.Acquire(In(absl::Seconds(5)));
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_FALSE(lease->reused());  // the dead one was pinged and dropped
  EXPECT_EQ(pool.discarded_connections(), 1);
  absl::StatusOr<int64_t> id =
      QueryInt(lease->conn(), "SELECT CONNECTION_ID()");
  ASSERT_TRUE(id.ok());
  EXPECT_NE(*id, *first);
}

TEST_F(PoolTest, LeaseMarkedBrokenIsDiscarded) {
  Pool pool(options_);
  {
    absl::StatusOr<Lease> lease = pool.Acquire(In(absl::Seconds(5)));
    ASSERT_TRUE(lease.ok()) << lease.status();
    lease->MarkBroken();
  }
  EXPECT_EQ(pool.open_connections(), 0);
  EXPECT_EQ(pool.discarded_connections(), 1);
}

TEST_F(PoolTest, ApplyDeadlineSetsLimitsOnlyWhenTheyChange) {
  Pool pool(options_);
  absl::StatusOr<Lease> lease = pool.Acquire(In(absl::Seconds(5)));
  ASSERT_TRUE(lease.ok()) << lease.status();
  const std::string count_sets =
      "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
      "WHERE VARIABLE_NAME = 'COM_SET_OPTION'";
  absl::StatusOr<int64_t> before = QueryInt(lease->conn(), count_sets);
  ASSERT_TRUE(before.ok()) << before.status();

  ASSERT_TRUE(
      lease->ApplyDeadline(In(absl::Seconds(20) + absl::Milliseconds(500)))
          .ok());
  ASSERT_TRUE(
      lease->ApplyDeadline(In(absl::Seconds(20) + absl::Milliseconds(400)))
          .ok());
  ASSERT_TRUE(
      lease->ApplyDeadline(In(absl::Seconds(20) + absl::Milliseconds(300)))
          .ok());
  absl::StatusOr<int64_t> after = QueryInt(lease->conn(), count_sets);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after - *before, 1);

  absl::StatusOr<int64_t> lock_wait =
      QueryInt(lease->conn(), "SELECT @@SESSION.innodb_lock_wait_timeout");
  ASSERT_TRUE(lock_wait.ok());
  EXPECT_EQ(*lock_wait, 21);

  // No deadline: no statement limit, lock waits back to the cap.
  ASSERT_TRUE(lease->ApplyDeadline(absl::InfiniteFuture()).ok());
  lock_wait =
      QueryInt(lease->conn(), "SELECT @@SESSION.innodb_lock_wait_timeout");
  ASSERT_TRUE(lock_wait.ok());
  EXPECT_EQ(*lock_wait, 50);
  absl::StatusOr<int64_t> statement =
      QueryInt(lease->conn(), "SELECT @@SESSION.max_statement_time");
  ASSERT_TRUE(statement.ok());
  EXPECT_EQ(*statement, 0);
}

TEST_F(PoolTest, ApplyDeadlineRefusesAPassedDeadline) {
  Pool pool(options_);
  absl::StatusOr<Lease> lease = pool.Acquire(In(absl::Seconds(5)));
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_EQ(lease->ApplyDeadline(absl::Now() - absl::Seconds(1)).code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(PoolTest, ApplyDeadlineCutsASlowStatementShort) {
  Pool pool(options_);
  absl::Time start = absl::Now();
  absl::Status s = RunWithConnection(
      pool, start + absl::Seconds(1), "sleep",
      [](sql::Connection& c) -> absl::Status {
        std::unique_ptr<sql::Statement> stmt(c.createStatement());
        std::unique_ptr<sql::ResultSet> rs(
            stmt->executeQuery("SELECT SLEEP(5)"));
        return absl::OkStatus();
      });
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_LT(took, absl::Milliseconds(2500));
  // The connection survives a statement timeout.
  EXPECT_EQ(pool.discarded_connections(), 0);
  EXPECT_TRUE(ConnectionId(pool).ok());
}

// A loopback port nothing listens on.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(UnreachableServer, IsUnavailableQuicklyAndKeepsThePasswordOut) {
  MysqlOptions options;
  options.host = "127.0.0.1";
  options.port = ClosedPort();
  options.user = "samen";
  options.password = "s3cret-password";
  options.pool_size = 2;
  Pool pool(options);

  absl::Time start = absl::Now();
  absl::StatusOr<Lease> lease = pool.Acquire(start + absl::Seconds(10));
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(lease.status().message()),
              HasSubstr("database unavailable"));
  EXPECT_THAT(std::string(lease.status().message()), Not(HasSubstr("s3cret")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_EQ(pool.open_connections(), 0);

  absl::Status tx =
      RunInTransaction(pool, In(absl::Seconds(10)), "create thing",
                       [](sql::Connection&) { return absl::OkStatus(); });
  EXPECT_EQ(tx.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(tx.message()),
              HasSubstr("create thing: database unavailable"));

  absl::Status migrated = Migrate(options, "samen_unreachable", {});
  EXPECT_EQ(migrated.code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
}

}  // namespace
}  // namespace samen::db

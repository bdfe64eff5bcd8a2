#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TransactionTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    pool_ = std::make_unique<Pool>(options_);
    ASSERT_TRUE(Exec(*pool_,
                     "CREATE TABLE items (id INT PRIMARY KEY, label "
                     "VARCHAR(20) NOT NULL) "
                     "ENGINE=InnoDB")
                    .ok());
    ASSERT_TRUE(
        Exec(*pool_, "INSERT INTO items VALUES (1, 'one'), (2, 'two')").ok());
  }

  void TearDown() override {
    pool_.reset();
    DbTest::TearDown();
  }

  int64_t Count(const std::string& where = "1=1") {
    absl::StatusOr<int64_t> n =
        QueryInt(*pool_, "SELECT COUNT(*) FROM items WHERE " + where);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::unique_ptr<Pool> pool_;
};

void Sql(sql::Connection& c, const std::string& text) {
  std::unique_ptr<sql::Statement> stmt(c.createStatement());
  stmt->execute(text);
}

TEST_F(TransactionTest, CommitsAndLeavesTheConnectionInAutocommit) {
  absl::Status s = RunInTransaction(
      *pool_, In(absl::Seconds(10)), "add item", [](sql::Connection& c) {
        Sql(c, "INSERT INTO items VALUES (3, 'three')");
        return absl::OkStatus();
      });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Count(), 3);
  absl::StatusOr<int64_t> autocommit = QueryInt(*pool_, "SELECT @@autocommit");
  ASSERT_TRUE(autocommit.ok());
  EXPECT_EQ(*autocommit, 1);
  absl::StatusOr<int64_t> in_transaction =
      QueryInt(*pool_, "SELECT @@in_transaction");
  ASSERT_TRUE(in_transaction.ok());
  EXPECT_EQ(*in_transaction, 0);
}

TEST_F(TransactionTest, DuplicateKeyIsAlreadyExists) {
  absl::Status s = RunInTransaction(
      *pool_, In(absl::Seconds(10)), "create item", [](sql::Connection& c) {
        Sql(c, "INSERT INTO items VALUES (3, 'three')");
        Sql(c, "INSERT INTO items VALUES (1, 'secret-value')");
        return absl::OkStatus();
      });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_EQ(s.message(), "create item: already exists");
  EXPECT_EQ(Count(), 2);  // the first insert was rolled back
}

TEST_F(TransactionTest, ErrorStatusRollsBackAndIsReturnedAsIs) {
  int runs = 0;
  absl::Status s = RunInTransaction(
      *pool_, In(absl::Seconds(10)), "add item", [&](sql::Connection& c) {
        ++runs;
        Sql(c, "INSERT INTO items VALUES (3, 'three')");
        return absl::InvalidArgumentError("label: too rude");
      });
  EXPECT_EQ(s, absl::InvalidArgumentError("label: too rude"));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Count(), 2);
}

TEST_F(TransactionTest, OtherExceptionRollsBackAndIsInternal) {
  absl::Status s =
      RunInTransaction(*pool_, In(absl::Seconds(10)), "add item",
                       [](sql::Connection& c) -> absl::Status {
                         Sql(c, "INSERT INTO items VALUES (3, 'three')");
                         throw std::runtime_error("secret detail");
                       });
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(s.message()), Not(HasSubstr("secret")));
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(pool_->discarded_connections(), 0);
}

TEST_F(TransactionTest, TypedHelpersReturnTheValue) {
  absl::StatusOr<std::string> label = InTransaction<std::string>(
      *pool_, In(absl::Seconds(10)), "get label",
      [](sql::Connection& c) -> absl::StatusOr<std::string> {
        std::unique_ptr<sql::PreparedStatement> ps(c.prepareStatement(
            "SELECT label FROM items WHERE id = ? FOR UPDATE"));
        ps->setInt(1, 2);
        std::unique_ptr<sql::ResultSet> rs(ps->executeQuery());
        if (!rs->next()) {
          return absl::NotFoundError("no item");
        }
        return rs->getString(1).asStdString();
      });
  ASSERT_TRUE(label.ok()) << label.status();
  EXPECT_EQ(*label, "two");

  absl::StatusOr<int64_t> missing =
      WithConnection<int64_t>(*pool_, In(absl::Seconds(10)), "get item",
                              [](sql::Connection&) -> absl::StatusOr<int64_t> {
                                return absl::NotFoundError("x");
                              });
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(TransactionTest, DeadlockIsRetriedUntilBothSucceed) {
  // Each transaction locks one row, waits for the other to lock its row, then
  // asks for the other's row: InnoDB picks a victim (1213), which must be
  // retried and succeed.
  absl::Barrier* both_hold_one_row = new absl::Barrier(2);
  std::atomic<int> runs[2] = {0, 0};
  absl::Status results[2];
  auto worker = [&](int me) {
    const int mine = me + 1;
    const int theirs = 2 - me;
    results[me] = RunInTransaction(
        *pool_, In(absl::Seconds(20)), "swap labels", [&](sql::Connection& c) {
          const int run = ++runs[me];
          Sql(c, "UPDATE items SET label = CONCAT(label, '+') WHERE id = " +
                     std::to_string(mine));
          if (run == 1 && both_hold_one_row->Block()) {
            delete both_hold_one_row;
          }
          Sql(c, "UPDATE items SET label = CONCAT(label, '+') WHERE id = " +
                     std::to_string(theirs));
          return absl::OkStatus();
        });
  };
  std::thread a(worker, 0);
  std::thread b(worker, 1);
  a.join();
  b.join();
  EXPECT_TRUE(results[0].ok()) << results[0];
  EXPECT_TRUE(results[1].ok()) << results[1];
  EXPECT_EQ(runs[0] + runs[1], 3) << "one of them must have run twice";
  // Both committed exactly once: every label got two '+'.
  EXPECT_EQ(Count("label LIKE '%++' AND label NOT LIKE '%+++'"), 2);
}

TEST_F(TransactionTest, LockWaitGivesUpAtTheDeadline) {
  // Another session holds the row lock until the test ends.
  absl::StatusOr<Lease> holder = pool_->Acquire(In(absl::Seconds(10)));
  ASSERT_TRUE(holder.ok()) << holder.status();
  Sql(holder->conn(), "START TRANSACTION");
  Sql(holder->conn(), "SELECT * FROM items WHERE id = 1 FOR UPDATE");

  absl::Time start = absl::Now();
  int runs = 0;
  absl::Status s =
      RunInTransaction(*pool_, start + absl::Milliseconds(1500), "rename item",
                       [&](sql::Connection& c) {
                         ++runs;
                         Sql(c, "UPDATE items SET label = 'x' WHERE id = 1");
                         return absl::OkStatus();
                       });
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_GE(took, absl::Milliseconds(1400));
  EXPECT_LT(took, absl::Milliseconds(
                      3500));  // limits round up to 2 s; never InnoDB's 50 s
  EXPECT_EQ(runs, 1);

  holder->conn().rollback();
}

TEST_F(TransactionTest, WaitingForAConnectionRespectsTheDeadline) {
  Pool small([this] {
    MysqlOptions o = options_;
    o.pool_size = 1;
    return o;
  }());
  absl::StatusOr<Lease> only = small.Acquire(In(absl::Seconds(5)));
  ASSERT_TRUE(only.ok());
  absl::Status s =
      RunInTransaction(small, In(absl::Milliseconds(200)), "add item",
                       [](sql::Connection&) { return absl::OkStatus(); });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(s.message(),
            "add item: no database connection free before the deadline");
}

}  // namespace
}  // namespace samen::db

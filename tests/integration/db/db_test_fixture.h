#pragma once

// A test fixture with a database of its own (samen_dbtest_<pid>_<n>), dropped
// at the end, so db tests can run in parallel with each other and with other
// suites.

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "gtest/gtest.h"
#include "tests/integration/db/test_db_env.h"

namespace samen::db {

inline absl::Time In(absl::Duration d) { return absl::Now() + d; }

// Runs one statement (no result) on `pool`.
inline absl::Status Exec(Pool& pool, const std::string& text) {
  return RunWithConnection(
      pool, In(absl::Seconds(30)), "test statement", [&](sql::Connection& c) {
        std::unique_ptr<sql::Statement> stmt(c.createStatement());
        stmt->execute(text);
        return absl::OkStatus();
      });
}

// First column of the first row of a query, as an integer.
inline absl::StatusOr<int64_t> QueryInt(sql::Connection& c,
                                        const std::string& text) {
  std::unique_ptr<sql::Statement> stmt(c.createStatement());
  std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(text));
  if (!rs->next()) {
    return absl::NotFoundError("no row");
  }
  return static_cast<int64_t>(rs->getInt64(1));
}

inline absl::StatusOr<int64_t> QueryInt(Pool& pool, const std::string& text) {
  return WithConnection<int64_t>(
      pool, In(absl::Seconds(30)), "test query",
      [&](sql::Connection& c) { return QueryInt(c, text); });
}

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<MysqlOptions> options = testing::TestMysqlOptions();
    ASSERT_TRUE(options.ok()) << options.status();
    server_ = *options;
    static std::atomic<int> counter{0};
    database_ = absl::StrCat("samen_dbtest_", getpid(), "_", counter++);
    admin_ = std::make_unique<Pool>(server_);
    ASSERT_TRUE(
        Exec(*admin_, absl::StrCat("DROP DATABASE IF EXISTS ", database_))
            .ok());
    absl::Status created =
        Exec(*admin_, absl::StrCat("CREATE DATABASE ", database_));
    ASSERT_TRUE(created.ok()) << created;
    options_ = server_;
    options_.database = database_;
  }

  void TearDown() override {
    if (admin_ != nullptr) {
      EXPECT_TRUE(
          Exec(*admin_, absl::StrCat("DROP DATABASE IF EXISTS ", database_))
              .ok());
    }
  }

  // Kills a session from another connection, as a server restart or a network
  // cut would.
  void Kill(int64_t connection_id) {
    absl::Status killed =
        Exec(*admin_, absl::StrCat("KILL CONNECTION ", connection_id));
    ASSERT_TRUE(killed.ok()) << killed;
    absl::SleepFor(absl::Milliseconds(100));
  }

  MysqlOptions server_;   // the test server, no default database
  MysqlOptions options_;  // the same with this test's database
  std::string database_;
  std::unique_ptr<Pool> admin_;
};

}  // namespace samen::db

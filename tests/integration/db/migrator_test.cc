#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/migrator.h"
#include "db/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::db {
namespace {

using ::testing::HasSubstr;

class MigratorTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    // Migrate creates the database itself.
    ASSERT_TRUE(Exec(*admin_, absl::StrCat("DROP DATABASE ", database_)).ok());
    pool_ = std::make_unique<Pool>(options_);
  }

  void TearDown() override {
    pool_.reset();
    DbTest::TearDown();
  }

  int64_t Int(const std::string& query) {
    absl::StatusOr<int64_t> n = QueryInt(*pool_, query);
    EXPECT_TRUE(n.ok()) << query << ": " << n.status();
    return n.value_or(-1);
  }

  std::unique_ptr<Pool> pool_;
};

// Each depends on the one before, so a wrong order fails.
std::vector<Migration> ThreeMigrations() {
  return {
      {3, "0003_add_note",
       "ALTER TABLE widgets ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT 'n';"},
      {1, "0001_widgets",
       "-- Widgets; a comment with a ';'\n"
       "CREATE TABLE widgets (id INT PRIMARY KEY, label VARCHAR(20) NOT "
       "NULL);\n"
       "CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, n INT NOT "
       "NULL);\n"},
      {2, "0002_seed",
       "INSERT INTO widgets VALUES (1, 'semi;colon'), (2, 'it''s');\n"
       "INSERT INTO counters VALUES ('seeded', 1);"},
  };
}

TEST_F(MigratorTest, AppliesInVersionOrderAndRecordsChecksums) {
  std::vector<Migration> migrations = ThreeMigrations();
  absl::Status s = Migrate(server_, database_, migrations);
  ASSERT_TRUE(s.ok()) << s;

  EXPECT_EQ(Int("SELECT COUNT(*) FROM widgets WHERE note = 'n'"), 2);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM widgets WHERE label = 'semi;colon'"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 3);
  for (const Migration& m : migrations) {
    EXPECT_EQ(Int(absl::StrCat(
                  "SELECT COUNT(*) FROM schema_migrations WHERE version = ",
                  m.version, " AND name = '", m.name, "' AND checksum = '",
                  Checksum(m.sql), "'")),
              1)
        << m.name;
  }
  EXPECT_EQ(Int("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE "
                "SCHEMA_NAME = '" +
                database_ +
                "' AND DEFAULT_COLLATION_NAME = 'utf8mb4_unicode_520_ci'"),
            1);
}

TEST_F(MigratorTest, SecondRunChangesNothing) {
  ASSERT_TRUE(Migrate(server_, database_, ThreeMigrations()).ok());
  const int64_t applied_at =
      Int("SELECT SUM(UNIX_TIMESTAMP(applied_at)) FROM schema_migrations");
  absl::Status again = Migrate(server_, database_, ThreeMigrations());
  EXPECT_TRUE(again.ok()) << again;
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 3);
  EXPECT_EQ(Int("SELECT n FROM counters WHERE name = 'seeded'"), 1);
  EXPECT_EQ(
      Int("SELECT SUM(UNIX_TIMESTAMP(applied_at)) FROM schema_migrations"),
      applied_at);
}

TEST_F(MigratorTest, AppliesOnlyWhatIsNew) {
  std::vector<Migration> all = ThreeMigrations();
  std::vector<Migration> first_two = {all[1], all[2]};
  ASSERT_TRUE(Migrate(server_, database_, first_two).ok());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 2);
  absl::Status s = Migrate(server_, database_, all);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 3);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM widgets WHERE note = 'n'"), 2);
}

TEST_F(MigratorTest, EditedMigrationIsRefused) {
  ASSERT_TRUE(Migrate(server_, database_, ThreeMigrations()).ok());
  std::vector<Migration> edited = ThreeMigrations();
  edited[1].sql += "\n-- harmless?";
  edited.push_back(
      {4, "0004_more", "CREATE TABLE more_things (id INT PRIMARY KEY);"});
  absl::Status s = Migrate(server_, database_, edited);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(
      std::string(s.message()),
      HasSubstr(
          "migration 0001_widgets was edited after it was applied (checksum"));
  // Nothing further was applied.
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 3);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                "TABLE_SCHEMA = '" +
                database_ + "' AND TABLE_NAME = 'more_things'"),
            0);
}

TEST_F(MigratorTest, DatabaseNewerThanTheBinaryIsRefused) {
  ASSERT_TRUE(Migrate(server_, database_, ThreeMigrations()).ok());
  std::vector<Migration> older = ThreeMigrations();
  older.erase(older.begin());  // a binary without 0003
  absl::Status s = Migrate(server_, database_, older);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("0003_add_note"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("newer than this binary"));
}

TEST_F(MigratorTest, MigrationNumberedBelowAnAppliedOneIsRefused) {
  std::vector<Migration> all = ThreeMigrations();
  ASSERT_TRUE(Migrate(server_, database_, {all[0], all[1]}).ok());  // 1 and 3
  absl::Status s = Migrate(server_, database_, all);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("0002_seed"));
}

TEST_F(MigratorTest, FailingStatementStopsAndIsNotRecorded) {
  std::vector<Migration> migrations = {
      {1, "0001_widgets", "CREATE TABLE widgets (id INT PRIMARY KEY);"},
      {2, "0002_broken",
       "CREATE TABLE gadgets (id INT PRIMARY KEY);\nCREATE TABLE widgets (id "
       "INT);"},
      {3, "0003_after", "CREATE TABLE after_broken (id INT PRIMARY KEY);"},
  };
  absl::Status s = Migrate(server_, database_, migrations);
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal) << s;
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("migration 0002_broken failed at statement 2 of 2"));
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                "TABLE_SCHEMA = '" +
                database_ + "' AND TABLE_NAME IN ('gadgets', 'after_broken')"),
            1);  // gadgets stays, as documented; nothing after the failure ran
}

TEST_F(MigratorTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  std::vector<Migration> migrations = ThreeMigrations();
  // Not idempotent: a second application would fail on the primary key or
  // add 1.
  migrations.push_back(
      {4, "0004_count",
       "UPDATE counters SET n = n + 1 WHERE name = 'seeded';"});
  constexpr int kMigrators = 4;
  absl::Status results[kMigrators];
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      results[i] = Migrate(server_, database_, migrations, absl::Seconds(30));
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (const absl::Status& s : results) {
    EXPECT_TRUE(s.ok()) << s;
  }
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 4);
  EXPECT_EQ(Int("SELECT n FROM counters WHERE name = 'seeded'"), 2);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM widgets"), 2);
}

TEST_F(MigratorTest, RejectsBadInput) {
  EXPECT_EQ(Migrate(server_, "bad-name; DROP DATABASE x", {}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Migrate(server_, "", {}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Migrate(server_, std::string(65, 'a'), {}).code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<Migration> duplicate = {{1, "0001_a", "SELECT 1;"},
                                      {1, "0001_b", "SELECT 2;"}};
  EXPECT_EQ(Migrate(server_, database_, duplicate).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MigratorTest, EmptyListCreatesTheDatabaseAndBookkeeping) {
  absl::Status s = Migrate(server_, database_, {});
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Int("SELECT COUNT(*) FROM schema_migrations"), 0);
}

TEST_F(MigratorTest, CompiledInMigrationsApplyCleanly) {
  for (const std::string& service : ServicesWithMigrations()) {
    const std::string database = absl::StrCat(database_, "_", service);
    absl::Status s = Migrate(server_, database, MigrationsFor(service));
    EXPECT_TRUE(s.ok()) << service << ": " << s;
    absl::Status again = Migrate(server_, database, MigrationsFor(service));
    EXPECT_TRUE(again.ok()) << service << ": " << again;
    EXPECT_TRUE(
        Exec(*admin_, absl::StrCat("DROP DATABASE IF EXISTS ", database)).ok());
  }
}

}  // namespace
}  // namespace samen::db

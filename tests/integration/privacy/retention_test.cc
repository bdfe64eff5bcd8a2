// The retention job on real rows (issue 17): with the clock moved forward,
// coaching notes past their period are gone and everything else is as it was,
// counted exactly; two samen-server processes running the job on one database
// at once delete the rows once (the lease: one runs, the other skips); a bad
// --retention is refused at start, naming the entry.

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/job_lease.h"
#include "db/migrator.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/common/privacy/retention.h"
#include "services/induction/privacy_map.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::privacy {
namespace {

using db::Exec;
using db::QueryInt;

absl::Time At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

// Starters finished long ago, finished recently and still active; their
// sessions' notes; two intervision meetings without a starter; mail rows.
// At 2030-01-01 with the default 365 days, notes n-old-1..3 (the starter
// finished 2027-06) and n-iv-old (a meeting of 2028) are past their period.
const std::vector<std::string>& Rows() {
  static const auto* rows = new std::vector<std::string>{
      "INSERT INTO programmes (id, display_name, owner, duration_years, "
      "create_time, update_time) VALUES ('prog', 'P', "
      "'organisations/school', 2, NOW(), NOW())",
      "INSERT INTO starters (id, display_name, school_id, programme_id, "
      "start_date, status, create_time, update_time) VALUES "
      "('s-old', 'Oud', 'school', 'prog', '2025-08-01', 3, "
      "'2025-07-01', '2027-06-01'), "
      "('s-recent', 'Recent', 'school', 'prog', '2027-08-01', 3, "
      "'2027-07-01', '2029-06-01'), "
      "('s-left', 'Weg', 'school', 'prog', '2027-08-01', 4, "
      "'2027-07-01', '2029-11-01'), "
      "('s-active', 'Actief', 'school', 'prog', '2019-08-01', 1, "
      "'2019-07-01', '2020-01-01')",
      "INSERT INTO calendar_entries (id, kind, coach_id, starter_id, "
      "start_time, end_time, state, ical_uid, create_time, update_time) "
      "VALUES "
      "('e-old-1', 1, 'coach', 's-old', '2026-01-01 10:00', "
      "'2026-01-01 11:00', 3, 'u1', '2025-12-01', '2025-12-01'), "
      "('e-old-2', 2, 'coach', 's-old', '2026-02-01 10:00', "
      "'2026-02-01 11:00', 3, 'u2', '2025-12-01', '2025-12-01'), "
      "('e-recent', 1, 'coach', 's-recent', '2028-01-01 10:00', "
      "'2028-01-01 11:00', 3, 'u3', '2027-12-01', '2027-12-01'), "
      "('e-left', 1, 'coach', 's-left', '2028-01-01 10:00', "
      "'2028-01-01 11:00', 3, 'u4', '2027-12-01', '2027-12-01'), "
      "('e-active', 1, 'coach', 's-active', '2020-01-01 10:00', "
      "'2020-01-01 11:00', 3, 'u5', '2019-12-01', '2019-12-01'), "
      "('e-iv-old', 3, 'coach', NULL, '2028-01-01 10:00', "
      "'2028-01-01 11:00', 3, 'u6', '2027-12-01', '2027-12-01'), "
      "('e-iv-new', 3, 'coach', NULL, '2029-12-01 10:00', "
      "'2029-12-01 11:00', 3, 'u7', '2029-11-01', '2029-11-01')",
      "INSERT INTO coaching_notes (id, entry_id, author_id, text, "
      "create_time) VALUES "
      "('n-old-1', 'e-old-1', 's-old', 'a', '2026-01-01'), "
      "('n-old-2', 'e-old-1', 'coach', 'b', '2026-01-02'), "
      "('n-old-3', 'e-old-2', 'coach', 'c', '2026-02-01'), "
      "('n-recent', 'e-recent', 'coach', 'd', '2028-01-01'), "
      "('n-left', 'e-left', 'coach', 'e', '2028-01-01'), "
      "('n-active-1', 'e-active', 'coach', 'f', '2020-01-01'), "
      "('n-active-2', 'e-active', 's-active', 'g', '2020-01-02'), "
      "('n-iv-old', 'e-iv-old', 'coach', 'h', '2028-01-01'), "
      "('n-iv-new', 'e-iv-new', 'coach', 'i', '2029-12-01')",
      "INSERT INTO access_records (starter_id, viewer_id, viewer_role, "
      "action, access_time) VALUES ('s-old', 'hr', 'hr', 'GET', "
      "'2026-01-01')",
      // Attempts: 90 days; one old, one new. Outbox: finished ones go after
      // 90 days, a pending one never.
      "INSERT INTO notification_attempts VALUES (1, 1, '2029-01-01', 5, 1, "
      "''), (2, 1, '2029-12-20', 5, 1, '')",
      "INSERT INTO notification_outbox (message_key, kind, recipient_id, "
      "payload, state, next_attempt_time, create_time, finish_time) VALUES "
      "('k1', 'x', 's-old', '{}', 2, '2029-01-01', '2029-01-01', "
      "'2029-01-01'), "
      "('k2', 'x', 's-old', '{}', 1, '2029-01-01', '2029-01-01', NULL), "
      "('k3', 'x', 's-old', '{}', 2, '2029-12-20', '2029-12-20', "
      "'2029-12-20')",
  };
  return *rows;
}

class RetentionTest : public db::DbTest {
 protected:
  void Load(const std::string& database) {
    db::MysqlOptions options = server_;
    options.database = database;
    ASSERT_TRUE(
        db::Migrate(server_, database, db::MigrationsFor("induction")).ok());
    pool_ = std::make_unique<db::Pool>(options);
    for (const std::string& s : Rows()) {
      absl::Status status = Exec(*pool_, s);
      ASSERT_TRUE(status.ok()) << status << "\n" << s;
    }
  }

  int64_t Count(const std::string& query) {
    auto n = QueryInt(*pool_, query);
    EXPECT_TRUE(n.ok()) << n.status() << " " << query;
    return n.value_or(-1);
  }

  std::string Notes() {
    std::string out;
    auto status = db::RunWithConnection(
        *pool_, db::In(absl::Seconds(10)), "notes", [&](sql::Connection& c) {
          std::unique_ptr<sql::Statement> s(c.createStatement());
          std::unique_ptr<sql::ResultSet> rs(
              s->executeQuery("SELECT id FROM coaching_notes ORDER BY id"));
          while (rs->next()) {
            absl::StrAppend(&out, out.empty() ? "" : ",",
                            std::string(rs->getString(1)));
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return out;
  }

  // Rows of every table the job must not touch.
  std::string Untouched() {
    return absl::StrCat(Count("SELECT COUNT(*) FROM starters"), "/",
                        Count("SELECT COUNT(*) FROM calendar_entries"), "/",
                        Count("SELECT COUNT(*) FROM access_records"), "/",
                        Count("SELECT COUNT(*) FROM programmes"));
  }

  std::unique_ptr<db::Pool> pool_;
};

int64_t Deleted(const RetentionPass& pass, const std::string& table) {
  for (const TableRetention& t : pass.tables) {
    if (t.table == table) {
      return t.deleted;
    }
  }
  return -1;
}

TEST_F(RetentionTest, DeletesNotesPastTheirPeriodAndNothingElse) {
  Load(database_);
  const std::string before = Untouched();
  FixedClock clock(At("2030-01-01T00:00:00Z"));
  // Two rows per DELETE, so that the notes take several batches.
  RetentionOptions options{.batch = 2, .pause = absl::Milliseconds(1)};
  db::JobLease lease(pool_.get(), "retention", "replica-a");

  auto pass = EnforceRetention(*pool_, induction::InductionDataMap(), options,
                               clock, lease);
  ASSERT_TRUE(pass.ok()) << pass.status();
  EXPECT_TRUE(pass->ran);
  EXPECT_EQ(Deleted(*pass, "coaching_notes"), 4);
  EXPECT_EQ(Deleted(*pass, "notification_attempts"), 1);
  EXPECT_EQ(Deleted(*pass, "notification_outbox"), 1);
  EXPECT_EQ(Notes(), "n-active-1,n-active-2,n-iv-new,n-left,n-recent");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notification_attempts WHERE "
                  "notification_id = 2"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notification_outbox WHERE "
                  "message_key IN ('k2', 'k3')"),
            2);
  EXPECT_EQ(Untouched(), before);

  // Again at the same time: nothing more.
  pass = EnforceRetention(*pool_, induction::InductionDataMap(), options, clock,
                          lease);
  ASSERT_TRUE(pass.ok()) << pass.status();
  EXPECT_EQ(Deleted(*pass, "coaching_notes"), 0);

  // Half a year on: the starter who finished 2029-06 has passed 365 days,
  // unless --retention keeps notes for two years.
  clock.Set(At("2030-07-01T00:00:00Z"));
  options.days["coaching_notes"] = 730;
  pass = EnforceRetention(*pool_, induction::InductionDataMap(), options, clock,
                          lease);
  ASSERT_TRUE(pass.ok()) << pass.status();
  EXPECT_EQ(Deleted(*pass, "coaching_notes"), 0);
  options.days.clear();
  pass = EnforceRetention(*pool_, induction::InductionDataMap(), options, clock,
                          lease);
  ASSERT_TRUE(pass.ok()) << pass.status();
  EXPECT_EQ(Deleted(*pass, "coaching_notes"), 1);
  EXPECT_EQ(Notes(), "n-active-1,n-active-2,n-iv-new,n-left");
  EXPECT_EQ(Untouched(), before);
}

TEST_F(RetentionTest, AnotherReplicaSkipsWhileTheLeaseIsHeld) {
  Load(database_);
  FixedClock clock(At("2030-01-01T00:00:00Z"));
  RetentionOptions options;
  db::JobLease a(pool_.get(), "retention", "replica-a");
  db::JobLease b(pool_.get(), "retention", "replica-b");
  auto first = EnforceRetention(*pool_, induction::InductionDataMap(), options,
                                clock, a);
  auto second = EnforceRetention(*pool_, induction::InductionDataMap(), options,
                                 clock, b);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->ran);
  EXPECT_FALSE(second->ran);
  EXPECT_TRUE(second->tables.empty());
  // Released, the other takes it at once.
  ASSERT_TRUE(a.Release(db::In(absl::Seconds(5))).ok());
  auto third = EnforceRetention(*pool_, induction::InductionDataMap(), options,
                                clock, b);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->ran);
  // Held by b: a skips until it runs out (1 h interval + 30 min) ...
  clock.Set(clock.Now() + absl::Minutes(89));
  auto fourth = EnforceRetention(*pool_, induction::InductionDataMap(), options,
                                 clock, a);
  ASSERT_TRUE(fourth.ok());
  EXPECT_FALSE(fourth->ran);
  // ... and takes over after.
  clock.Set(clock.Now() + absl::Minutes(2));
  auto fifth = EnforceRetention(*pool_, induction::InductionDataMap(), options,
                                clock, a);
  ASSERT_TRUE(fifth.ok());
  EXPECT_TRUE(fifth->ran);
}

// samen-server's directory (ctest sets SAMEN_BIN_DIR). (tests/support/
// test_env.h has the same, but its TestMysqlOptions clashes with the db
// fixture's.)
std::string BinDir() {
  const char* dir = std::getenv("SAMEN_BIN_DIR");
  return dir == nullptr ? "bin" : dir;
}

int Shell(const std::string& command) {
  const int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

constexpr char kJwtSecret[] = "samen-test-secret-0123456789abcdef0123456789";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// samen-server with the test database's address; `args` after.
std::string ServerCommand(const db::MysqlOptions& mysql,
                          const std::string& args) {
  return absl::StrCat(BinDir(), "/samen-server --mysql_host=", mysql.host,
                      " --mysql_port=", mysql.port,
                      " --mysql_user=", mysql.user, " --mysql_password='",
                      mysql.password, "' ", args);
}

TEST_F(RetentionTest, TwoProcessesAtOnceDeleteTheRowsOnce) {
  // samen-server finds the database as <prefix>induction.
  const std::string prefix = absl::StrCat(database_, "_");
  const std::string database = absl::StrCat(prefix, "induction");
  Load(database);
  const std::string dir = ::testing::TempDir();
  const std::string clock_file = absl::StrCat(dir, database, ".clock");
  std::ofstream(clock_file) << "2030-01-01T00:00:00Z\n";
  // One row per DELETE with a pause between: the first process is still at
  // it when the second starts.
  const std::string command = ServerCommand(
      server_, absl::StrCat("--services=induction --mysql_database_prefix=",
                            prefix, " --clock_file=", clock_file,
                            " --retention_batch=1 retention"));
  const std::string out = absl::StrCat(dir, database, ".out");
  const int rc = Shell(absl::StrCat(
      command, " > ", out, "1 2>", out, "1.log & a=$!; ", command, " > ", out,
      "2 2>", out, "2.log & b=$!; wait $a || exit 1; wait $b || exit 2"));
  const std::string first = ReadFile(absl::StrCat(out, "1"));
  const std::string second = ReadFile(absl::StrCat(out, "2"));
  EXPECT_EQ(rc, 0) << ReadFile(absl::StrCat(out, "1.log"))
                   << ReadFile(absl::StrCat(out, "2.log"));
  const std::string ran =
      "{\"service\":\"induction\",\"ran\":true,\"deleted\":{"
      "\"coaching_notes\":4,\"notification_attempts\":1,"
      "\"notification_outbox\":1}}\n";
  const std::string skipped =
      "{\"service\":\"induction\",\"ran\":false,\"deleted\":{}}\n";
  EXPECT_TRUE((first == ran && second == skipped) ||
              (first == skipped && second == ran))
      << first << "\n"
      << second;
  EXPECT_EQ(Notes(), "n-active-1,n-active-2,n-iv-new,n-left,n-recent");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notification_attempts"), 1);
  pool_.reset();
  EXPECT_TRUE(Exec(*admin_, absl::StrCat("DROP DATABASE ", database)).ok());
}

TEST_F(RetentionTest, ABadRetentionIsRefusedAtStartNamingIt) {
  const std::string log = absl::StrCat(::testing::TempDir(), database_, ".log");
  for (const auto& [flag, named] :
       std::vector<std::pair<std::string, std::string>>{
           {"--retention=coaching_notez=30", "coaching_notez"},
           {"--retention=coaching_notes=0", "whole number above 0"},
           {"--retention=time_claims=3", "claim pruner"}}) {
    const int rc = Shell(absl::StrCat(
        ServerCommand(server_,
                      absl::StrCat("--services=induction --listen=127.0.0.1:0 "
                                   "--jwt_hs256_secret=",
                                   kJwtSecret, " ", flag, " serve")),
        " > ", log, " 2>&1"));
    EXPECT_EQ(rc, 1) << flag;
    const std::string text = ReadFile(log);
    EXPECT_TRUE(absl::StrContains(text, "--retention: ")) << text;
    EXPECT_TRUE(absl::StrContains(text, named)) << text;
  }
}

}  // namespace
}  // namespace samen::privacy

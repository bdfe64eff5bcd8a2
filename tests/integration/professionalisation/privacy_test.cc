// The privacy engine on a migrated Professionalisation database: erasing a
// participant keeps their enrolment, attendance, feedback score and hours
// anonymised (they count for the organiser's report and the institute's
// funding), moves the rows whose foreign keys join them to one pseudonym
// together (relaxed_foreign_keys), so the keys agree afterwards — also when
// the erasure stopped between the children and their enrolment — and gives
// the connection back with its foreign-key checks on.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "db/migrator.h"
#include "db/statement.h"
#include "gtest/gtest.h"
#include "services/common/privacy/engine.h"
#include "services/professionalisation/privacy_map.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::professionalisation {
namespace {

using db::Exec;
using db::QueryInt;

constexpr const char* kFixture[] = {
    "INSERT INTO activities (id, owner, kind, title, description, capacity, "
    "enrolment_open_time, enrolment_close_time, cancellation_deadline, "
    "hours_centis, first_start, last_end, enrolled_count, create_time, "
    "update_time) VALUES ('act', 'partnerships/osof', 1, 'Skills lab', '', "
    "20, NOW(), NOW(), NOW(), 300, NOW(), NOW(), 2, NOW(), NOW())",
    "INSERT INTO activity_sessions (activity_id, session_id, position, "
    "local_date, local_start, local_end, start_time, end_time) VALUES "
    "('act', 's1', 0, '2026-10-01', '15:00', '17:00', NOW(), NOW()), "
    "('act', 's2', 1, '2026-10-08', '15:00', '17:00', NOW(), NOW())",
    "INSERT INTO enrolments (activity_id, person_id, state, arrival, "
    "display_name, organisations, enrolled_by, request_time, state_time) "
    "VALUES ('act', 'p-a', 3, 1, 'Anna Vergeten', 'school-x', 'p-a', NOW(), "
    "NOW()), ('act', 'p-b', 3, 2, 'Bram Blijft', 'school-x', 'coord', NOW(), "
    "NOW())",
    "INSERT INTO attendance VALUES ('act', 's1', 'p-a', TRUE, 'coord', "
    "NOW()), ('act', 's2', 'p-a', TRUE, 'coord', NOW()), ('act', 's1', "
    "'p-b', TRUE, 'coord', NOW()), ('act', 's2', 'p-b', FALSE, 'coord', "
    "NOW())",
    "INSERT INTO feedback VALUES ('act', 'p-a', 4, 'Anna vond het goed', "
    "NOW()), ('act', 'p-b', 5, 'Bram ook', NOW())",
    "INSERT INTO development_records (person_id, activity_id, title, kind, "
    "owner, hours_centis, completion_time, organisations, create_time) "
    "VALUES ('p-a', 'act', 'Skills lab', 1, 'partnerships/osof', 300, NOW(), "
    "'school-x', NOW()), ('p-b', 'act', 'Skills lab', 1, "
    "'partnerships/osof', 300, NOW(), 'school-x', NOW())",
    "INSERT INTO enrolment_events (seq, activity_id, person_id, kind, "
    "previous_state, state, enrolled_count, waitlisted_count, actor, "
    "event_time) VALUES (1, 'act', 'p-a', 1, 0, 3, 1, 0, 'p-a', NOW()), "
    "(2, 'act', 'p-b', 1, 0, 3, 2, 0, 'coord', NOW())",
    "INSERT INTO series_participants VALUES ('partnerships/osof', 'ser', "
    "'p-a')",
};

// The organiser's report and the institute's hours, and the rows whose
// foreign keys no longer find their enrolment (must be none).
constexpr char kReport[] =
    "SELECT CONCAT((SELECT COUNT(*) FROM enrolments WHERE state = 3), '/', "
    "(SELECT COUNT(*) FROM attendance WHERE attended), '/', "
    "(SELECT SUM(score) FROM feedback), '/', "
    "(SELECT SUM(hours_centis) FROM development_records WHERE organisations "
    "= 'school-x'))";
constexpr char kOrphans[] =
    "SELECT (SELECT COUNT(*) FROM attendance a LEFT JOIN enrolments e ON "
    "e.activity_id = a.activity_id AND e.person_id = a.person_id WHERE "
    "e.person_id IS NULL) + (SELECT COUNT(*) FROM feedback f LEFT JOIN "
    "enrolments e ON e.activity_id = f.activity_id AND e.person_id = "
    "f.person_id WHERE e.person_id IS NULL)";

class ProfessionalisationPrivacyTest : public db::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    ASSERT_TRUE(db::Migrate(server_, database_,
                            db::MigrationsFor("professionalisation"))
                    .ok());
    options_.pool_size = 1;  // every statement on the one connection
    pool_ = std::make_unique<db::Pool>(options_);
    for (const char* statement : kFixture) {
      absl::Status s = Exec(*pool_, statement);
      ASSERT_TRUE(s.ok()) << s << "\n" << statement;
    }
  }

  std::string Report() {
    std::string out;
    absl::Status s = db::RunWithConnection(
        *pool_, db::In(absl::Seconds(30)), "report", [&](sql::Connection& c) {
          std::unique_ptr<sql::Statement> st(c.createStatement());
          db::Rows rs(st->executeQuery(kReport));
          if (rs->next()) {
            out = rs->getString(1);
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  absl::Status Erase(const privacy::ErasureOptions& options) {
    return db::RunWithConnection(
        *pool_, db::In(absl::Seconds(60)), "erase",
        [&](sql::Connection& c) -> absl::Status {
          auto erased = privacy::ErasePerson(c, ProfessionalisationDataMap(),
                                             "p-a", options);
          auto checks = db::QueryInt(c, "SELECT @@SESSION.foreign_key_checks");
          EXPECT_TRUE(checks.ok() && *checks == 1)
              << "the connection went back without foreign-key checks";
          return erased.status();
        });
  }

  int64_t Count(const std::string& query) {
    auto n = QueryInt(*pool_, query);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::unique_ptr<db::Pool> pool_;
};

TEST_F(ProfessionalisationPrivacyTest, ErasureKeepsTheReportAndTheKeys) {
  const std::string report = Report();
  ASSERT_EQ(report, "2/3/9/600");

  ASSERT_TRUE(Erase({.pseudonym = "erased-op-2"}).ok());

  EXPECT_EQ(Report(), report);
  EXPECT_EQ(Count(kOrphans), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attendance WHERE person_id = "
                  "'erased-op-2'"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM enrolments WHERE person_id = 'p-a' "
                  "OR display_name LIKE '%Anna%' OR enrolled_by = 'p-a'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feedback WHERE comment LIKE "
                  "'%Anna%'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM enrolment_events WHERE person_id = "
                  "'p-a' OR actor = 'p-a'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM series_participants"), 0);
  // Bram's rows are his own still.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attendance WHERE person_id = 'p-b'"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feedback WHERE comment = 'Bram ook'"),
            1);
}

TEST_F(ProfessionalisationPrivacyTest, StoppedBetweenChildAndParentThenRerun) {
  const std::string report = Report();
  // Stop right after the attendance moved to the pseudonym, before its
  // enrolment did: its rows point at an enrolment not there yet.
  privacy::ErasureOptions stopping{
      .pseudonym = "erased-op-3",
      .after_batch = [](absl::string_view table, int64_t) {
        return table == "attendance" ? absl::AbortedError("stopped")
                                     : absl::OkStatus();
      }};
  EXPECT_EQ(Erase(stopping).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Count(kOrphans), 2);

  ASSERT_TRUE(Erase({.pseudonym = "erased-op-3"}).ok());
  EXPECT_EQ(Count(kOrphans), 0);
  EXPECT_EQ(Report(), report);
  // The keys hold again: a new attendance row for the erased pseudonym's
  // enrolment is accepted, one for no enrolment is refused.
  EXPECT_TRUE(Exec(*pool_,
                   "UPDATE attendance SET attended = FALSE WHERE person_id = "
                   "'erased-op-3' AND session_id = 's2'")
                  .ok());
  EXPECT_FALSE(Exec(*pool_,
                    "INSERT INTO attendance VALUES ('act', 's1', 'nobody', "
                    "TRUE, 'coord', NOW())")
                   .ok());
}

}  // namespace
}  // namespace samen::professionalisation

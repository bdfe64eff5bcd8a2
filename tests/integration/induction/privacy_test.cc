// The privacy engine (services/common/privacy/engine.h) on a migrated
// Induction database, driven by InductionDataMap(): a starter with bookings,
// a lesson visit, intervision, coaching notes, a calendar feed, access
// records, e-mail and an idempotent request is exported (all of theirs,
// nothing of another starter's) and erased (notes gone, attendance kept
// anonymised so the school's HR tracking counts the same, others untouched),
// also when the erasure stops half-way and runs again.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "cppconn/resultset_metadata.h"
#include "cppconn/statement.h"
#include "db/migrator.h"
#include "db/statement.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/common/privacy/engine.h"
#include "services/induction/induction_repository.h"
#include "services/induction/privacy_map.h"
#include "services/induction/tracking_rules.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::induction {
namespace {

using db::Exec;
using db::QueryInt;

constexpr char kErased[] = "starter-a";
constexpr char kPseudonym[] = "erased-op-1";

constexpr const char* kFixture[] = {
    "INSERT INTO programmes (id, display_name, owner, duration_years, "
    "create_time, update_time) VALUES ('p1', 'Inductie', "
    "'organisations/school-x', 2, NOW(), NOW())",
    "INSERT INTO programme_years (programme_id, starter_kind, year, "
    "coaching_sessions, lesson_visits, learning_arrangements, training_items) "
    "VALUES ('p1', 0, 1, 6, 2, '', '')",
    "INSERT INTO starters (id, display_name, school_id, programme_id, "
    "start_date, subjects, create_time, update_time) VALUES "
    "('starter-a', 'Anna Vergeten', 'school-x', 'p1', '2026-08-15', "
    "'biologie', NOW(), NOW()), ('starter-b', 'Bram Blijft', 'school-x', "
    "'p1', '2026-08-15', 'wiskunde', NOW(), NOW())",
    "INSERT INTO starter_coaches VALUES ('starter-a', 'coach-c', 0), "
    "('starter-b', 'coach-c', 0)",
    "INSERT INTO person_locks VALUES ('starter-a'), ('starter-b'), "
    "('coach-c')",
    "INSERT INTO coach_availability (coach_id, slot_minutes, location, "
    "create_time, update_time) VALUES ('coach-c', 45, 'Lokaal 12', NOW(), "
    "NOW())",
    // e1 held, e2 cancelled late by the starter, e3 a lesson visit held, all
    // of starter-a; e4 held of starter-b; e5 an intervision meeting of both.
    "INSERT INTO calendar_entries (id, kind, coach_id, starter_id, title, "
    "start_time, end_time, state, programme_year, late_cancellation, "
    "cancel_reason, cancelled_by, location, ical_uid, request_id, "
    "create_time, update_time) VALUES "
    "('e1', 1, 'coach-c', 'starter-a', 'Gesprek Anna', '2026-09-01 09:00', "
    "'2026-09-01 09:45', 3, 1, FALSE, '', NULL, 'Lokaal 12', 'u1', 'r-a1', "
    "NOW(), NOW()), "
    "('e2', 1, 'coach-c', 'starter-a', 'Gesprek Anna', '2026-09-08 09:00', "
    "'2026-09-08 09:45', 2, 1, TRUE, 'Anna is ziek', 'starter-a', "
    "'Lokaal 12', 'u2', 'r-a2', NOW(), NOW()), "
    "('e3', 2, 'coach-c', 'starter-a', 'Lesbezoek', '2026-09-15 10:00', "
    "'2026-09-15 11:00', 3, 1, FALSE, '', NULL, '', 'u3', NULL, NOW(), "
    "NOW()), "
    "('e4', 1, 'coach-c', 'starter-b', 'Gesprek Bram', '2026-09-02 09:00', "
    "'2026-09-02 09:45', 3, 1, FALSE, '', NULL, 'Lokaal 12', 'u4', 'r-b1', "
    "NOW(), NOW()), "
    "('e5', 3, 'coach-c', NULL, 'Intervisie', '2026-09-20 15:00', "
    "'2026-09-20 16:30', 3, 0, FALSE, '', NULL, '', 'u5', NULL, NOW(), "
    "NOW())",
    "INSERT INTO entry_participants VALUES ('e1', 'coach-c', 1), "
    "('e1', 'starter-a', 2), ('e2', 'coach-c', 1), ('e2', 'starter-a', 2), "
    "('e3', 'coach-c', 1), ('e3', 'starter-a', 2), ('e4', 'coach-c', 1), "
    "('e4', 'starter-b', 2), ('e5', 'coach-c', 1), ('e5', 'starter-a', 2), "
    "('e5', 'starter-b', 2)",
    "INSERT INTO time_claims VALUES ('starter-a', '2026-09-01 09:00', 'e1'), "
    "('starter-a', '2026-09-01 09:05', 'e1'), ('coach-c', "
    "'2026-09-01 09:00', 'e1'), ('starter-b', '2026-09-02 09:00', 'e4')",
    "INSERT INTO coaching_notes VALUES "
    "('n1', 'e1', 'starter-a', 'Anna: ik twijfel of ik blijf', NOW()), "
    "('n2', 'e1', 'coach-c', 'Coach over Anna: steun nodig', NOW()), "
    "('n3', 'e4', 'coach-c', 'Coach over Bram: gaat goed', NOW()), "
    "('n4', 'e5', 'starter-a', 'Anna in de intervisie', NOW()), "
    "('n5', 'e5', 'coach-c', 'Groepsverslag intervisie', NOW())",
    "INSERT INTO calendar_feeds VALUES ('starter-a', "
    "UNHEX(SHA2('feed-a', 256)), NOW()), ('starter-b', "
    "UNHEX(SHA2('feed-b', 256)), NOW())",
    "INSERT INTO access_records (starter_id, viewer_id, viewer_name, "
    "viewer_role, action, access_time) VALUES ('starter-a', 'hr-1', "
    "'Henk HR', 'hr', 'GetStarter', NOW()), ('starter-b', 'hr-1', "
    "'Henk HR', 'hr', 'GetStarter', NOW())",
    "INSERT INTO notification_outbox (id, message_key, kind, recipient_id, "
    "payload, state, next_attempt_time, create_time) VALUES "
    "(1, 'k1', 'booking', 'starter-a', '{\"name\":\"Anna Vergeten\"}', 2, "
    "NOW(), NOW()), (2, 'k2', 'booking', 'starter-b', "
    "'{\"name\":\"Bram Blijft\"}', 2, NOW(), NOW())",
    "INSERT INTO notification_attempts VALUES (1, 1, NOW(), 5, 2, "
    "'421 try later'), (1, 2, NOW(), 5, 1, '250 ok'), (2, 1, NOW(), 5, 1, "
    "'250 ok')",
    "INSERT INTO idempotency_keys (subject, method, request_id, fingerprint, "
    "claimed_at, expires_at) VALUES ('starter-a', 'CreateBooking', 'r-a1', "
    "REPEAT('a', 64), NOW(), NOW()), ('starter-b', 'CreateBooking', 'r-b1', "
    "REPEAT('b', 64), NOW(), NOW())",
};

// Everything that is not starter-a's, as text: must not change.
constexpr const char* kOthers[] = {
    "SELECT * FROM starters WHERE id = 'starter-b'",
    "SELECT * FROM starter_coaches WHERE starter_id = 'starter-b'",
    "SELECT * FROM calendar_entries WHERE id IN ('e4', 'e5')",
    "SELECT * FROM entry_participants WHERE person_id <> 'starter-a' AND "
    "person_id <> 'erased-op-1'",
    "SELECT * FROM time_claims WHERE person_id <> 'starter-a'",
    "SELECT * FROM coaching_notes WHERE id IN ('n3', 'n5')",
    "SELECT * FROM calendar_feeds WHERE person_id = 'starter-b'",
    "SELECT * FROM access_records WHERE starter_id = 'starter-b'",
    "SELECT * FROM notification_outbox WHERE id = 2",
    "SELECT * FROM notification_attempts WHERE notification_id = 2",
    "SELECT subject, method, request_id FROM idempotency_keys WHERE "
    "subject = 'starter-b'",
    "SELECT * FROM coach_availability",
    "SELECT * FROM person_locks WHERE person_id <> 'starter-a'",
};

class InductionPrivacyTest : public db::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    ASSERT_TRUE(
        db::Migrate(server_, database_, db::MigrationsFor("induction")).ok());
    pool_ = std::make_unique<db::Pool>(options_);
    for (const char* statement : kFixture) {
      absl::Status s = Exec(*pool_, statement);
      ASSERT_TRUE(s.ok()) << s << "\n" << statement;
    }
  }

  // All rows of `query`, every column as text, one line per row, sorted.
  std::string Dump(const std::string& query) {
    std::vector<std::string> lines;
    absl::Status s = db::RunWithConnection(
        *pool_, db::In(absl::Seconds(30)), "dump", [&](sql::Connection& c) {
          std::unique_ptr<sql::Statement> st(c.createStatement());
          db::Rows rs(st->executeQuery(query));
          const unsigned n = rs->getMetaData()->getColumnCount();
          while (rs->next()) {
            std::string line;
            for (unsigned i = 1; i <= n; ++i) {
              absl::StrAppend(
                  &line,
                  rs->isNull(i) ? "NULL" : rs->getString(i).asStdString(), "|");
            }
            lines.push_back(absl::StrCat(line, "\n"));
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(s.ok()) << s << " " << query;
    std::sort(lines.begin(), lines.end());  // rows in a stable order
    return absl::StrJoin(lines, "");
  }

  std::vector<std::string> DumpOthers() {
    std::vector<std::string> out;
    for (const char* q : kOthers) {
      out.push_back(Dump(q));
    }
    return out;
  }

  // Every text column of every table holding `needle` (within its text), as
  // "table.column" — where the erased person could still be found.
  std::vector<std::string> WhereFound(const std::string& needle) {
    std::vector<std::string> columns = absl::StrSplit(
        Dump(absl::StrCat("SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME), 1 "
                          "FROM information_schema.COLUMNS WHERE "
                          "TABLE_SCHEMA = '",
                          database_,
                          "' AND DATA_TYPE IN ('char', 'varchar', 'text', "
                          "'mediumtext')")),
        '\n', absl::SkipEmpty());
    std::vector<std::string> found;
    for (std::string& line : columns) {
      const std::string column = line.substr(0, line.find('|'));
      const std::vector<std::string> parts = absl::StrSplit(column, '.');
      auto n = QueryInt(
          *pool_, absl::StrCat("SELECT COUNT(*) FROM ", parts[0], " WHERE ",
                               parts[1], " LIKE '%", needle, "%'"));
      EXPECT_TRUE(n.ok()) << n.status();
      if (n.value_or(0) > 0) {
        found.push_back(column);
      }
    }
    return found;
  }

  // The school's HR summary and session totals as the summary computes them.
  std::string HrCounts() {
    InductionRepository repo(pool_.get(), &clock_);
    // As the summary per school counts: erased starters included (HR's list
    // and export leave them out).
    TrackingFilter filter;
    filter.include_erased = true;
    auto page = repo.Tracking(HrScope{.all = true}, filter, "", 100,
                              clock_.Now(), db::In(absl::Seconds(30)));
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<v1::StarterTracking> rows;
    int used = 0, held = 0, visits = 0;
    for (auto& item : page.value_or(Page<TrackingItem>()).items) {
      AssessRisk(item.facts, clock_.Now(), &item.row);
      used += item.row.sessions_used();
      held += item.row.sessions_held();
      visits += item.row.lesson_visits_done();
      rows.push_back(item.row);
    }
    std::string out =
        absl::StrCat("used=", used, " held=", held, " visits=", visits, "\n");
    for (const auto& count : CountBySchoolAndCohort(rows)) {
      absl::StrAppend(&out, count.ShortDebugString(), "\n");
    }
    return out;
  }

  absl::StatusOr<std::vector<privacy::TableErasure>> Erase(
      const privacy::ErasureOptions& options) {
    return db::WithConnection<std::vector<privacy::TableErasure>>(
        *pool_, db::In(absl::Seconds(60)), "erase", [&](sql::Connection& c) {
          return privacy::ErasePerson(c, InductionDataMap(), kErased, options);
        });
  }

  absl::StatusOr<google::protobuf::Struct> Export(const std::string& person) {
    return db::WithConnection<google::protobuf::Struct>(
        *pool_, db::In(absl::Seconds(30)), "export", [&](sql::Connection& c) {
          return privacy::ExportPerson(c, InductionDataMap(), person);
        });
  }

  FixedClock clock_{absl::FromCivil(absl::CivilSecond(2026, 9, 21, 12, 0, 0),
                                    absl::UTCTimeZone())};
  std::unique_ptr<db::Pool> pool_;
};

// table -> the values of `column` in the export's rows of that table.
std::vector<std::string> Values(const google::protobuf::Struct& data,
                                const std::string& table,
                                const std::string& column) {
  std::vector<std::string> out;
  const auto& rows =
      data.fields().at("tables").struct_value().fields().at(table).list_value();
  for (const auto& row : rows.values()) {
    const auto& v = row.struct_value().fields().at(column);
    out.push_back(v.has_string_value() ? v.string_value()
                                       : absl::StrCat(v.number_value()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

int64_t Total(const std::vector<privacy::TableErasure>& erased,
              int64_t privacy::TableErasure::*field) {
  int64_t n = 0;
  for (const auto& t : erased) {
    n += t.*field;
  }
  return n;
}

TEST_F(InductionPrivacyTest, ExportHoldsEveryPieceOfTheStarterAndNothingElse) {
  auto data = Export(kErased);
  ASSERT_TRUE(data.ok()) << data.status();
  using V = std::vector<std::string>;
  EXPECT_EQ(Values(*data, "starters", "display_name"), V{"Anna Vergeten"});
  EXPECT_EQ(Values(*data, "starters", "subjects"), V{"biologie"});
  // Their bookings, visit and the intervision they took part in.
  EXPECT_EQ(Values(*data, "calendar_entries", "id"),
            (V{"e1", "e2", "e3", "e5"}));
  EXPECT_EQ(Values(*data, "calendar_entries", "cancel_reason"),
            (V{"", "", "", "Anna is ziek"}));
  EXPECT_EQ(Values(*data, "entry_participants", "entry_id"),
            (V{"e1", "e2", "e3", "e5"}));
  // Notes on their sessions, whoever wrote them, and notes they wrote.
  EXPECT_EQ(Values(*data, "coaching_notes", "id"), (V{"n1", "n2", "n4"}));
  EXPECT_EQ(Values(*data, "starter_coaches", "coach_id"), V{"coach-c"});
  EXPECT_EQ(Values(*data, "time_claims", "quantum").size(), 2u);
  EXPECT_EQ(Values(*data, "calendar_feeds", "issue_time").size(), 1u);
  EXPECT_EQ(Values(*data, "access_records", "viewer_name"), V{"Henk HR"});
  EXPECT_EQ(Values(*data, "notification_outbox", "payload"),
            V{"{\"name\":\"Anna Vergeten\"}"});
  EXPECT_EQ(Values(*data, "notification_attempts", "detail"),
            (V{"250 ok", "421 try later"}));
  EXPECT_EQ(Values(*data, "idempotency_keys", "request_id"), V{"r-a1"});
  EXPECT_EQ(Values(*data, "person_locks", "person_id"), V{kErased});
  EXPECT_TRUE(Values(*data, "coach_availability", "location").empty());

  // Nothing of another starter, and no credential.
  const std::string json = data->ShortDebugString();
  for (const char* other :
       {"starter-b", "Bram", "n3", "n5", "e4", "wiskunde", "feed-b"}) {
    EXPECT_EQ(json.find(other), std::string::npos) << other << " in " << json;
  }
  EXPECT_EQ(json.find("token_sha256"), std::string::npos);

  // The same as JSON text.
  auto text = db::WithConnection<std::string>(
      *pool_, db::In(absl::Seconds(30)), "export json",
      [&](sql::Connection& c) {
        return privacy::ExportPersonJson(c, InductionDataMap(), kErased);
      });
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_NE(text->find("\"display_name\": \"Anna Vergeten\""),
            std::string::npos)
      << *text;
  EXPECT_NE(text->find("\"start_time\": \"2026-09-01 09:00:00"),
            std::string::npos)
      << *text;
}

TEST_F(InductionPrivacyTest, EraseRemovesNotesKeepsCountsAndLeavesOthers) {
  const std::string counts = HrCounts();
  const std::vector<std::string> others = DumpOthers();
  // e1 and e2 (late) used, e1 and e4 held, e3 a visit.
  ASSERT_NE(counts.find("used=3 held=2 visits=1"), std::string::npos) << counts;

  auto erased = Erase({.pseudonym = kPseudonym, .batch_size = 2});
  ASSERT_TRUE(erased.ok()) << erased.status();
  std::map<std::string, privacy::TableErasure> by_table;
  for (const auto& t : *erased) {
    by_table[t.table] = t;
  }
  EXPECT_EQ(by_table["coaching_notes"].deleted, 3);  // n1, n2, n4
  EXPECT_EQ(by_table["calendar_entries"].anonymised, 3);
  EXPECT_EQ(by_table["calendar_entries"].kept, 1);  // the intervision
  EXPECT_EQ(by_table["entry_participants"].anonymised, 4);
  EXPECT_EQ(by_table["starters"].anonymised, 1);
  EXPECT_EQ(by_table["notification_attempts"].deleted, 2);
  EXPECT_EQ(by_table["idempotency_keys"].deleted, 1);

  // The notes are gone entirely; the coach's note about Bram and the group's
  // report stay.
  EXPECT_EQ(Dump("SELECT id FROM coaching_notes"), "n3|\nn5|\n");
  // Nowhere is the starter's id, name, reason or subject left.
  for (const char* needle :
       {kErased, "Anna", "ziek", "biologie", "twijfel", "r-a1"}) {
    EXPECT_EQ(WhereFound(needle), std::vector<std::string>{}) << needle;
  }
  // Attendance still counts: the school's HR tracking is the same.
  EXPECT_EQ(HrCounts(), counts);
  EXPECT_EQ(Dump("SELECT starter_id, state FROM calendar_entries WHERE id IN "
                 "('e1', 'e2', 'e3')"),
            "erased-op-1|2|\nerased-op-1|3|\nerased-op-1|3|\n");
  // Everyone else's data is untouched.
  EXPECT_EQ(DumpOthers(), others);
  // And an export finds nothing of theirs any more.
  auto after = Export(kErased);
  ASSERT_TRUE(after.ok()) << after.status();
  for (const auto& [table, rows] :
       after->fields().at("tables").struct_value().fields()) {
    EXPECT_EQ(rows.list_value().values_size(), 0) << table;
  }
}

TEST_F(InductionPrivacyTest, EraseStoppedHalfWayFinishesWhenRunAgain) {
  const std::string counts = HrCounts();
  const std::vector<std::string> others = DumpOthers();
  int batches = 0;
  privacy::ErasureOptions crashing{
      .pseudonym = kPseudonym,
      .batch_size = 1,
      .after_batch = [&](absl::string_view, int64_t) {
        return ++batches == 6 ? absl::UnavailableError("the process died")
                              : absl::OkStatus();
      }};
  auto stopped = Erase(crashing);
  ASSERT_EQ(stopped.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(batches, 6);
  // Half-way: the notes are gone, the starter is still there.
  EXPECT_EQ(QueryInt(*pool_, "SELECT COUNT(*) FROM coaching_notes").value(), 2);
  EXPECT_EQ(
      QueryInt(*pool_, "SELECT COUNT(*) FROM starters WHERE id = 'starter-a'")
          .value(),
      1);

  auto rest = Erase({.pseudonym = kPseudonym, .batch_size = 1});
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(Total(*rest, &privacy::TableErasure::deleted) +
                Total(*rest, &privacy::TableErasure::anonymised) + 6,
            // What one uninterrupted erasure changes: 3 notes, 1 feed, 1
            // access record, 1 coach link, 2 claims, 1 lock, 2 attempts, 1
            // message, 3 entries, 4 participations, 1 starter, 1 key.
            21);
  EXPECT_EQ(WhereFound(kErased), std::vector<std::string>{});
  EXPECT_EQ(HrCounts(), counts);
  EXPECT_EQ(DumpOthers(), others);
  // One anonymous starter, not two halves.
  EXPECT_EQ(Dump("SELECT COUNT(DISTINCT starter_id) FROM calendar_entries "
                 "WHERE starter_id LIKE 'erased%' GROUP BY 'x'"),
            "1|\n");

  // Once more: nothing left to do, nothing changes.
  const std::string before = Dump("SELECT * FROM calendar_entries") +
                             Dump("SELECT * FROM starters") +
                             Dump("SELECT * FROM entry_participants");
  auto again = Erase({.pseudonym = kPseudonym});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Total(*again, &privacy::TableErasure::deleted), 0);
  EXPECT_EQ(Total(*again, &privacy::TableErasure::anonymised), 0);
  EXPECT_EQ(Dump("SELECT * FROM calendar_entries") +
                Dump("SELECT * FROM starters") +
                Dump("SELECT * FROM entry_participants"),
            before);
}

TEST_F(InductionPrivacyTest, EraseRefusesABadPseudonym) {
  EXPECT_EQ(Erase({.pseudonym = ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Erase({.pseudonym = kErased}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Erase({.pseudonym = "x'; DROP TABLE starters; --"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryInt(*pool_, "SELECT COUNT(*) FROM coaching_notes").value(), 5);
}

}  // namespace
}  // namespace samen::induction

// The data maps of partners, identity and vacancies applied to real rows:
// what each says goes, goes (children before the parents their foreign keys
// point to), what it keeps anonymised no longer names the person, and nobody
// else's rows change. (Induction and professionalisation have their own
// tests next to their services' tests.)

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "db/migrator.h"
#include "gtest/gtest.h"
#include "services/common/privacy/engine.h"
#include "services/identity/privacy_map.h"
#include "services/partners/privacy_map.h"
#include "services/vacancies/privacy_map.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::privacy {
namespace {

using db::Exec;
using db::QueryInt;

class ServicesErasureTest : public db::DbTest {
 protected:
  void Load(const std::string& service,
            const std::vector<std::string>& statements) {
    ASSERT_TRUE(
        db::Migrate(server_, database_, db::MigrationsFor(service)).ok());
    pool_ = std::make_unique<db::Pool>(options_);
    for (const std::string& s : statements) {
      absl::Status status = Exec(*pool_, s);
      ASSERT_TRUE(status.ok()) << status << "\n" << s;
    }
  }

  absl::StatusOr<std::vector<TableErasure>> Erase(const DataMap& map,
                                                  const std::string& person) {
    return db::WithConnection<std::vector<TableErasure>>(
        *pool_, db::In(absl::Seconds(60)), "erase", [&](sql::Connection& c) {
          return ErasePerson(
              c, map, person,
              ErasureOptions{.pseudonym = "erased-x", .batch_size = 1});
        });
  }

  int64_t Count(const std::string& query) {
    auto n = QueryInt(*pool_, query);
    EXPECT_TRUE(n.ok()) << n.status() << " " << query;
    return n.value_or(-1);
  }

  std::unique_ptr<db::Pool> pool_;
};

TEST_F(ServicesErasureTest, PartnersDeletesThePersonKeepsTheAuditTrail) {
  Load("partners",
       {"INSERT INTO organisations (id, display_name, type, create_time, "
        "update_time) VALUES ('school-x', 'School X', 2, NOW(), NOW())",
        "INSERT INTO people (id, display_name, email, create_time, "
        "update_time) VALUES ('p-a', 'Anna Vergeten', 'anna@school.nl', "
        "NOW(), NOW()), ('p-b', 'Bram Blijft', 'bram@school.nl', NOW(), "
        "NOW())",
        "INSERT INTO affiliations VALUES ('p-a', 'school-x', 'starter', 0), "
        "('p-b', 'school-x', 'hr', 0)",
        // Anna holds a grant; she also granted Bram his.
        "INSERT INTO role_grants (person_id, id, role, scope, start_date, "
        "create_time, update_time, created_by) VALUES ('p-a', 'g1', "
        "'starter', 'organisations/school-x', '2026-08-01', NOW(), NOW(), "
        "'coord'), ('p-b', 'g2', 'hr', 'organisations/school-x', "
        "'2026-08-01', NOW(), NOW(), 'p-a')",
        "INSERT INTO role_grant_changes (person_id, role_grant_id, action, "
        "actor, change_time, role, scope) VALUES ('p-a', 'g1', 'create', "
        "'coord', NOW(), 'starter', 'organisations/school-x'), ('p-b', 'g2', "
        "'create', 'p-a', NOW(), 'hr', 'organisations/school-x')",
        "INSERT INTO notification_settings (person_id, create_time, "
        "update_time) VALUES ('p-a', NOW(), NOW())"});
  auto erased = Erase(partners::PartnersDataMap(), "p-a");
  ASSERT_TRUE(erased.ok()) << erased.status();

  EXPECT_EQ(Count("SELECT COUNT(*) FROM people WHERE id = 'p-a' OR email "
                  "LIKE 'anna%'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM affiliations WHERE person_id = "
                  "'p-a'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notification_settings"), 0);
  // The audit trail stays, without her id.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM role_grant_changes"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM role_grant_changes WHERE person_id "
                  "= 'p-a' OR actor = 'p-a'"),
            0);
  // Bram keeps his grant, granted by an anonymous person now.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM role_grants WHERE person_id = 'p-b' "
                  "AND created_by = 'erased-x'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM people WHERE id = 'p-b' AND email = "
                  "'bram@school.nl'"),
            1);
}

// Reads on record of a student's record: they go with the student; where
// the erased person was the reader, their id becomes the pseudonym and their
// name goes, so the student still sees that their record was read.
TEST_F(ServicesErasureTest,
       PartnersStudentReadsGoWithTheStudentAndLoseTheReader) {
  Load("partners",
       {"INSERT INTO organisations (id, display_name, type, create_time, "
        "update_time) VALUES ('inst', 'Institute', 3, NOW(), NOW())",
        "INSERT INTO partnerships (id, display_name, region, status, "
        "create_time, update_time) VALUES ('osof', 'OSOF', 'Flevoland', 1, "
        "NOW(), NOW())",
        "INSERT INTO people (id, display_name, email, create_time, "
        "update_time) VALUES ('p-s', 'Sam Student', 's@x.nl', NOW(), NOW()), "
        "('p-t', 'Tess Student', 't@x.nl', NOW(), NOW()), ('p-c', 'Coco "
        "Coordinator', 'c@x.nl', NOW(), NOW())",
        "INSERT INTO students (id, person_id, partnership_id, institute_id, "
        "category, programme_year, body, create_time, update_time) VALUES "
        "('st-s', 'p-s', 'osof', 'inst', 1, 1, '{}', NOW(), NOW()), ('st-t', "
        "'p-t', 'osof', 'inst', 1, 1, '{}', NOW(), NOW())",
        "INSERT INTO student_access_records (student_id, viewer_id, "
        "viewer_name, viewer_role, action, method, access_time) VALUES "
        "('st-s', 'p-c', 'Coco Coordinator', 'coordinator', 'GET', "
        "'GetStudent', NOW()), ('st-t', 'p-c', 'Coco Coordinator', "
        "'coordinator', 'LIST', 'ListStudents', NOW()), ('st-t', 'p-s', 'Sam "
        "Student', 'mentor', 'GET', 'GetStudent', NOW())"});
  auto erased = Erase(partners::PartnersDataMap(), "p-c");
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_access_records"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_access_records WHERE "
                  "viewer_id = 'erased-x' AND viewer_name = ''"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_access_records WHERE "
                  "viewer_id = 'p-c' OR viewer_name LIKE 'Coco%'"),
            0);

  erased = Erase(partners::PartnersDataMap(), "p-s");
  ASSERT_TRUE(erased.ok()) << erased.status();
  // Sam's record and its reads are gone; Tess keeps both reads of hers,
  // Sam's as a reader without Sam.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_access_records WHERE "
                  "student_id = 'st-s'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_access_records WHERE "
                  "student_id = 'st-t'"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM student_access_records WHERE "
                  "viewer_id = 'p-s' OR viewer_name LIKE 'Sam%'"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM students"), 1);
}

TEST_F(ServicesErasureTest, IdentityEndsEverySignInOfThePerson) {
  Load("identity",
       {"INSERT INTO person_identities VALUES (REPEAT('i', 64), 'sub-a', "
        "'https://idp', 'p-a', 'anna@school.nl', NOW(), NOW()), "
        "(REPEAT('i', 64), 'sub-b', 'https://idp', 'p-b', 'bram@school.nl', "
        "NOW(), NOW())",
        "INSERT INTO web_sessions (id, secret_hash, person_id, provider_id, "
        "id_token, csrf_token, user_agent, create_time, last_seen_time, "
        "expire_time) VALUES (REPEAT('a', 32), REPEAT('s', 64), 'p-a', "
        "'idp', 'tok', REPEAT('c', 43), 'Firefox', NOW(), NOW(), NOW()), "
        "(REPEAT('b', 32), REPEAT('t', 64), 'p-b', 'idp', 'tok', "
        "REPEAT('d', 43), 'Safari', NOW(), NOW(), NOW())",
        "INSERT INTO refresh_families (id, person_id, client_id, create_time, "
        "expire_time) VALUES (REPEAT('f', 32), 'p-a', 'app', NOW(), NOW()), "
        "(REPEAT('g', 32), 'p-b', 'app', NOW(), NOW())",
        "INSERT INTO refresh_tokens VALUES (REPEAT('1', 64), REPEAT('f', 32), "
        "NOW(), NULL), (REPEAT('2', 64), REPEAT('f', 32), NOW(), NOW()), "
        "(REPEAT('3', 64), REPEAT('g', 32), NOW(), NULL)"});
  auto erased = Erase(identity::IdentityDataMap(), "p-a");
  ASSERT_TRUE(erased.ok()) << erased.status();
  for (const char* table :
       {"person_identities", "web_sessions", "refresh_families"}) {
    EXPECT_EQ(Count(absl::StrCat("SELECT COUNT(*) FROM ", table,
                                 " WHERE person_id = 'p-a'")),
              0)
        << table;
    EXPECT_EQ(Count(absl::StrCat("SELECT COUNT(*) FROM ", table,
                                 " WHERE person_id = 'p-b'")),
              1)
        << table;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM refresh_tokens"), 1);
}

TEST_F(ServicesErasureTest, VacanciesDeletesTheProfileOnly) {
  Load("vacancies",
       {"INSERT INTO vacancy_profiles (person_id, subjects, regions, "
        "update_time) VALUES ('p-a', 'biologie', 'Flevoland', NOW()), "
        "('p-b', 'wiskunde', 'Utrecht', NOW())"});
  auto erased = Erase(vacancies::VacanciesDataMap(), "p-a");
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM vacancy_profiles"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM vacancy_profiles WHERE person_id = "
                  "'p-b'"),
            1);
}

}  // namespace
}  // namespace samen::privacy

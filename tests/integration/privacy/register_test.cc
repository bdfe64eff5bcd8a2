// The register of processing (AVG art. 30) checked against the schema: every
// service database, migrated, has exactly the tables and columns its data map
// lists, so a new table or column cannot land unclassified; every statement
// the engine builds from a map runs on it; docs/privacy.md is what the maps
// print.

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/migrator.h"
#include "db/statement.h"
#include "gtest/gtest.h"
#include "services/common/privacy/data_map.h"
#include "services/common/privacy/engine.h"
#include "services/server/privacy_register.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::privacy {
namespace {

struct SchemaColumn {
  bool nullable = false;
};
// table -> column -> facts, from information_schema.
using Schema = std::map<std::string, std::map<std::string, SchemaColumn>>;

const DataMap* MapOf(const std::string& service) {
  for (const DataMap* map : server::DataMaps()) {
    if (map->service == service) {
      return map;
    }
  }
  return nullptr;
}

std::string WhereToClassify(const DataMap& map, const Table* table) {
  for (const Table& t : FrameworkTables()) {
    if (&t == table) {
      return "services/common/privacy/data_map.cc (the framework's tables)";
    }
  }
  return absl::StrCat("services/", map.service, "/privacy_map.cc");
}

class RegisterTest : public db::DbTest,
                     public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    ASSERT_TRUE(
        db::Migrate(server_, database_, db::MigrationsFor(GetParam())).ok());
    pool_ = std::make_unique<db::Pool>(options_);
    map_ = MapOf(GetParam());
    ASSERT_NE(map_, nullptr)
        << "no data map for service " << GetParam()
        << ": add it to services/server/privacy_register.cc";
  }

  Schema ReadSchema() {
    Schema schema;
    absl::Status s = db::RunWithConnection(
        *pool_, db::In(absl::Seconds(30)), "schema", [&](sql::Connection& c) {
          auto ps = db::Prepare(
              c,
              "SELECT TABLE_NAME, COLUMN_NAME, IS_NULLABLE FROM "
              "information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY "
              "TABLE_NAME, ORDINAL_POSITION");
          ps->setString(1, database_);
          db::Rows rs(ps->executeQuery());
          while (rs->next()) {
            schema[rs->getString(1)][rs->getString(2)].nullable =
                rs->getString(3) == "YES";
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(s.ok()) << s;
    return schema;
  }

  std::unique_ptr<db::Pool> pool_;
  const DataMap* map_ = nullptr;
};

TEST_P(RegisterTest, EveryTableAndColumnOfTheSchemaIsInTheMapAndNothingMore) {
  ASSERT_TRUE(Validate(*map_).ok()) << Validate(*map_);
  const Schema schema = ReadSchema();
  ASSERT_FALSE(schema.empty());
  std::map<std::string, const Table*> mapped;
  for (const Table* t : AllTables(*map_)) {
    mapped[std::string(t->name)] = t;
  }
  for (const auto& [table, columns] : schema) {
    auto it = mapped.find(table);
    if (it == mapped.end()) {
      ADD_FAILURE() << "samen_" << GetParam() << "." << table
                    << " is not in the data map: classify the table and "
                       "every column in services/"
                    << GetParam() << "/privacy_map.cc";
      continue;
    }
    std::set<std::string> listed;
    for (const Column& c : it->second->columns) {
      listed.insert(std::string(c.name));
      auto col = columns.find(std::string(c.name));
      if (col == columns.end()) {
        ADD_FAILURE() << "the data map lists " << table << "." << c.name
                      << ", which samen_" << GetParam()
                      << " does not have: remove it from "
                      << WhereToClassify(*map_, it->second);
        continue;
      }
      if (c.scrub == Scrub::kNull) {
        EXPECT_TRUE(col->second.nullable)
            << table << "." << c.name
            << " is scrubbed to NULL but is NOT NULL: use kReplace in "
            << WhereToClassify(*map_, it->second);
      }
    }
    for (const auto& [column, facts] : columns) {
      EXPECT_TRUE(listed.count(column) > 0)
          << "samen_" << GetParam() << "." << table << "." << column
          << " is not classified: add it to "
          << WhereToClassify(*map_, it->second)
          << " (is it personal data, of which kind, who reads it, what "
             "erasure does)";
    }
  }
  for (const auto& [table, spec] : mapped) {
    EXPECT_TRUE(schema.count(table) > 0)
        << "the data map lists table " << table << ", which samen_"
        << GetParam() << " does not have: remove it from "
        << WhereToClassify(*map_, spec);
  }
}

// Every statement the engine builds from the map is valid SQL on the
// migrated schema (a typo in a condition or a column fails here, for every
// service, not only where a test erases someone).
TEST_P(RegisterTest, ExportAndEraseRunOnTheSchema) {
  absl::Status s = db::RunWithConnection(
      *pool_, db::In(absl::Seconds(60)), "export and erase",
      [&](sql::Connection& c) -> absl::Status {
        auto data = ExportPerson(c, *map_, "nobody-at-all");
        if (!data.ok()) {
          return data.status();
        }
        auto erased = ErasePerson(c, *map_, "nobody-at-all",
                                  ErasureOptions{.pseudonym = "erased-test"});
        if (!erased.ok()) {
          return erased.status();
        }
        for (const TableErasure& t : *erased) {
          EXPECT_EQ(t.deleted + t.anonymised + t.kept, 0) << t.table;
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(s.ok()) << s;
}

INSTANTIATE_TEST_SUITE_P(EveryService, RegisterTest,
                         ::testing::Values("partners", "vacancies", "induction",
                                           "professionalisation", "identity"));

TEST(PrivacyRegister, EveryServiceWithMigrationsHasAMap) {
  for (const std::string& service : db::ServicesWithMigrations()) {
    EXPECT_NE(MapOf(service), nullptr)
        << "samen_" << service << " has no data map: write services/" << service
        << "/privacy_map.cc and list it in "
           "services/server/privacy_register.cc";
  }
}

TEST(PrivacyRegister, DocsPrivacyMdIsTheRegisterTheMapsPrint) {
  const char* source = std::getenv("SAMEN_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "SAMEN_SOURCE_DIR is not set";
  const std::string path = absl::StrCat(source, "/docs/privacy.md");
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == server::PrivacyRegister())
      << "docs/privacy.md is not what the data maps say: regenerate it with "
         "`build/bin/samen-server privacy-register > docs/privacy.md` and "
         "commit it";
}

}  // namespace
}  // namespace samen::privacy

#include <string>
#include <vector>

#include "db/migrator.h"
#include "gtest/gtest.h"

namespace samen::db {
namespace {

TEST(MigrationsFor, UnknownServiceHasNone) {
  EXPECT_TRUE(MigrationsFor("no_such_service").empty());
}

TEST(MigrationsFor, CompiledInMigrationsAreSortedUniqueAndNamed) {
  for (const std::string& service : ServicesWithMigrations()) {
    const std::vector<Migration>& migrations = MigrationsFor(service);
    ASSERT_FALSE(migrations.empty()) << service;
    for (size_t i = 0; i < migrations.size(); ++i) {
      const Migration& m = migrations[i];
      EXPECT_GT(m.version, 0) << m.name;
      EXPECT_EQ(m.name.substr(0, 5),
                std::string(4 - std::to_string(m.version).size(), '0') +
                    std::to_string(m.version) + "_")
          << m.name;
      EXPECT_FALSE(SplitStatements(m.sql).empty()) << service << "/" << m.name;
      if (i > 0) {
        EXPECT_LT(migrations[i - 1].version, m.version) << service;
      }
    }
  }
}

}  // namespace
}  // namespace samen::db

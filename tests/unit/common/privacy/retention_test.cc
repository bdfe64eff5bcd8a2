// --retention's parsing: table=days per table with a retention condition in
// some map; anything else is refused naming the entry.

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/common/privacy/retention.h"

namespace samen::privacy {
namespace {

constexpr Column kColumns[] = {{.name = "create_time"}};

constexpr Table kTables[] = {
    {.name = "notes",
     .purpose = "p",
     .columns = kColumns,
     .readers = "r",
     .retention = "a year",
     .retention_days = 365,
     .expiry = {.condition = "create_time < ?"}},
    {.name = "claims",
     .purpose = "p",
     .columns = kColumns,
     .readers = "r",
     .retention = "a week",
     .retention_days = 7,
     .expiry = {.enforced_by = "the claim pruner"}},
    {.name = "people",
     .purpose = "p",
     .columns = kColumns,
     .readers = "r",
     .retention = "as long as they are here"},
};
constexpr DataMap kMap{.service = "svc", .tables = kTables};
const DataMap* const kMaps[] = {&kMap};

std::string Error(absl::string_view text) {
  return std::string(ParseRetention(text, kMaps).status().message());
}

TEST(ParseRetention, ReadsDaysPerTable) {
  auto days = ParseRetention(" notes=180 ", kMaps);
  ASSERT_TRUE(days.ok()) << days.status();
  EXPECT_EQ(days->size(), 1u);
  EXPECT_EQ(days->at("notes"), 180);
  EXPECT_TRUE(ParseRetention("", kMaps)->empty());
}

TEST(ParseRetention, RefusesAnUnknownTableNamingIt) {
  EXPECT_EQ(Error("notes=180,notez=3"),
            "--retention: \"notez=3\": no service has a table notez");
}

TEST(ParseRetention, RefusesPeriodsThatAreNotPositiveWholeDays) {
  for (const char* bad : {"notes=0", "notes=-5", "notes=1.5", "notes=x"}) {
    EXPECT_TRUE(absl::StrContains(Error(bad), "whole number above 0")) << bad;
    EXPECT_TRUE(absl::StrContains(Error(bad), bad)) << bad;
  }
}

TEST(ParseRetention, RefusesEntriesThatAreNotTableIsDays) {
  for (const char* bad : {"notes", "=5", "notes="}) {
    EXPECT_TRUE(absl::StrContains(Error(bad), "expected table=days")) << bad;
  }
}

TEST(ParseRetention, RefusesTablesTheJobDoesNotDelete) {
  EXPECT_TRUE(absl::StrContains(Error("claims=3"), "kept by the claim pruner"));
  EXPECT_TRUE(absl::StrContains(Error("people=3"), "do not expire by time"));
}

TEST(ParseRetention, RefusesATableNamedTwice) {
  EXPECT_TRUE(absl::StrContains(Error("notes=3,notes=4"), "named twice"));
}

TEST(RetentionDays, TheOverrideElseTheMapsDefault) {
  RetentionOptions options;
  EXPECT_EQ(RetentionDays(kTables[0], options), 365);
  options.days["notes"] = 30;
  EXPECT_EQ(RetentionDays(kTables[0], options), 30);
}

}  // namespace
}  // namespace samen::privacy

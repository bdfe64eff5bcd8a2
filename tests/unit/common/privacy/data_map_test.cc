// Validate() refuses a data map the engine could not apply safely, naming the
// table and column; RegisterMarkdown() says per column what erasure does.

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/common/privacy/data_map.h"

namespace samen::privacy {
namespace {

using enum DataKind;

constexpr Column kGood[] = {
    {.name = "id"},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "note",
     .kind = kFeedback,
     .scrub = Scrub::kReplace,
     .replacement = "-"},
};
constexpr Link kAnonymise[] = {
    {.column = "person_id", .action = Erasure::kAnonymise, .why = "counts"},
};

std::string Check(std::span<const Column> columns,
                  std::span<const Link> links) {
  const Table tables[] = {{.name = "t",
                           .purpose = "p",
                           .links = links,
                           .columns = columns,
                           .readers = "r",
                           .retention = "k"}};
  const DataMap map{.service = "svc", .tables = tables};
  return std::string(Validate(map).message());
}

TEST(DataMap, AcceptsAnApplicableMap) {
  EXPECT_EQ(Check(kGood, kAnonymise), "");
}

TEST(DataMap, RefusesALinkToAColumnNotListed) {
  constexpr Link links[] = {{.column = "starter_id"}};
  EXPECT_TRUE(absl::StrContains(Check(kGood, links), "t.starter_id"));
}

TEST(DataMap, RefusesAnAnonymisedLinkWhoseRowsWouldStillMatch) {
  constexpr Column columns[] = {{.name = "person_id", .kind = kIdentifying}};
  EXPECT_TRUE(absl::StrContains(Check(columns, kAnonymise), "still belong"));
}

TEST(DataMap, RefusesAnAnonymisedLinkThroughACondition) {
  constexpr Link links[] = {{.column = "person_id",
                             .action = Erasure::kAnonymise,
                             .condition = "person_id IN (SELECT 1)"}};
  EXPECT_TRUE(absl::StrContains(Check(kGood, links), "condition"));
}

TEST(DataMap, RefusesKeepingWithoutAReason) {
  constexpr Link links[] = {{.column = "person_id", .action = Erasure::kKeep}};
  EXPECT_TRUE(absl::StrContains(Check(kGood, links), "without a reason"));
}

TEST(DataMap, RefusesAScrubWithoutAnAnonymisingLink) {
  constexpr Link links[] = {{.column = "person_id"}};
  EXPECT_TRUE(absl::StrContains(Check(kGood, links), "no link of the table"));
}

TEST(DataMap, RefusesAPersonLinkOnAColumnCalledNotPersonal) {
  constexpr Column columns[] = {{.name = "person_id"}};
  constexpr Link links[] = {{.column = "person_id"}};
  EXPECT_TRUE(absl::StrContains(Check(columns, links), "personal data"));
}

TEST(DataMap, RefusesAColumnListedTwice) {
  constexpr Column columns[] = {{.name = "a"}, {.name = "a"}};
  EXPECT_TRUE(absl::StrContains(Check(columns, {}), "t.a: listed twice"));
}

constexpr Column kTimes[] = {{.name = "create_time"}};

std::string CheckExpiry(int days, RetentionRule rule) {
  const Table tables[] = {{.name = "t",
                           .purpose = "p",
                           .columns = kTimes,
                           .readers = "r",
                           .retention = "k",
                           .retention_days = days,
                           .expiry = rule}};
  const DataMap map{.service = "svc", .tables = tables};
  return std::string(Validate(map).message());
}

TEST(DataMap, AcceptsARetentionRuleWithAPeriodAndOneCutoff) {
  EXPECT_EQ(CheckExpiry(30, {.condition = "create_time < ?"}), "");
  EXPECT_EQ(CheckExpiry(0, {.enforced_by = "the pruner"}), "");
}

TEST(DataMap, RefusesARetentionRuleWithoutAPeriod) {
  EXPECT_TRUE(absl::StrContains(CheckExpiry(0, {.condition = "t < ?"}),
                                "svc: t: a retention condition needs a "
                                "period"));
}

TEST(DataMap, RefusesARetentionRuleWithoutExactlyOneCutoff) {
  EXPECT_TRUE(absl::StrContains(CheckExpiry(30, {.condition = "t < NOW()"}),
                                "exactly one ?"));
  EXPECT_TRUE(absl::StrContains(
      CheckExpiry(30, {.condition = "a < ? AND b < ?"}), "exactly one ?"));
}

TEST(DataMap, RefusesTwoDeletersForOneTable) {
  EXPECT_TRUE(absl::StrContains(
      CheckExpiry(30, {.condition = "t < ?", .enforced_by = "the pruner"}),
      "one deleter"));
}

TEST(DataMap, TheRegisterSaysWhatErasureDoesPerColumn) {
  const Table tables[] = {{.name = "t",
                           .purpose = "Purpose.",
                           .links = kAnonymise,
                           .columns = kGood,
                           .readers = "the person",
                           .retention = "a year",
                           .retention_days = 365}};
  const DataMap map{.service = "svc", .tables = tables};
  const DataMap* maps[] = {&map};
  const std::string md = RegisterMarkdown(maps);
  EXPECT_TRUE(absl::StrContains(md, "### svc.t")) << md;
  EXPECT_TRUE(absl::StrContains(md, "a year (default 365 days)")) << md;
  EXPECT_TRUE(absl::StrContains(
      md,
      "| `person_id` | identifying | the person | the person's id "
      "replaced by a pseudonym |"))
      << md;
  EXPECT_TRUE(absl::StrContains(md,
                                "| `note` | feedback | the person | set "
                                "to '-' |"))
      << md;
  EXPECT_TRUE(absl::StrContains(md, "| feedback | `svc.t.note` |")) << md;
}

}  // namespace
}  // namespace samen::privacy

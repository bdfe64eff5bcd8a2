#include "db/keyset.h"

#include <string>
#include <vector>

#include "db/sql_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/db/fake_sql.h"

namespace samen::db {
namespace {

using ::testing::ElementsAre;
using testing::RecordingStatement;

const absl::Time kNine = absl::FromUnixMicros(1795424400000001);

TEST(TimeKey, RoundTripsTimeAndId) {
  const std::string key = EncodeTimeKey(kNine, "entry-7");
  EXPECT_EQ(key, "1795424400000001|entry-7");
  std::optional<TimeKey> decoded = DecodeTimeKey(key);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->time, kNine);
  EXPECT_EQ(decoded->id, "entry-7");
}

TEST(TimeKey, IdMayContainTheSeparator) {
  std::optional<TimeKey> decoded =
      DecodeTimeKey(EncodeTimeKey(kNine, "auth0|42"));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->id, "auth0|42");
}

TEST(TimeKey, ReadsTheDatetimeTextFormOfEarlierTokens) {
  std::optional<TimeKey> decoded =
      DecodeTimeKey(FormatSqlDatetime(kNine) + "|b-1");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->time, kNine);
  EXPECT_EQ(decoded->id, "b-1");
}

TEST(TimeKey, RejectsWhatItDidNotMake) {
  EXPECT_FALSE(DecodeTimeKey("").has_value());
  EXPECT_FALSE(DecodeTimeKey("no-bar").has_value());
  EXPECT_FALSE(DecodeTimeKey("|id").has_value());
  EXPECT_FALSE(DecodeTimeKey("soon|id").has_value());
  EXPECT_FALSE(DecodeTimeKey("0000-00-00 00:00:00|id").has_value());
}

TEST(Keyset, AfterATimeKeyAddsTheRowValueComparisonWithBoundValues) {
  const Keyset keyset("e.start_time", "e.id");
  Where w;
  w.Add("p.person_id = ?", {"p-1"});
  ASSERT_TRUE(keyset.AfterTimeKey(EncodeTimeKey(kNine, "e-3"), w));
  EXPECT_EQ(w.Clause(),
            " WHERE p.person_id = ? AND (e.start_time > ? OR (e.start_time = ? "
            "AND e.id > ?))");
  EXPECT_EQ(keyset.OrderByLimit(), " ORDER BY e.start_time, e.id LIMIT ?");
  RecordingStatement ps;
  EXPECT_EQ(w.Bind(ps), 5);
  const std::string when = "s:" + FormatSqlDatetime(kNine);
  EXPECT_THAT(ps.bound,
              ElementsAre(std::pair(1u, "s:p-1"), std::pair(2u, when),
                          std::pair(3u, when), std::pair(4u, "s:e-3")));
}

TEST(Keyset, FirstPageAddsNothingAndAnUnreadableKeyIsRefused) {
  const Keyset keyset("start_time", "id");
  Where w;
  EXPECT_TRUE(keyset.AfterTimeKey("", w));
  EXPECT_TRUE(w.empty());
  EXPECT_FALSE(keyset.AfterTimeKey("garbage", w));
  EXPECT_TRUE(w.empty());
}

TEST(Keyset, AfterTakesAnyValuesForOtherSortColumns) {
  const Keyset keyset("e.activity_id", "e.arrival");
  Where w;
  keyset.After(std::string("act-1"), int64_t{12}, w);
  RecordingStatement ps;
  w.Bind(ps);
  EXPECT_THAT(ps.bound,
              ElementsAre(std::pair(1u, "s:act-1"), std::pair(2u, "s:act-1"),
                          std::pair(3u, "i:12")));
}

TEST(Keyset, FetchAsksForOneRowMore) { EXPECT_EQ(Keyset::Fetch(20), 21); }

TEST(TrimToPage, CutsTheExtraRowAndSaysAnotherPageFollows) {
  std::vector<int> rows = {1, 2, 3};
  EXPECT_TRUE(TrimToPage(rows, 2));
  EXPECT_THAT(rows, ElementsAre(1, 2));
  EXPECT_FALSE(TrimToPage(rows, 2));
  EXPECT_THAT(rows, ElementsAre(1, 2));
  std::vector<int> short_page = {1};
  EXPECT_FALSE(TrimToPage(short_page, 5));
  EXPECT_THAT(short_page, ElementsAre(1));
}

}  // namespace
}  // namespace samen::db

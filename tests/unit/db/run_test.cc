#include "db/run.h"

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "db/sql_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/db/fake_sql.h"

namespace samen::db {
namespace {

using testing::RecordingStatement;

enum Colour { kRed = 1, kGreen = 2 };

TEST(BindValues, BindsEachValueByItsTypeInOrder) {
  RecordingStatement ps;
  const absl::Time t = absl::FromUnixMicros(1764000000123456);
  const std::string text = "text";
  EXPECT_EQ(BindValues(ps, 2, text, absl::string_view("view"), "literal", true,
                       7, int64_t{1} << 40, kGreen, t),
            10);
  EXPECT_EQ(ps.bound[2], "s:text");
  EXPECT_EQ(ps.bound[3], "s:view");
  EXPECT_EQ(ps.bound[4], "s:literal");
  EXPECT_EQ(ps.bound[5], "b:1");
  EXPECT_EQ(ps.bound[6], "i:7");
  EXPECT_EQ(ps.bound[7], "i:1099511627776");
  EXPECT_EQ(ps.bound[8], "i:2");
  EXPECT_EQ(ps.bound[9], "s:" + FormatSqlDatetime(t));
}

TEST(BindValues, NoValuesBindNothing) {
  RecordingStatement ps;
  EXPECT_EQ(BindValues(ps, 1), 1);
  EXPECT_TRUE(ps.bound.empty());
}

TEST(ForUpdate, IsTheTailOfALockingRead) {
  EXPECT_EQ(ForUpdate(true), " FOR UPDATE");
  EXPECT_EQ(ForUpdate(false), "");
}

}  // namespace
}  // namespace samen::db

#include "db/where.h"

#include <cstdint>
#include <string>
#include <vector>

#include "cppconn/exception.h"
#include "db/sql_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/db/fake_sql.h"

namespace samen::db {
namespace {

using ::testing::ElementsAre;
using testing::RecordingStatement;

TEST(Where, NoConditionsIsNoClause) {
  Where w;
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(w.Clause(), "");
  EXPECT_EQ(w.Conditions(), "TRUE");
  RecordingStatement ps;
  EXPECT_EQ(w.Bind(ps), 1);
  EXPECT_TRUE(ps.bound.empty());
}

TEST(Where, AndJoinsConditionsAndBindsArgumentsInOrder) {
  Where w;
  w.Add("a.kind = ?", {int64_t{3}}).Add("a.owner = ?", {"osof"});
  w.Add("a.enrolled_count < a.capacity");
  EXPECT_EQ(w.Clause(),
            " WHERE a.kind = ? AND a.owner = ? AND a.enrolled_count < "
            "a.capacity");
  RecordingStatement ps;
  EXPECT_EQ(w.Bind(ps), 3);
  EXPECT_THAT(ps.bound,
              ElementsAre(std::pair(1u, "i:3"), std::pair(2u, "s:osof")));
}

TEST(Where, BindStartsWhereAskedAndReturnsTheNextIndex) {
  Where w;
  w.Add("x = ?", {"a"});
  RecordingStatement ps;
  EXPECT_EQ(w.Bind(ps, 4), 5);
  EXPECT_EQ(ps.bound[4], "s:a");
}

TEST(Where, TimesAreBoundAsDatetimeText) {
  const absl::Time t = absl::FromUnixMicros(1700000000000001);
  Where w;
  w.Add("s.end_time > ?", {t});
  RecordingStatement ps;
  w.Bind(ps);
  EXPECT_EQ(ps.bound[1], "s:" + FormatSqlDatetime(t));
}

TEST(Where, TopLevelOrIsParenthesisedSoAndCannotBindTighter) {
  Where w;
  w.Add("a.audiences = '' OR FIND_IN_SET(?, a.audiences) > 0", {"PO"});
  w.Add("(x = 1 OR y = 2)");
  w.Add("a.kind = ?", {int64_t{1}});
  EXPECT_EQ(w.Conditions(),
            "(a.audiences = '' OR FIND_IN_SET(?, a.audiences) > 0) AND "
            "(x = 1 OR y = 2) AND a.kind = ?");
}

TEST(Where, InListGetsOnePlaceholderPerValue) {
  Where w;
  w.AddIn("v.degree", std::vector<std::string>{"pabo", "master"});
  w.AddIn("v.status", std::vector<int>{2, 5});
  EXPECT_EQ(w.Conditions(), "v.degree IN (?, ?) AND v.status IN (?, ?)");
  RecordingStatement ps;
  EXPECT_EQ(w.Bind(ps), 5);
  EXPECT_EQ(ps.bound[2], "s:master");
  EXPECT_EQ(ps.bound[3], "i:2");
}

TEST(Where, EmptyInListMatchesNothingInsteadOfBeingASyntaxError) {
  Where w;
  w.AddIn("v.degree", std::vector<std::string>{});
  EXPECT_EQ(w.Conditions(), "FALSE");
  EXPECT_TRUE(w.args().empty());
}

TEST(Where, ArgumentsAfterAnInListKeepTheirPlace) {
  std::vector<Where::Arg> args = ArgsOf(std::vector<std::string>{"n", "z"});
  args.emplace_back("2026-12-01");
  Where w;
  w.Add("p.region IN (" + Placeholders(2) + ") AND m.end_date >= ?",
        std::move(args));
  RecordingStatement ps;
  w.Bind(ps);
  EXPECT_EQ(ps.bound[3], "s:2026-12-01");
}

TEST(Where, MismatchedPlaceholdersRefuseToBind) {
  Where w;
  w.Add("a = ? AND b = ?", {"only one"});
  RecordingStatement ps;
  EXPECT_THROW(w.Bind(ps), sql::SQLException);
  EXPECT_TRUE(ps.bound.empty());
}

TEST(Placeholders, CommaSeparatedMarks) {
  EXPECT_EQ(Placeholders(0), "");
  EXPECT_EQ(Placeholders(1), "?");
  EXPECT_EQ(Placeholders(3), "?, ?, ?");
}

}  // namespace
}  // namespace samen::db

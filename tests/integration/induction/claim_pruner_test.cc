// PrunePastClaims on the Induction schema: the claims of entries that ended
// before the cutoff go, in batches, oldest first; the claims of an entry still
// running (its early quanta older than the cutoff), of future entries and of
// entries that end after the cutoff stay.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "db/migrator.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/induction/induction_repository.h"
#include "tests/integration/db/db_test_fixture.h"

namespace samen::induction {
namespace {

using db::Exec;
using db::QueryInt;

class ClaimPrunerTest : public db::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    ASSERT_TRUE(
        db::Migrate(server_, database_, db::MigrationsFor("induction")).ok());
    pool_ = std::make_unique<db::Pool>(options_);
  }

  static absl::Time At(const std::string& text) {
    absl::Time t;
    std::string err;
    EXPECT_TRUE(absl::ParseTime("%Y-%m-%d %H:%M:%S", text, &t, &err)) << err;
    return t;
  }

  // An entry of `person` (its coach) over [start, end) with a claim per 5
  // minutes.
  void Entry(const std::string& id, const std::string& start,
             const std::string& end, const std::string& person = "coach") {
    ASSERT_TRUE(
        Exec(*pool_,
             absl::StrCat("INSERT INTO calendar_entries (id, kind, coach_id, "
                          "start_time, end_time, state, ical_uid, create_time, "
                          "update_time) VALUES ('",
                          id, "', 1, '", person, "', '", start, "', '", end,
                          "', 1, '", id, "', NOW(), NOW())"))
            .ok());
    std::vector<std::string> rows;
    for (absl::Time t = At(start); t < At(end); t += absl::Minutes(5)) {
      rows.push_back(absl::StrCat(
          "('", person, "', '",
          absl::FormatTime("%Y-%m-%d %H:%M:%S", t, absl::UTCTimeZone()), "', '",
          id, "')"));
    }
    ASSERT_TRUE(Exec(*pool_, absl::StrCat("INSERT INTO time_claims (person_id, "
                                          "quantum, entry_id) VALUES ",
                                          absl::StrJoin(rows, ", ")))
                    .ok());
  }

  int64_t Claims(const std::string& entry) {
    auto n = QueryInt(*pool_, absl::StrCat("SELECT COUNT(*) FROM time_claims "
                                           "WHERE entry_id = '",
                                           entry, "'"));
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::unique_ptr<db::Pool> pool_;
};

TEST_F(ClaimPrunerTest, DeletesOnlyClaimsOfEntriesThatEndedBeforeTheCutoff) {
  Entry("old-a", "2030-01-01 09:00:00", "2030-01-01 10:00:00");  // 12 claims
  Entry("old-b", "2030-01-02 09:00:00", "2030-01-02 09:45:00");  // 9 claims
  // Started before the cutoff, still running at it.
  Entry("running", "2030-01-09 23:00:00", "2030-01-10 01:00:00");
  // Ends exactly at the cutoff: the cutoff is exclusive, it stays.
  Entry("edge", "2030-01-09 22:00:00", "2030-01-10 00:00:00", "other");
  Entry("future", "2030-02-01 09:00:00", "2030-02-01 10:00:00");
  FixedClock clock(absl::FromUnixSeconds(0));
  InductionRepository repo(pool_.get(), &clock);
  const absl::Time cutoff = absl::FromCivil(
      absl::CivilSecond(2030, 1, 10, 0, 0, 0), absl::UTCTimeZone());
  const absl::Time deadline = absl::Now() + absl::Seconds(30);

  // Oldest first, in batches of the limit.
  auto first = repo.PrunePastClaims(cutoff, 10, deadline);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 10);
  EXPECT_EQ(Claims("old-a"), 2);
  EXPECT_EQ(Claims("old-b"), 9);
  auto second = repo.PrunePastClaims(cutoff, 10, deadline);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 10);
  auto third = repo.PrunePastClaims(cutoff, 10, deadline);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(*third, 1);
  auto none = repo.PrunePastClaims(cutoff, 10, deadline);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, 0);

  EXPECT_EQ(Claims("old-a"), 0);
  EXPECT_EQ(Claims("old-b"), 0);
  EXPECT_EQ(Claims("running"), 24);
  EXPECT_EQ(Claims("edge"), 24);
  EXPECT_EQ(Claims("future"), 12);
  // The entries themselves stay: only their claims go.
  auto entries = QueryInt(*pool_, "SELECT COUNT(*) FROM calendar_entries");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(*entries, 5);
}

}  // namespace
}  // namespace samen::induction

// :propose against a coordinator's change made while the solver runs: the
// proposal is saved only against the round version it was computed from. The
// test makes the race certain with the database itself: it holds the round's
// row lock, lets :propose read, solve and queue on that lock (seen in
// information_schema.PROCESSLIST), moves the version on as a lock would, and
// releases; the proposal must be refused, and the placements untouched.

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "db/pool.h"
#include "db/rows.h"
#include "db/run.h"
#include "gmock/gmock.h"
#include "tests/integration/partners/placements_fixture.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::HasSubstr;

class PlacementsConcurrencyTest : public PlacementsTest {
 protected:
  std::unique_ptr<db::Pool> Pool() {
    db::MysqlOptions mysql = stack_->mysql();
    mysql.database = stack_->database_prefix() + "partners";
    mysql.pool_size = 2;
    return std::make_unique<db::Pool>(mysql);
  }
};

// Statements of other sessions of the same account waiting on a round's row
// lock (information_schema.PROCESSLIST shows one's own account's sessions
// without the PROCESS privilege that INNODB_TRX would need).
int64_t WaitingOnRound(db::Pool& pool) {
  auto lease = pool.Acquire(absl::Now() + absl::Seconds(5));
  EXPECT_TRUE(lease.ok());
  db::Rows rs = db::ExecuteQuery(
      lease->conn(),
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID <> "
      "CONNECTION_ID() AND INFO LIKE '%FROM placement_rounds%FOR UPDATE%'");
  return rs->next() ? db::Int64(*rs, "n") : -1;
}

TEST_F(PlacementsConcurrencyTest, ProposalComputedBeforeAChangeIsRefused) {
  for (int i = 0; i < 4; ++i) {
    AddStudent(i, v1::HBO_FULL_TIME, 2);
  }
  CreateRound(2);
  v1::PlacementRound first;
  ASSERT_TRUE(Propose(&first).ok());
  grpc::Status status;
  auto before = Placements(Coord(), &status);
  ASSERT_TRUE(status.ok());

  auto pool = Pool();
  auto holder = pool->Acquire(absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(holder.ok()) << holder.status();
  holder->conn().setAutoCommit(false);
  db::ExecuteQuery(holder->conn(),
                   "SELECT version FROM placement_rounds WHERE partnership_id "
                   "= ? AND round_id = 'r2027' FOR UPDATE",
                   p_);

  v1::PlacementRound second;
  grpc::Status proposed;
  std::thread propose([&] { proposed = Propose(&second); });
  // Wait until :propose has read, solved and queued on the round's lock.
  bool queued = false;
  for (int k = 0; k < 200 && !queued; ++k) {
    queued = WaitingOnRound(*pool) > 0;
    if (!queued) {
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  EXPECT_TRUE(queued) << ":propose never waited for the round's lock";
  db::ExecuteUpdate(holder->conn(),
                    "UPDATE placement_rounds SET version = version + 1 WHERE "
                    "partnership_id = ? AND round_id = 'r2027'",
                    p_);
  holder->conn().commit();
  propose.join();

  EXPECT_EQ(proposed.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(proposed.error_message(),
              HasSubstr("changed while the solver ran"));
  auto after = Placements(Coord(), &status);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [student, p] : before) {
    EXPECT_EQ(after[student].etag(), p.etag()) << student;
  }
  // Proposing again, against the new version, works.
  EXPECT_TRUE(Propose(&second).ok());
}

}  // namespace
}  // namespace samen::partners

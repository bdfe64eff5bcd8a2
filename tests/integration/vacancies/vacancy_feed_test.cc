// The feed for vacancy sites over real gRPC against two replicas: a full sync
// page by page, then incremental syncs that return exactly what changed
// (tombstones included), and an expired sync token (FAILED_PRECONDITION,
// reason SYNC_TOKEN_EXPIRED, which the gateway answers with 410 Gone).

#include <set>
#include <thread>

#include "gmock/gmock.h"
#include "tests/integration/vacancies/vacancy_fixture.h"

namespace samen::vacancies_test {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

struct SyncResult {
  std::vector<std::string> vacancies;
  std::vector<std::pair<std::string, v1::Vacancy::Status>> tombstones;
  std::string token;
  int pages = 0;
  grpc::Status status;
};

class FeedTestBase : public VacancyStackTest {
 protected:
  // Follows next_page_token to the end, alternating replicas.
  static SyncResult Sync(const std::string& sync_token, int page_size = 3,
                         const std::string& token = Integration()) {
    SyncResult out;
    std::string page;
    do {
      v1::SyncVacanciesRequest req;
      req.set_sync_token(sync_token);
      req.set_page_size(page_size);
      req.set_page_token(page);
      v1::SyncVacanciesResponse resp;
      out.status = stub(out.pages % stubs_.size())
                       .SyncVacancies(As(token).get(), req, &resp);
      if (!out.status.ok()) {
        return out;
      }
      ++out.pages;
      EXPECT_LE(resp.vacancies_size() + resp.tombstones_size(), page_size);
      for (const auto& v : resp.vacancies()) {
        EXPECT_EQ(v.status(), v1::Vacancy::PUBLISHED);
        out.vacancies.push_back(v.name());
      }
      for (const auto& t : resp.tombstones()) {
        out.tombstones.emplace_back(t.name(), t.status());
      }
      page = resp.next_page_token();
      EXPECT_TRUE(page.empty() != resp.next_sync_token().empty());
      out.token = resp.next_sync_token();
    } while (!page.empty() && out.pages < 100);
    return out;
  }
};

class VacancyFeedTest : public FeedTestBase {
 protected:
  static void SetUpTestSuite() {
    StartStack(2, {"--vacancy_maintenance_interval=200ms"});
  }
  static void TearDownTestSuite() { StopStack(); }
};

TEST_F(VacancyFeedTest, IncrementalSyncReturnsExactlyTheChangesWithTombstones) {
  v1::Vacancy updated =
      Create("almere-college-dronten", "feed-updated",
             Draft("Docent aardrijkskunde", {"geography"}), HrAlmere(), true);
  v1::Vacancy closed =
      Create("almere-college-dronten", "feed-closed",
             Draft("Docent geschiedenis", {"history"}), HrAlmere(), true);
  v1::Vacancy untouched =
      Create("svol-havo", "feed-untouched",
             Draft("Docent economie", {"economics"}), HrSvol(), true);

  // A full sync lists every published vacancy (demo ones too), page by page.
  SyncResult full = Sync("", 2);
  ASSERT_TRUE(full.status.ok()) << full.status.error_message();
  EXPECT_GT(full.pages, 1);
  EXPECT_THAT(full.tombstones, IsEmpty());
  const std::set<std::string> all(full.vacancies.begin(), full.vacancies.end());
  EXPECT_EQ(all.size(), full.vacancies.size()) << "a vacancy came twice";
  EXPECT_TRUE(all.count(updated.name()) && all.count(closed.name()) &&
              all.count(untouched.name()));
  ASSERT_FALSE(full.token.empty());

  // Nothing changed yet.
  SyncResult nothing = Sync(full.token);
  ASSERT_TRUE(nothing.status.ok());
  EXPECT_THAT(nothing.vacancies, IsEmpty());
  EXPECT_THAT(nothing.tombstones, IsEmpty());

  // Changes: one published, one updated, one closed; drafts stay out.
  v1::Vacancy fresh = Create("almere-college-dronten", "feed-fresh",
                             Draft("Docent informatica", {"computer-science"}),
                             HrAlmere(), true);
  v1::Vacancy draft =
      Create("almere-college-dronten", "feed-draft",
             Draft("Docent muziek", {"music"}), HrAlmere(), false);
  v1::UpdateVacancyRequest update;
  update.mutable_vacancy()->set_name(updated.name());
  update.mutable_vacancy()->set_fte(1.0);
  v1::Vacancy out;
  ASSERT_TRUE(stub(1).UpdateVacancy(As(HrAlmere()).get(), update, &out).ok());
  update.mutable_vacancy()->set_name(draft.name());
  ASSERT_TRUE(stub(1).UpdateVacancy(As(HrAlmere()).get(), update, &out).ok());
  v1::CloseVacancyRequest close;
  close.set_name(closed.name());
  ASSERT_TRUE(stub().CloseVacancy(As(HrAlmere()).get(), close, &out).ok());

  SyncResult changes = Sync(nothing.token);
  ASSERT_TRUE(changes.status.ok()) << changes.status.error_message();
  EXPECT_THAT(changes.vacancies,
              UnorderedElementsAre(fresh.name(), updated.name()));
  EXPECT_THAT(changes.tombstones, UnorderedElementsAre(std::make_pair(
                                      closed.name(), v1::Vacancy::CLOSED)));

  // And then nothing again.
  SyncResult after = Sync(changes.token);
  ASSERT_TRUE(after.status.ok());
  EXPECT_THAT(after.vacancies, IsEmpty());
  EXPECT_THAT(after.tombstones, IsEmpty());
  // An old token still works: it replays the same changes.
  SyncResult replay = Sync(nothing.token, 100);
  EXPECT_THAT(replay.vacancies,
              UnorderedElementsAre(fresh.name(), updated.name()));
}

TEST_F(VacancyFeedTest, IncrementalSyncPagesThroughManyChanges) {
  SyncResult start = Sync("");
  ASSERT_TRUE(start.status.ok());
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) {
    names.push_back(Create("svol-havo", "feed-many-" + std::to_string(i),
                           Draft("Docent " + std::to_string(i), {"dutch"}),
                           HrSvol(), true)
                        .name());
  }
  SyncResult changes = Sync(start.token, 2);
  ASSERT_TRUE(changes.status.ok());
  EXPECT_EQ(changes.pages, 4);
  EXPECT_THAT(changes.vacancies, ::testing::UnorderedElementsAreArray(names));
}

TEST_F(VacancyFeedTest, ExpiryAppearsAsATombstone) {
  v1::Vacancy v =
      Create("almere-college-dronten", "feed-expiring",
             Draft("Docent filosofie", {"philosophy"}), HrAlmere(), true);
  SyncResult start = Sync("");
  ASSERT_TRUE(start.status.ok());
  Sql("UPDATE vacancies SET closing_date = CURRENT_DATE - INTERVAL 1 DAY, "
      "expire_time = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = "
      "'feed-expiring'");
  SyncResult changes;
  for (int i = 0; i < 50 && changes.tombstones.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    changes = Sync(start.token);
    ASSERT_TRUE(changes.status.ok());
  }
  EXPECT_THAT(changes.tombstones, UnorderedElementsAre(std::make_pair(
                                      v.name(), v1::Vacancy::EXPIRED)));
  EXPECT_THAT(changes.vacancies, IsEmpty());
}

TEST_F(VacancyFeedTest, OnlyIntegrationClientsReadTheFeedAndTokensAreChecked) {
  SyncResult s = Sync("", 3, HrAlmere());
  EXPECT_EQ(s.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = Sync("", 3, "");
  EXPECT_EQ(s.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  s = Sync("not-a-token");
  EXPECT_EQ(s.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // A page token of one sync does not fit another.
  v1::SyncVacanciesRequest req;
  req.set_page_size(1);
  v1::SyncVacanciesResponse resp;
  ASSERT_TRUE(stub().SyncVacancies(As(Integration()).get(), req, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());
  req.set_page_token(resp.next_page_token());
  req.set_sync_token(Sync("").token);
  EXPECT_EQ(
      stub().SyncVacancies(As(Integration()).get(), req, &resp).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

// A stack whose feed keeps changes for two seconds.
class VacancyFeedRetentionTest : public FeedTestBase {
 protected:
  static void SetUpTestSuite() {
    StartStack(1, {"--vacancy_feed_retention=2s",
                   "--vacancy_maintenance_interval=200ms"});
  }
  static void TearDownTestSuite() { StopStack(); }
};

TEST_F(VacancyFeedRetentionTest, ATokenOlderThanTheRetentionIsExpired) {
  SyncResult start = Sync("");
  ASSERT_TRUE(start.status.ok());
  Create("almere-college-dronten", "retention-one",
         Draft("Docent CKV", {"arts"}), HrAlmere(), true);
  // Fresh: honoured.
  SyncResult fresh = Sync(start.token);
  ASSERT_TRUE(fresh.status.ok());
  EXPECT_EQ(fresh.vacancies.size(), 1u);

  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  SyncResult stale = Sync(start.token);
  EXPECT_EQ(stale.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(stale.status), "SYNC_TOKEN_EXPIRED");
  // The change itself was pruned by the maintenance thread.
  EXPECT_EQ(SqlValue("SELECT COUNT(*) FROM vacancy_changes"), "0");
  EXPECT_NE(SqlValue("SELECT pruned_through FROM vacancy_feed_state"), "0");
  // Syncing from scratch works.
  SyncResult again = Sync("");
  EXPECT_TRUE(again.status.ok());
  EXPECT_FALSE(again.token.empty());
}

}  // namespace
}  // namespace samen::vacancies_test

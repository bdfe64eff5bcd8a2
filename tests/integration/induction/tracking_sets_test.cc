// HR tracking over a set with edge cases (issue 11: the counts are one pass
// over the page of starters): a starter without bookings, timely and late
// cancellations, a no-show, a future booking; the rows are the same whatever
// the page size, the export and the summary agree with the list, and every
// starter read gets an access record.

#include <map>

#include "absl/strings/numbers.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/integration/induction/induction_env.h"

namespace samen::induction::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

constexpr char kParent[] = "organisations/almere-college-dronten";

std::string Hr() {
  return SubjectToken("t-hr-sets", "hr@organisations/almere-college-dronten");
}

// Every row of kParent, following page tokens with `page_size`.
std::vector<v1::StarterTracking> AllRows(int page_size) {
  std::vector<v1::StarterTracking> rows;
  std::string token;
  do {
    v1::ListStarterTrackingRequest req;
    req.set_parent(kParent);
    req.set_page_size(page_size);
    req.set_page_token(token);
    v1::ListStarterTrackingResponse resp;
    grpc::Status s =
        Induction().ListStarterTracking(As(Hr()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok()) {
      break;
    }
    rows.insert(rows.end(), resp.rows().begin(), resp.rows().end());
    token = resp.next_page_token();
  } while (!token.empty());
  return rows;
}

std::string NewestAction(const World& w, int i) {
  v1::ListAccessRecordsRequest req;
  req.set_parent("starters/" + w.starters[i]);
  v1::ListAccessRecordsResponse resp;
  grpc::Status s =
      Induction().ListAccessRecords(As(w.starter_tokens[i]).get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp.records_size() == 0 ? "" : resp.records(0).action();
}

void Attend(const World& w, const v1::Booking& b, v1::EntryState state) {
  v1::RecordAttendanceRequest req;
  req.set_name(b.name());
  req.set_state(state);
  v1::Booking out;
  grpc::Status s =
      Induction().RecordAttendance(As(w.coach_token).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

void Cancel(const World& w, int i, const v1::Booking& b) {
  v1::CancelBookingRequest req;
  req.set_name(b.name());
  req.set_reason("ziek");
  v1::Booking out;
  grpc::Status s =
      Induction().CancelBooking(As(w.starter_tokens[i]).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

class TrackingSets : public ::testing::Test {
 protected:
  // 0: held, cancelled in time, cancelled late; 1: nothing booked;
  // 2: a future booking; 3: a no-show.
  void SetUp() override {
    w_ = MakeWorld(4, /*quota=*/6);
    SetNow(Utc("2030-03-25T07:00:00Z"));
    v1::Booking held, timely, late, future, missed;
    ASSERT_TRUE(Book(w_, 0, Utc("2030-03-27T08:00:00Z"), &held).ok());
    ASSERT_TRUE(Book(w_, 0, Utc("2030-03-29T08:00:00Z"), &timely).ok());
    ASSERT_TRUE(Book(w_, 0, Utc("2030-03-27T09:00:00Z"), &late).ok());
    ASSERT_TRUE(Book(w_, 2, Utc("2030-03-29T09:00:00Z"), &future).ok());
    ASSERT_TRUE(Book(w_, 3, Utc("2030-03-27T10:00:00Z"), &missed).ok());
    Cancel(w_, 0, timely);
    SetNow(Utc("2030-03-27T08:30:00Z"));
    Cancel(w_, 0, late);
    SetNow(Utc("2030-03-28T09:00:00Z"));
    Attend(w_, held, v1::HELD);
    Attend(w_, missed, v1::NO_SHOW);
  }

  World w_;
};

TEST_F(TrackingSets, SameRowsWhateverThePageSize) {
  World& w = w_;
  const std::vector<v1::StarterTracking> big = AllRows(500);
  const std::vector<v1::StarterTracking> small = AllRows(1);
  ASSERT_EQ(big.size(), small.size());
  for (size_t i = 0; i < big.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(big[i], small[i]))
        << big[i].DebugString() << " vs " << small[i].DebugString();
  }
  std::map<std::string, v1::StarterTracking> mine;
  for (const auto& r : big) {
    for (const auto& s : w.starters) {
      if (r.starter() == "starters/" + s) {
        mine[s] = r;
      }
    }
  }
  ASSERT_EQ(mine.size(), 4u);
  const auto& s0 = mine[w.starters[0]];
  EXPECT_EQ(s0.sessions_used(), 2);  // held + the late cancellation
  EXPECT_EQ(s0.sessions_held(), 1);
  EXPECT_EQ(FromTs(s0.last_contact_time()), Utc("2030-03-27T08:45:00Z"));
  EXPECT_FALSE(s0.has_next_booking_time());
  const auto& s1 = mine[w.starters[1]];
  EXPECT_EQ(s1.sessions_used(), 0);
  EXPECT_EQ(s1.sessions_held(), 0);
  EXPECT_EQ(s1.sessions_quota(), 6);
  EXPECT_FALSE(s1.has_last_contact_time());
  EXPECT_FALSE(s1.has_next_booking_time());
  const auto& s2 = mine[w.starters[2]];
  EXPECT_EQ(s2.sessions_used(), 1);
  EXPECT_EQ(FromTs(s2.next_booking_time()), Utc("2030-03-29T09:00:00Z"));
  const auto& s3 = mine[w.starters[3]];
  EXPECT_EQ(s3.sessions_used(), 1);
  EXPECT_EQ(s3.sessions_held(), 0);
  EXPECT_FALSE(s3.has_last_contact_time());
}

TEST_F(TrackingSets, ExportAndSummaryAgreeWithTheListAndAreAudited) {
  World& w = w_;
  const std::vector<v1::StarterTracking> big = AllRows(500);
  ASSERT_FALSE(big.empty());
  // The summary counts the same rows per school and cohort.
  std::map<std::pair<std::string, int>, std::pair<int, int>> expected;
  for (const auto& r : big) {
    int cohort = 0;
    ASSERT_TRUE(absl::SimpleAtoi(r.start_date().substr(0, 4), &cohort));
    auto& [starters, at_risk] = expected[{r.school(), cohort}];
    ++starters;
    at_risk += r.at_risk() ? 1 : 0;
  }
  v1::SummarizeStarterTrackingRequest sum_req;
  sum_req.set_parent(kParent);
  v1::SummarizeStarterTrackingResponse sum;
  ASSERT_TRUE(
      Induction().SummarizeStarterTracking(As(Hr()).get(), sum_req, &sum).ok());
  std::map<std::pair<std::string, int>, std::pair<int, int>> got;
  for (const auto& c : sum.counts()) {
    got[{c.school(), c.cohort()}] = {c.starters(), c.at_risk()};
  }
  EXPECT_EQ(got, expected);

  // The export has one line per row (after the header), and every starter
  // read gets its access record.
  v1::ExportStarterTrackingRequest ex_req;
  ex_req.set_parent(kParent);
  google::api::HttpBody body;
  ASSERT_TRUE(
      Induction().ExportStarterTracking(As(Hr()).get(), ex_req, &body).ok());
  size_t lines = 0;
  for (size_t at = body.data().find("\r\n"); at != std::string::npos;
       at = body.data().find("\r\n", at + 2)) {
    ++lines;
  }
  EXPECT_EQ(lines, big.size() + 1);
  for (size_t i = 0; i < w.starters.size(); ++i) {
    EXPECT_EQ(NewestAction(w, static_cast<int>(i)), "ExportStarterTracking")
        << w.starters[i];
  }
}

}  // namespace
}  // namespace samen::induction::testing

// Booking rules through the real API of two replicas: DST, the minimum notice
// to the second, the horizon, the quota's last session, late versus timely
// cancellation, reschedule (same UID, SEQUENCE + 1), concurrent requests for
// one slot, buffer and daily maximum, attendance, visibility, idempotency.
// Times: the Induction clock is set per test (SetNow); 2030-03-25 is a Monday,
// summer time starts Sunday 2030-03-31.

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/induction/induction_env.h"

namespace samen::induction::testing {
namespace {

using ::testing::HasSubstr;

std::string Z(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::vector<std::string> OpenSlots(const World& w, const std::string& from,
                                   const std::string& to) {
  v1::ListOpenSlotsRequest req;
  req.set_starter("starters/" + w.starters[0]);
  req.set_start_date(from);
  req.set_end_date(to);
  v1::ListOpenSlotsResponse resp;
  grpc::Status s =
      Induction(1).ListOpenSlots(As(w.starter_tokens[0]).get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  std::vector<std::string> out;
  for (const auto& slot : resp.slots()) {
    out.push_back(Z(FromTs(slot.start_time())));
  }
  return out;
}

grpc::Status Cancel(const std::string& token, const v1::Booking& b,
                    const std::string& reason, v1::Booking* out) {
  v1::CancelBookingRequest req;
  req.set_name(b.name());
  req.set_reason(reason);
  return Induction().CancelBooking(As(token).get(), req, out);
}

grpc::Status Reschedule(const std::string& token, const v1::Booking& b,
                        absl::Time start, v1::Booking* out) {
  v1::RescheduleBookingRequest req;
  req.set_name(b.name());
  *req.mutable_start_time() = Ts(start);
  return Induction(1).RescheduleBooking(As(token).get(), req, out);
}

TEST(Bookings, OpenSlotsKeepLocalTimeAcrossTheDstWeekend) {
  SetNow(Utc("2030-03-25T07:00:00Z"));
  World w = MakeWorld();
  auto slots = OpenSlots(w, "2030-03-29", "2030-04-01");
  ASSERT_EQ(slots.size(), 12u);
  EXPECT_EQ(slots[0], "2030-03-29T08:00:00Z");  // Friday 09:00 CET
  EXPECT_EQ(slots[3], "2030-03-30T08:00:00Z");  // Saturday 09:00 CET
  EXPECT_EQ(slots[6], "2030-03-31T07:00:00Z");  // Sunday 09:00 CEST
  EXPECT_EQ(slots[9], "2030-04-01T07:00:00Z");  // Monday 09:00 CEST
  v1::Booking b;
  grpc::Status s = Book(w, 0, Utc("2030-04-01T07:00:00Z"), &b);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(Z(FromTs(b.end_time())), "2030-04-01T07:45:00Z");
  EXPECT_EQ(b.state(), v1::CONFIRMED);
  EXPECT_EQ(b.sequence(), 0);
  EXPECT_EQ(b.location(), "Kamer 2.14");
  // 09:30 local is inside the window but starts no slot.
  EXPECT_EQ(Book(w, 0, Utc("2030-04-02T07:30:00Z")).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto after = OpenSlots(w, "2030-03-29", "2030-04-01");
  EXPECT_EQ(after.size(), 11u);
  EXPECT_EQ(std::count(after.begin(), after.end(), "2030-04-01T07:00:00Z"), 0);
}

TEST(Bookings, MinimumNoticeExactlyIsAcceptedAndOneSecondLaterRefused) {
  World w = MakeWorld(2);
  const absl::Time slot = Utc("2030-03-27T08:00:00Z");  // Wednesday 09:00
  SetNow(slot - absl::Hours(24));
  grpc::Status ok = Book(w, 0, slot);
  EXPECT_TRUE(ok.ok()) << ok.error_message();
  const absl::Time next = Utc("2030-03-27T09:00:00Z");
  SetNow(next - absl::Hours(24) + absl::Seconds(1));
  grpc::Status late = Book(w, 1, next, nullptr, 1);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("at least 24 hours"));
}

TEST(Bookings, HorizonExactlyIsAcceptedAndOneSecondBeyondRefused) {
  World w = MakeWorld(2);
  const absl::Time slot = Utc("2030-05-06T07:00:00Z");  // Monday 09:00 CEST
  SetNow(slot - absl::Hours(24 * 42));
  grpc::Status ok = Book(w, 0, slot);
  EXPECT_TRUE(ok.ok()) << ok.error_message();
  const absl::Time next = Utc("2030-05-06T08:00:00Z");
  SetNow(next - absl::Hours(24 * 42) - absl::Seconds(1));
  grpc::Status far = Book(w, 1, next);
  EXPECT_EQ(far.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(far.error_message(), HasSubstr("at most 42 days"));
}

TEST(Bookings, QuotaLastSessionAndLateVersusTimelyCancellation) {
  Policy policy;
  policy.cancellation_notice = absl::Hours(48);
  World w = MakeWorld(1, /*quota=*/2, policy);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Booking wed, thu, fri;
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z"), &wed).ok());
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-28T08:00:00Z"), &thu).ok());  // the last
  grpc::Status over = Book(w, 0, Utc("2030-03-29T08:00:00Z"));
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(over.error_message(), HasSubstr("quota of 2"));

  // Thursday is 73 hours away: a timely cancellation gives the session back.
  v1::Booking cancelled;
  ASSERT_TRUE(Cancel(w.starter_tokens[0], thu, "", &cancelled).ok());
  EXPECT_FALSE(cancelled.late_cancellation());
  EXPECT_EQ(cancelled.state(), v1::CANCELLED);
  EXPECT_EQ(cancelled.sequence(), 1);
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-29T08:00:00Z"), &fri).ok());

  // 47 hours before Friday: late, so it still counts.
  SetNow(Utc("2030-03-29T08:00:00Z") - absl::Hours(47));
  ASSERT_TRUE(Cancel(w.starter_tokens[0], fri, "ziek", &cancelled).ok());
  EXPECT_TRUE(cancelled.late_cancellation());
  EXPECT_EQ(Book(w, 0, Utc("2030-03-30T08:00:00Z")).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST(Bookings, RescheduleKeepsTheUidAndIncrementsTheSequence) {
  World w = MakeWorld(2);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Booking b;
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z"), &b).ok());
  v1::Booking moved;
  grpc::Status s =
      Reschedule(w.starter_tokens[0], b, Utc("2030-03-27T09:00:00Z"), &moved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(moved.name(), b.name());
  EXPECT_EQ(moved.ical_uid(), b.ical_uid());
  EXPECT_EQ(moved.sequence(), 1);
  EXPECT_NE(moved.etag(), b.etag());
  EXPECT_EQ(Z(FromTs(moved.start_time())), "2030-03-27T09:00:00Z");
  // The old time is free again, the new one taken.
  EXPECT_TRUE(Book(w, 1, Utc("2030-03-27T08:00:00Z")).ok());
  EXPECT_EQ(Book(w, 1, Utc("2030-03-27T09:00:00Z")).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // Moving onto a taken time changes nothing.
  v1::Booking unchanged;
  EXPECT_EQ(Reschedule(w.starter_tokens[0], moved, Utc("2030-03-27T08:00:00Z"),
                       &unchanged)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  ASSERT_TRUE(Reschedule(w.starter_tokens[0], moved,
                         Utc("2030-03-28T08:00:00Z"), &moved)
                  .ok());
  EXPECT_EQ(moved.sequence(), 2);
  EXPECT_EQ(moved.ical_uid(), b.ical_uid());

  // Inside the cancellation notice the starter cannot move it; the coach can.
  SetNow(Utc("2030-03-28T08:00:00Z") - absl::Hours(23));
  grpc::Status late = Reschedule(w.starter_tokens[0], moved,
                                 Utc("2030-03-30T08:00:00Z"), &unchanged);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("too late to reschedule"));
  ASSERT_TRUE(
      Reschedule(w.coach_token, moved, Utc("2030-03-30T08:00:00Z"), &moved)
          .ok());
  EXPECT_EQ(moved.sequence(), 3);
}

TEST(Bookings, ConcurrentRequestsForOneSlotOnTwoReplicasBookItOnce) {
  constexpr int kStarters = 12;
  World w = MakeWorld(kStarters);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  const absl::Time slot = Utc("2030-03-28T09:00:00Z");
  std::vector<grpc::Status> results(kStarters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kStarters; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = Book(w, i, slot, nullptr, i % 2); });
  }
  for (auto& t : threads) {
    t.join();
  }
  int ok = 0;
  for (const auto& r : results) {
    if (r.ok()) {
      ++ok;
    } else {
      EXPECT_TRUE(r.error_code() == grpc::StatusCode::ALREADY_EXISTS ||
                  r.error_code() == grpc::StatusCode::ABORTED)
          << r.error_code() << " " << r.error_message();
    }
  }
  EXPECT_EQ(ok, 1);
  v1::ListBookingsRequest req;
  req.set_parent("starters/-");
  req.set_coach("people/" + w.coach);
  v1::ListBookingsResponse resp;
  ASSERT_TRUE(
      Induction().ListBookings(As(w.coach_token).get(), req, &resp).ok());
  ASSERT_EQ(resp.bookings_size(), 1);
  EXPECT_EQ(FromTs(resp.bookings(0).start_time()), slot);
}

TEST(Bookings, AStarterCannotBeWithTwoCoachesAtOnce) {
  World w = MakeWorld(1);
  const std::string second = Unique("coach");
  CreatePerson(second, pv1::COACH);
  PublishDaily(second, "09:00", "12:00", 45, 15, 0);
  v1::UpdateStarterRequest up;
  up.mutable_starter()->set_name("starters/" + w.starters[0]);
  up.mutable_starter()->add_coaches("people/" + w.coach);
  up.mutable_starter()->add_coaches("people/" + second);
  v1::Starter updated;
  ASSERT_TRUE(
      Induction().UpdateStarter(As(EducatorToken()).get(), up, &updated).ok());
  ASSERT_EQ(updated.coaches_size(), 2);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z")).ok());
  v1::CreateBookingRequest req;
  req.set_parent("starters/" + w.starters[0]);
  req.mutable_booking()->set_coach("people/" + second);
  *req.mutable_booking()->mutable_start_time() =
      Ts(Utc("2030-03-27T08:00:00Z"));
  v1::Booking b;
  grpc::Status s =
      Induction(1).CreateBooking(As(w.starter_tokens[0]).get(), req, &b);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(s.error_message(), HasSubstr("already has a session"));
}

TEST(Bookings, DailyMaximumAndBuffer) {
  World w = MakeWorld(3, 6, {}, /*max_per_day=*/2);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z")).ok());
  ASSERT_TRUE(Book(w, 1, Utc("2030-03-27T09:00:00Z")).ok());
  grpc::Status full = Book(w, 2, Utc("2030-03-27T10:00:00Z"));
  EXPECT_EQ(full.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(full.error_message(), HasSubstr("day is full"));
  EXPECT_TRUE(Book(w, 2, Utc("2030-03-28T10:00:00Z")).ok());

  // An extra window starting 5 minutes after a session leaves no buffer.
  v1::GetAvailabilityRequest get;
  get.set_name("coaches/" + w.coach + "/availability");
  v1::Availability a;
  ASSERT_TRUE(
      Induction().GetAvailability(As(w.coach_token).get(), get, &a).ok());
  auto* extra = a.add_exceptions();
  extra->set_date("2030-03-29");
  extra->set_kind(v1::AvailabilityException::EXTRA_WINDOW);
  extra->set_start_time("09:50");
  extra->set_end_time("10:35");
  a.set_max_sessions_per_day(0);
  v1::UpdateAvailabilityRequest put;
  *put.mutable_availability() = a;
  ASSERT_TRUE(
      Induction().UpdateAvailability(As(w.coach_token).get(), put, &a).ok());
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-29T08:00:00Z")).ok());  // 09:00-09:45
  grpc::Status buffer = Book(w, 1, Utc("2030-03-29T08:50:00Z"));
  EXPECT_EQ(buffer.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(buffer.error_message(), HasSubstr("coach is no longer free"));
}

TEST(Bookings, CoachCancelsWithAReasonAtAnyTimeAndTheStarterNotAfterTheStart) {
  World w = MakeWorld(1);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Booking a, b, out;
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z"), &a).ok());
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-28T08:00:00Z"), &b).ok());
  EXPECT_EQ(Cancel(w.coach_token, a, "", &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  SetNow(Utc("2030-03-27T07:00:00Z"));  // one hour before
  ASSERT_TRUE(Cancel(w.coach_token, a, "Ziek", &out).ok());
  EXPECT_FALSE(out.late_cancellation());
  EXPECT_EQ(out.cancel_reason(), "Ziek");
  EXPECT_EQ(out.cancelled_by(), "people/" + w.coach);
  EXPECT_EQ(Cancel(w.coach_token, a, "again", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  SetNow(Utc("2030-03-28T08:05:00Z"));
  EXPECT_EQ(Cancel(w.starter_tokens[0], b, "", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST(Bookings, TheCoachRecordsAttendanceOnceTheSessionStarted) {
  World w = MakeWorld(1);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Booking b, out;
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z"), &b).ok());
  v1::RecordAttendanceRequest req;
  req.set_name(b.name());
  req.set_state(v1::HELD);
  EXPECT_EQ(Induction()
                .RecordAttendance(As(w.coach_token).get(), req, &out)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  SetNow(Utc("2030-03-27T08:01:00Z"));
  EXPECT_EQ(Induction()
                .RecordAttendance(As(w.starter_tokens[0]).get(), req, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      Induction().RecordAttendance(As(w.coach_token).get(), req, &out).ok());
  EXPECT_EQ(out.state(), v1::HELD);
  EXPECT_EQ(out.sequence(), 1);
}

TEST(Bookings, OnlyTheStarterAndTheCoachSeeOrMakeABooking) {
  World w = MakeWorld(2);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Booking b, out;
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z"), &b).ok());
  v1::GetBookingRequest get;
  get.set_name(b.name());
  EXPECT_TRUE(Induction().GetBooking(As(w.coach_token).get(), get, &out).ok());
  for (const std::string& token :
       {w.starter_tokens[1],
        SubjectToken("t-hr", "hr@organisations/almere-college-dronten"),
        SubjectToken("t-coord", "coordinator@partnerships/osof")}) {
    EXPECT_EQ(Induction().GetBooking(As(token).get(), get, &out).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  v1::CreateBookingRequest req;
  req.set_parent("starters/" + w.starters[0]);
  req.mutable_booking()->set_coach("people/" + w.coach);
  *req.mutable_booking()->mutable_start_time() =
      Ts(Utc("2030-03-28T08:00:00Z"));
  EXPECT_EQ(Induction()
                .CreateBooking(As(w.starter_tokens[1]).get(), req, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The coach may book for their starter.
  EXPECT_TRUE(
      Induction().CreateBooking(As(w.coach_token).get(), req, &out).ok());
  // Someone who is no starter, booking "for themselves": there is no such
  // starter.
  req.set_parent("starters/t-hr");
  *req.mutable_booking()->mutable_start_time() =
      Ts(Utc("2030-03-28T09:00:00Z"));
  grpc::Status none = Induction().CreateBooking(
      As(SubjectToken("t-hr", "hr@organisations/almere-college-dronten")).get(),
      req, &out);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::NOT_FOUND)
      << none.error_message();
  EXPECT_THAT(none.error_message(), HasSubstr("t-hr"));
}

TEST(Bookings, ARetriedRequestIdReturnsTheFirstBooking) {
  World w = MakeWorld(1);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::CreateBookingRequest req;
  req.set_parent("starters/" + w.starters[0]);
  req.set_request_id("phone-retry-1");
  req.mutable_booking()->set_coach("people/" + w.coach);
  *req.mutable_booking()->mutable_start_time() =
      Ts(Utc("2030-03-27T08:00:00Z"));
  v1::Booking first, second;
  ASSERT_TRUE(Induction(0)
                  .CreateBooking(As(w.starter_tokens[0]).get(), req, &first)
                  .ok());
  ASSERT_TRUE(Induction(1)
                  .CreateBooking(As(w.starter_tokens[0]).get(), req, &second)
                  .ok());
  EXPECT_EQ(first.name(), second.name());
  v1::ListBookingsRequest list;
  list.set_parent("starters/" + w.starters[0]);
  v1::ListBookingsResponse resp;
  ASSERT_TRUE(Induction()
                  .ListBookings(As(w.starter_tokens[0]).get(), list, &resp)
                  .ok());
  EXPECT_EQ(resp.bookings_size(), 1);
}

}  // namespace
}  // namespace samen::induction::testing

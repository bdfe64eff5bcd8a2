// Calendar rules at exact instants: slot expansion across both DST weekends,
// the minimum notice to the second, the horizon, late cancellation, the quota's
// last session, overlaps with the coach's buffer, the daily maximum and the
// order in which a booking is judged.

#include "services/induction/calendar_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"

namespace samen::induction {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Time Utc(const char* text) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, text, &t, &err)) << err;
  return t;
}

std::string Z(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::vector<std::string> Starts(const std::vector<Interval>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) {
    out.push_back(Z(s.start));
  }
  return out;
}

// Every weekday 09:00-12:00, 45-minute sessions, 15 minutes buffer.
AvailabilitySpec Weekdays() {
  AvailabilitySpec spec;
  spec.slot_minutes = 45;
  spec.buffer_minutes = 15;
  for (int d = 1; d <= 7; ++d) {
    spec.weekly.push_back({d, 9 * 60, 12 * 60});
  }
  return spec;
}

TEST(SlotExpansion, CutsAWindowIntoSessionsWithBuffer) {
  // Thursday 2030-01-10, winter time (UTC+1).
  auto slots =
      ExpandSlots(Weekdays(), absl::CivilDay(2030, 1, 10), Amsterdam());
  EXPECT_THAT(Starts(slots),
              ElementsAre("2030-01-10T08:00:00Z", "2030-01-10T09:00:00Z",
                          "2030-01-10T10:00:00Z"));
  EXPECT_EQ(slots[0].end - slots[0].start, absl::Minutes(45));
}

TEST(SlotExpansion, KeepsLocalNineOClockAcrossTheSpringDstWeekend) {
  // Summer time starts Sunday 2030-03-31 02:00 -> 03:00.
  auto slots = ExpandSlots(Weekdays(), absl::CivilDay(2030, 3, 29),
                           absl::CivilDay(2030, 4, 1), Amsterdam());
  ASSERT_EQ(slots.size(), 12u);
  EXPECT_EQ(Z(slots[0].start), "2030-03-29T08:00:00Z");  // Friday, UTC+1
  EXPECT_EQ(Z(slots[3].start), "2030-03-30T08:00:00Z");  // Saturday, UTC+1
  EXPECT_EQ(Z(slots[6].start), "2030-03-31T07:00:00Z");  // Sunday, UTC+2
  EXPECT_EQ(Z(slots[9].start), "2030-04-01T07:00:00Z");  // Monday, UTC+2
}

TEST(SlotExpansion, KeepsLocalNineOClockAcrossTheAutumnDstWeekend) {
  // Summer time ends Sunday 2030-10-27 03:00 -> 02:00.
  auto slots = ExpandSlots(Weekdays(), absl::CivilDay(2030, 10, 26),
                           absl::CivilDay(2030, 10, 28), Amsterdam());
  ASSERT_EQ(slots.size(), 9u);
  EXPECT_EQ(Z(slots[0].start), "2030-10-26T07:00:00Z");
  EXPECT_EQ(Z(slots[3].start), "2030-10-27T08:00:00Z");
  EXPECT_EQ(Z(slots[6].start), "2030-10-28T08:00:00Z");
}

TEST(SlotExpansion, SkipsTheHourThatDoesNotExistInSpring) {
  AvailabilitySpec night;
  night.slot_minutes = 30;
  night.weekly.push_back({7, 60, 240});  // Sunday 01:00-04:00
  auto slots = ExpandSlots(night, absl::CivilDay(2030, 3, 31), Amsterdam());
  // 01:00 and 01:30 CET, then 03:00 and 03:30 CEST; 02:00 and 02:30 never
  // happen.
  EXPECT_THAT(Starts(slots),
              ElementsAre("2030-03-31T00:00:00Z", "2030-03-31T00:30:00Z",
                          "2030-03-31T01:00:00Z", "2030-03-31T01:30:00Z"));
}

TEST(SlotExpansion, TakesTheFirstOccurrenceOfTheRepeatedHourInAutumn) {
  AvailabilitySpec night;
  night.slot_minutes = 30;
  night.weekly.push_back({7, 60, 240});
  auto slots = ExpandSlots(night, absl::CivilDay(2030, 10, 27), Amsterdam());
  EXPECT_THAT(Starts(slots),
              ElementsAre("2030-10-26T23:00:00Z", "2030-10-26T23:30:00Z",
                          "2030-10-27T00:00:00Z", "2030-10-27T00:30:00Z",
                          "2030-10-27T02:00:00Z", "2030-10-27T02:30:00Z"));
  for (size_t i = 1; i < slots.size(); ++i) {
    EXPECT_GE(slots[i].start, slots[i - 1].end);
  }
}

TEST(SlotExpansion, DayOffRemovesWeeklyWindowsAndExtraWindowAdds) {
  AvailabilitySpec spec = Weekdays();
  spec.exceptions.push_back({absl::CivilDay(2030, 1, 10), true, 0, 0});
  spec.exceptions.push_back(
      {absl::CivilDay(2030, 1, 11), false, 14 * 60, 15 * 60});
  EXPECT_TRUE(
      ExpandSlots(spec, absl::CivilDay(2030, 1, 10), Amsterdam()).empty());
  auto friday = ExpandSlots(spec, absl::CivilDay(2030, 1, 11), Amsterdam());
  EXPECT_THAT(Starts(friday),
              ElementsAre("2030-01-11T08:00:00Z", "2030-01-11T09:00:00Z",
                          "2030-01-11T10:00:00Z", "2030-01-11T13:00:00Z"));
}

TEST(SlotExpansion, OverlappingWindowsDoNotDuplicateSlots) {
  AvailabilitySpec spec = Weekdays();
  spec.weekly.push_back({4, 9 * 60, 10 * 60});
  EXPECT_EQ(ExpandSlots(spec, absl::CivilDay(2030, 1, 10), Amsterdam()).size(),
            3u);
}

TEST(BookingRules, AcceptsExactlyTheMinimumNoticeAndRejectsOneSecondLater) {
  BookingPolicySpec policy;
  policy.minimum_notice = absl::Hours(24);
  const absl::Time start = Utc("2030-01-10T08:00:00Z");
  FixedClock clock(start - absl::Hours(24));
  EXPECT_TRUE(CheckNoticeAndHorizon(policy, clock.Now(), start).ok());
  clock.Set(clock.Now() + absl::Seconds(1));
  absl::Status late = CheckNoticeAndHorizon(policy, clock.Now(), start);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.message(), HasSubstr("at least 24 hours"));
}

TEST(BookingRules, AcceptsExactlyTheHorizonAndRejectsOneSecondBeyond) {
  BookingPolicySpec policy;
  policy.horizon = absl::Hours(24 * 42);
  const absl::Time now = Utc("2030-01-01T10:00:00Z");
  EXPECT_TRUE(
      CheckNoticeAndHorizon(policy, now, now + absl::Hours(24 * 42)).ok());
  absl::Status far = CheckNoticeAndHorizon(
      policy, now, now + absl::Hours(24 * 42) + absl::Seconds(1));
  EXPECT_EQ(far.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(far.message(), HasSubstr("at most 42 days"));
}

TEST(BookingRules, CancellationInsideTheNoticeIsLate) {
  BookingPolicySpec policy;
  policy.cancellation_notice = absl::Hours(48);
  const absl::Time start = Utc("2030-01-10T08:00:00Z");
  EXPECT_FALSE(IsLateCancellation(policy, start - absl::Hours(48), start));
  EXPECT_TRUE(IsLateCancellation(
      policy, start - absl::Hours(48) + absl::Seconds(1), start));
  EXPECT_TRUE(IsLateCancellation(policy, start + absl::Minutes(1), start));
}

TEST(BookingRules, LateCancellationTimeIsTheNoticeBeforeTheStart) {
  const absl::Time start = Utc("2030-01-10T08:00:00Z");
  BookingPolicySpec policy;
  policy.cancellation_notice = absl::Hours(48);
  const absl::Time cutoff = LateCancellationTime(policy, start);
  EXPECT_EQ(cutoff, Utc("2030-01-08T08:00:00Z"));
  // The cutoff itself is still in time; a second after it is late.
  EXPECT_FALSE(IsLateCancellation(policy, cutoff, start));
  EXPECT_TRUE(IsLateCancellation(policy, cutoff + absl::Seconds(1), start));
  // An unset notice in the programme means 24 hours.
  EXPECT_EQ(LateCancellationTime(PolicyFromProto(v1::BookingPolicy()), start),
            Utc("2030-01-09T08:00:00Z"));
}

TEST(BookingRules, QuotaAllowsTheLastSessionAndNotOneMore) {
  EXPECT_TRUE(CheckQuota(5, 6, 1).ok());
  absl::Status over = CheckQuota(6, 6, 1);
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(over.message(), HasSubstr("quota of 6"));
  EXPECT_FALSE(CheckQuota(0, 0, 2).ok());
}

TEST(BookingRules, CollisionHonoursTheGapAndLetsTouchingEntriesBe) {
  const absl::Time t = Utc("2030-01-10T08:00:00Z");
  Interval a{t, t + absl::Minutes(45)};
  Interval touching{t + absl::Minutes(45), t + absl::Minutes(90)};
  EXPECT_FALSE(Collides(a, touching, absl::ZeroDuration()));
  EXPECT_TRUE(Collides(a, touching, absl::Minutes(15)));
  Interval after_buffer{t + absl::Minutes(60), t + absl::Minutes(105)};
  EXPECT_FALSE(Collides(a, after_buffer, absl::Minutes(15)));
  Interval inside{t + absl::Minutes(10), t + absl::Minutes(20)};
  EXPECT_TRUE(Collides(a, inside, absl::ZeroDuration()));
}

TEST(BookingRules, ClaimsEveryFiveMinuteQuantumOfAnEntry) {
  const absl::Time t = Utc("2030-01-10T08:00:00Z");
  auto quanta = ClaimQuanta({t, t + absl::Minutes(45)});
  ASSERT_EQ(quanta.size(), 9u);
  EXPECT_EQ(quanta.back(), t + absl::Minutes(40));
  EXPECT_TRUE(IsQuantumAligned(t));
  EXPECT_FALSE(IsQuantumAligned(t + absl::Minutes(3)));
  EXPECT_FALSE(IsQuantumAligned(t + absl::Seconds(1)));
}

class DecideBookingTest : public ::testing::Test {
 protected:
  DecideBookingTest() {
    facts_.coach_assigned = true;
    facts_.availability = Weekdays();
    facts_.quota = 3;
    facts_.used = 0;
  }
  BookingFacts facts_;
  const absl::Time now_ = Utc("2030-01-08T08:00:00Z");
  const absl::Time slot_ = Utc("2030-01-10T08:00:00Z");  // Thursday 09:00
};

TEST_F(DecideBookingTest, BooksAnOpenSlot) {
  auto got = DecideBooking(facts_, now_, slot_);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->end, slot_ + absl::Minutes(45));
}

TEST_F(DecideBookingTest, RefusesAStartThatIsNoSlot) {
  auto got = DecideBooking(facts_, now_, slot_ + absl::Minutes(5));
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(DecideBookingTest, RefusesAnInactiveStarterAndAForeignCoach) {
  facts_.starter_status = v1::Starter::PAUSED;
  EXPECT_EQ(DecideBooking(facts_, now_, slot_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  facts_.starter_status = v1::Starter::ACTIVE;
  facts_.coach_assigned = false;
  EXPECT_EQ(DecideBooking(facts_, now_, slot_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DecideBookingTest, CoachOverlapIncludingBufferIsAConflict) {
  // A lesson visit ending 07:55Z leaves less than the 15-minute buffer.
  facts_.coach_busy.push_back(
      {"e1", {slot_ - absl::Minutes(50), slot_ - absl::Minutes(5)}, true});
  auto got = DecideBooking(facts_, now_, slot_);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kAlreadyExists);
  facts_.coach_busy[0].when = {slot_ - absl::Minutes(60),
                               slot_ - absl::Minutes(15)};
  EXPECT_TRUE(DecideBooking(facts_, now_, slot_).ok());
}

TEST_F(DecideBookingTest, StarterOverlapIsAConflict) {
  facts_.starter_busy.push_back(
      {"e2", {slot_ + absl::Minutes(30), slot_ + absl::Minutes(60)}, false});
  EXPECT_EQ(DecideBooking(facts_, now_, slot_).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(DecideBookingTest, DailyMaximumCountsTheCoachsSessionsThatLocalDay) {
  facts_.availability->max_per_day = 1;
  // A session the same local day (Thursday 11:00 local).
  facts_.coach_busy.push_back(
      {"e3",
       {slot_ + absl::Hours(2), slot_ + absl::Hours(2) + absl::Minutes(45)},
       true});
  EXPECT_EQ(DecideBooking(facts_, now_, slot_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The day before does not count.
  facts_.coach_busy[0].when = {slot_ - absl::Hours(24),
                               slot_ - absl::Hours(23)};
  EXPECT_TRUE(DecideBooking(facts_, now_, slot_).ok());
}

TEST_F(DecideBookingTest, QuotaIsCheckedOnCreateButNotOnReschedule) {
  facts_.used = 3;
  EXPECT_THAT(DecideBooking(facts_, now_, slot_).status().message(),
              HasSubstr("quota"));
  facts_.count_quota = false;
  EXPECT_TRUE(DecideBooking(facts_, now_, slot_).ok());
}

TEST_F(DecideBookingTest, ConflictIsReportedBeforeQuota) {
  facts_.used = 3;
  facts_.coach_busy.push_back({"e4", {slot_, slot_ + absl::Minutes(45)}, true});
  EXPECT_EQ(DecideBooking(facts_, now_, slot_).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(OpenSlots, LeavesOutTakenSoonFarAndFullDaySlots) {
  AvailabilitySpec spec = Weekdays();
  spec.max_per_day = 2;
  BookingPolicySpec policy;
  policy.minimum_notice = absl::Hours(24);
  policy.horizon = absl::Hours(24 * 3);
  // Now: Wednesday 2030-01-09 09:30 UTC.
  const absl::Time now = Utc("2030-01-09T09:30:00Z");
  std::vector<BusyEntry> coach = {
      {"a", {Utc("2030-01-11T08:00:00Z"), Utc("2030-01-11T08:45:00Z")}, true},
      {"b", {Utc("2030-01-11T09:00:00Z"), Utc("2030-01-11T09:45:00Z")}, true},
  };
  auto open = OpenSlots(spec, policy, now, absl::CivilDay(2030, 1, 9),
                        absl::CivilDay(2030, 1, 14), coach, {});
  // Thursday 08:00Z and 09:00Z are less than 24 h away; Friday is full;
  // Saturday 10:00Z is beyond the 3-day horizon, and so is everything later.
  EXPECT_THAT(Starts(open),
              ElementsAre("2030-01-10T10:00:00Z", "2030-01-12T08:00:00Z",
                          "2030-01-12T09:00:00Z"));
}

TEST(AvailabilityProto, RoundTripsAndRejectsBadWindows) {
  v1::Availability a;
  a.set_slot_minutes(45);
  a.set_buffer_minutes(15);
  auto* w = a.add_weekly_windows();
  w->set_day(v1::TUESDAY);
  w->set_start_time("09:00");
  w->set_end_time("12:30");
  auto* x = a.add_exceptions();
  x->set_date("2030-03-31");
  x->set_kind(v1::AvailabilityException::DAY_OFF);
  auto spec = AvailabilityFromProto(a);
  ASSERT_TRUE(spec.ok()) << spec.status();
  v1::Availability back;
  AvailabilityToProto(*spec, &back);
  EXPECT_EQ(back.weekly_windows(0).end_time(), "12:30");
  EXPECT_EQ(back.exceptions(0).date(), "2030-03-31");
  EXPECT_EQ(back.time_zone(), "Europe/Amsterdam");

  w->set_end_time("08:00");
  EXPECT_THAT(AvailabilityFromProto(a).status().message(),
              HasSubstr("weekly_windows[0].end_time"));
  w->set_end_time("12:32");
  EXPECT_FALSE(AvailabilityFromProto(a).ok());
  w->set_end_time("12:30");
  a.set_slot_minutes(47);
  EXPECT_FALSE(AvailabilityFromProto(a).ok());
  a.set_slot_minutes(45);
  a.set_online_link("http://insecure.example");
  EXPECT_FALSE(AvailabilityFromProto(a).ok());
}

}  // namespace
}  // namespace samen::induction

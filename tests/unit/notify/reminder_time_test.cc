#include "gtest/gtest.h"
#include "services/common/notify/mail_worker.h"
#include "services/common/timestamp.h"

namespace samen::notify {
namespace {

absl::Time Local(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), AmsterdamZone());
}

const QuietHours kNights{21 * 60, 7 * 60};

TEST(ReminderTime, TheLeadBeforeTheSession) {
  const absl::Time start = Local(2026, 12, 10, 9, 0);
  EXPECT_EQ(
      ReminderTime(start, Local(2026, 12, 1, 12, 0), absl::Hours(24), kNights),
      Local(2026, 12, 9, 9, 0));
}

TEST(ReminderTime, OutOfTheQuietHoursToTheEveningBefore) {
  // 08:00 with a 10 h lead is 22:00: quiet, so 21:00.
  const absl::Time start = Local(2026, 12, 10, 8, 0);
  EXPECT_EQ(
      ReminderTime(start, Local(2026, 12, 1, 12, 0), absl::Hours(10), kNights),
      Local(2026, 12, 9, 21, 0));
  // 09:00 with a 3 h lead is 06:00: quiet since 21:00 the evening before.
  EXPECT_EQ(ReminderTime(Local(2026, 12, 10, 9, 0), Local(2026, 12, 1, 12, 0),
                         absl::Hours(3), kNights),
            Local(2026, 12, 9, 21, 0));
}

TEST(ReminderTime, ToTheMorningWhenTheEveningWasBeforeTheBooking) {
  // Booked at 22:30 for 09:30 with a 3 h lead: 06:30 is quiet and 21:00 has
  // passed, so 07:00, still more than an hour before.
  EXPECT_EQ(ReminderTime(Local(2026, 12, 10, 9, 30), Local(2026, 12, 9, 22, 30),
                         absl::Hours(3), kNights),
            Local(2026, 12, 10, 7, 0));
}

TEST(ReminderTime, NoneWhenBookedWithinTheLead) {
  EXPECT_FALSE(ReminderTime(Local(2026, 12, 10, 14, 0),
                            Local(2026, 12, 10, 9, 0), absl::Hours(24), kNights)
                   .has_value());
  // A session at 07:30 booked at 23:00: nothing fits outside the night.
  EXPECT_FALSE(ReminderTime(Local(2026, 12, 10, 7, 30),
                            Local(2026, 12, 9, 23, 0), absl::Hours(3), kNights)
                   .has_value());
}

TEST(ReminderTime, WithoutQuietHours) {
  EXPECT_EQ(ReminderTime(Local(2026, 12, 10, 8, 0), Local(2026, 12, 1, 8, 0),
                         absl::Hours(10), QuietHours{0, 0}),
            Local(2026, 12, 9, 22, 0));
}

TEST(ParseQuietHours, ReadsTheFlag) {
  auto q = ParseQuietHours("21:00-07:00");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->start_minute, 21 * 60);
  EXPECT_EQ(q->end_minute, 7 * 60);
  EXPECT_EQ(ParseQuietHours("none")->start_minute, 0);
  EXPECT_EQ(ParseQuietHours("none")->end_minute, 0);
  for (const char* bad : {"21-7", "25:00-07:00", "21:00", "21:00-07:60"}) {
    EXPECT_FALSE(ParseQuietHours(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace samen::notify

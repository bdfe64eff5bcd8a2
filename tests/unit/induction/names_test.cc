// Induction's own names, times of day and new ids.

#include "services/induction/names.h"

#include "gtest/gtest.h"
#include "services/common/resource/names.h"

namespace samen::induction {
namespace {

TEST(Names, ParsesResourceNames) {
  auto b = ParseBookingName("starters/starter-noor/bookings/b0123", "name");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->starter_id, "starter-noor");
  EXPECT_EQ(b->booking_id, "b0123");
  EXPECT_FALSE(ParseBookingName("starters/x/notes/b1", "name").ok());
  EXPECT_EQ(*ParseAvailabilityName("coaches/coach-ilse/availability", "n"),
            "coach-ilse");
  EXPECT_TRUE(resource::ValidateId(NewId('b'), "id").ok());
  EXPECT_NE(NewId('b'), NewId('b'));
}

TEST(Names, TimesOfDay) {
  EXPECT_EQ(*ParseTimeOfDay("09:05", "t"), 545);
  EXPECT_EQ(*ParseTimeOfDay("24:00", "t"), 1440);
  EXPECT_FALSE(ParseTimeOfDay("24:05", "t").ok());
  EXPECT_FALSE(ParseTimeOfDay("9:05", "t").ok());
  EXPECT_EQ(FormatTimeOfDay(545), "09:05");
}

}  // namespace
}  // namespace samen::induction

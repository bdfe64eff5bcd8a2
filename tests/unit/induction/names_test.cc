// Names, ids, dates, times of day, etags and page tokens.

#include "services/induction/names.h"

#include "gtest/gtest.h"

namespace samen::induction {
namespace {

TEST(Names, ParsesResourceNames) {
  EXPECT_EQ(*ParseName("programmes/osof-1", "programmes", "name"), "osof-1");
  EXPECT_EQ(*ParseName("starters/starter-noor", "starters", "name"),
            "starter-noor");
  EXPECT_FALSE(ParseName("programmes/Osof", "programmes", "name").ok());
  EXPECT_FALSE(ParseName("starters/a/b", "starters", "name").ok());
  auto b = ParseBookingName("starters/starter-noor/bookings/b0123", "name");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->starter_id, "starter-noor");
  EXPECT_EQ(b->booking_id, "b0123");
  EXPECT_FALSE(ParseBookingName("starters/x/notes/b1", "name").ok());
  EXPECT_EQ(*ParseAvailabilityName("coaches/coach-ilse/availability", "n"),
            "coach-ilse");
  EXPECT_TRUE(ValidateSlug(NewId('b'), "id").ok());
  EXPECT_NE(NewId('b'), NewId('b'));
}

TEST(Names, DatesAndTimesOfDay) {
  EXPECT_TRUE(ParseDate("2030-03-31", "d").ok());
  EXPECT_FALSE(ParseDate("2030-02-29", "d").ok());
  EXPECT_FALSE(ParseDate("2030-3-31", "d").ok());
  EXPECT_EQ(*ParseTimeOfDay("09:05", "t"), 545);
  EXPECT_EQ(*ParseTimeOfDay("24:00", "t"), 1440);
  EXPECT_FALSE(ParseTimeOfDay("24:05", "t").ok());
  EXPECT_FALSE(ParseTimeOfDay("9:05", "t").ok());
  EXPECT_EQ(FormatTimeOfDay(545), "09:05");
}

TEST(Names, EtagsAndPageTokens) {
  const absl::Time t = absl::FromUnixSeconds(1000);
  const std::string e = MakeEtag("programmes/a", 3, t);
  EXPECT_NE(e, MakeEtag("programmes/b", 3, t));
  EXPECT_TRUE(CheckEtag("", e).ok());
  EXPECT_TRUE(CheckEtag("W/\"" + e + "\"", e).ok());
  EXPECT_EQ(CheckEtag("x", e).code(), absl::StatusCode::kAborted);
  const std::string token = EncodePageToken("key:1", "f");
  EXPECT_EQ(*DecodePageToken(token, "f"), "key:1");
  EXPECT_FALSE(DecodePageToken(token, "g").ok());
  EXPECT_FALSE(DecodePageToken("garbage!", "f").ok());
}

TEST(Names, TextMustBeCleanUtf8) {
  EXPECT_TRUE(ValidateText("Coöperatie 🎓", "f", 20, true).ok());
  EXPECT_FALSE(ValidateText("bad\x01", "f", 20, true).ok());
  EXPECT_FALSE(ValidateText("\xC3", "f", 20, true).ok());
  EXPECT_TRUE(ValidateText("line\nline", "f", 20, true, true).ok());
  EXPECT_FALSE(ValidateText("line\nline", "f", 20, true, false).ok());
  EXPECT_FALSE(ValidateText("", "f", 20, true).ok());
}

}  // namespace
}  // namespace samen::induction

// Free text and dates, as every service accepts them.

#include "services/common/resource/text.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/unit/common/resource/violated_field.h"

namespace samen::resource {
namespace {

TEST(Text, KeepsDiacriticsEmojiAndQuotesButRejectsControlAndBadUtf8) {
  EXPECT_TRUE(
      ValidateText("Coöperatie Zuid-Oost ë ï 🎓 \"quoted\" 'x'", "f", 200, true)
          .ok());
  EXPECT_FALSE(ValidateText("line\nbreak", "f", 200, true).ok());
  EXPECT_FALSE(ValidateText("\xC3\x28", "f", 200, true).ok());  // invalid UTF-8
  EXPECT_FALSE(ValidateText("\xE0\x80\xAF", "f", 200, true).ok());  // overlong
  EXPECT_FALSE(ValidateText("   ", "f", 200, true).ok());
  EXPECT_FALSE(ValidateText("", "f", 200, true).ok());
  EXPECT_TRUE(ValidateText("", "f", 200, false).ok());
  // Length counts characters, not bytes.
  std::string two_hundred_e_umlauts;
  for (int i = 0; i < 200; ++i) {
    two_hundred_e_umlauts += "ë";
  }
  EXPECT_TRUE(ValidateText(two_hundred_e_umlauts, "f", 200, true).ok());
  EXPECT_FALSE(ValidateText(two_hundred_e_umlauts + "e", "f", 200, true).ok());
}

TEST(Text, MultilineAllowsLineBreaksOnlyWhenAsked) {
  EXPECT_TRUE(ValidateText("line\nline\ttab", "f", 20, true, true).ok());
  EXPECT_FALSE(ValidateText("line\nline", "f", 20, true, false).ok());
  EXPECT_FALSE(ValidateText("bad\x01", "f", 20, true, true).ok());
  EXPECT_EQ(ViolatedField(ValidateText("\xC3", "notes.text", 20, true)),
            "notes.text");
}

TEST(Dates, AcceptsRealDatesOnly) {
  EXPECT_TRUE(ValidateDate("2024-02-29", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-02-29", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-13-01", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-1-01", "d", true).ok());
  EXPECT_FALSE(ValidateDate("01-01-2023", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-01-01T00:00", "d", true).ok());
  EXPECT_FALSE(ValidateDate("", "d", true).ok());
  EXPECT_TRUE(ValidateDate("", "d", false).ok());
}

TEST(Dates, ParseAndFormatRoundTrip) {
  auto day = ParseDate("2030-03-31", "d");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(FormatDate(*day), "2030-03-31");
  EXPECT_FALSE(ParseDate("2030-02-29", "d").ok());
  EXPECT_FALSE(ParseDate("2030-3-31", "d").ok());
  EXPECT_FALSE(ParseDate("+030-03-31", "d").ok());
  EXPECT_EQ(ViolatedField(ParseDate("31-03-2030", "start_date").status()),
            "start_date");
}

}  // namespace
}  // namespace samen::resource

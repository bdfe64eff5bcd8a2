// iCalendar output: CRLF, folding at 75 octets without breaking UTF-8, text
// escaping, UTC times, UID/SEQUENCE/STATUS as given.

#include "services/induction/ical.h"

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::induction {
namespace {

using ::testing::HasSubstr;

absl::Time At(int64_t unix) { return absl::FromUnixSeconds(unix); }

TEST(Ical, FoldsLongLinesAt75OctetsWithoutSplittingCharacters) {
  std::string line = "SUMMARY:" + std::string(100, 'x');
  std::string folded = FoldIcalLine(line);
  std::vector<std::string> parts = absl::StrSplit(folded, "\r\n");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].size(), 75u);
  EXPECT_EQ(parts[1][0], ' ');
  EXPECT_EQ(parts[1].size(), 1u + 108u - 75u);

  // "ë" is two octets: a fold never lands between them.
  std::string dutch = "SUMMARY:";
  for (int i = 0; i < 60; ++i) {
    dutch += "\xC3\xAB";
  }
  for (const auto& part : absl::StrSplit(FoldIcalLine(dutch), "\r\n")) {
    EXPECT_LE(part.size(), 75u);
    EXPECT_NE(static_cast<unsigned char>(part.back()), 0xC3);
  }
}

TEST(Ical, EscapesText) {
  EXPECT_EQ(EscapeIcalText("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
}

TEST(Ical, RendersEventsWithCrlfUtcTimesAndStatus) {
  IcalEvent e;
  e.uid = "b123@induction.samen.dev";
  e.sequence = 2;
  e.start = At(1893571200);  // 2030-01-02T08:00:00Z
  e.end = e.start + absl::Minutes(45);
  e.created = e.last_modified = e.start - absl::Hours(48);
  e.summary = "Coachgesprek, Noor";
  e.cancelled = true;
  std::string cal = RenderCalendar("Noor", {e}, e.start - absl::Hours(1));
  EXPECT_THAT(cal, HasSubstr("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_THAT(cal, HasSubstr("UID:b123@induction.samen.dev\r\n"));
  EXPECT_THAT(cal, HasSubstr("SEQUENCE:2\r\n"));
  EXPECT_THAT(cal, HasSubstr("DTSTART:20300102T080000Z\r\n"));
  EXPECT_THAT(cal, HasSubstr("DTEND:20300102T084500Z\r\n"));
  EXPECT_THAT(cal, HasSubstr("SUMMARY:Coachgesprek\\, Noor\r\n"));
  EXPECT_THAT(cal, HasSubstr("STATUS:CANCELLED\r\n"));
  EXPECT_TRUE(absl::EndsWith(cal, "END:VCALENDAR\r\n"));
  // A feed, not an iTIP message: no METHOD (PUBLISH would need an ORGANIZER on
  // every event under RFC 5546).
  EXPECT_THAT(cal, ::testing::Not(HasSubstr("METHOD:")));
  // No bare LF anywhere.
  for (size_t i = 0; i < cal.size(); ++i) {
    if (cal[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(cal[i - 1], '\r');
    }
  }
}

}  // namespace
}  // namespace samen::induction

#include "services/common/notify/mail.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::notify {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CheckAddress, TakesPlainAddressesAndRefusesWhatCouldBreakAHeader) {
  EXPECT_TRUE(CheckAddress("noor.jansen@almerecollege.example").ok());
  EXPECT_TRUE(CheckAddress("a+b@sub.school.example").ok());
  for (const char* bad :
       {"", "noor", "@school.example", "noor@", "noor@@school.example",
        "noor jansen@school.example", "noor@school.example\r\nBcc: x@y.example",
        "noor@school.example>", "<noor@school.example", "noor@.example",
        "noor@school..example", "nöor@school.example", "a,b@school.example"}) {
    EXPECT_FALSE(CheckAddress(bad).ok()) << bad;
  }
  EXPECT_THAT(std::string(CheckAddress("").message()),
              HasSubstr("no e-mail address"));
  EXPECT_FALSE(CheckAddress(std::string(250, 'a') + "@x.example").ok());
}

TEST(EncodeHeaderText, KeepsOneLineSoNothingCanBeInjected) {
  const std::string s = EncodeHeaderText("Gesprek\r\nBcc: evil@x.example");
  EXPECT_THAT(s, Not(HasSubstr("\r")));
  EXPECT_THAT(s, Not(HasSubstr("\n")));
  EXPECT_EQ(s, "Gesprek  Bcc: evil@x.example");  // harmless text now
  EXPECT_EQ(EncodeHeaderText("  Coachgesprek gepland \t"),
            "Coachgesprek gepland");
}

TEST(EncodeHeaderText, EncodesNonAsciiAsWholeUtf8Characters) {
  const std::string s = EncodeHeaderText("Coöperatief leren — één middag");
  EXPECT_TRUE(absl::StartsWith(s, "=?UTF-8?B?")) << s;
  for (absl::string_view word : absl::StrSplit(s, ' ')) {
    EXPECT_LE(word.size(), 75u) << word;  // RFC 2047's limit
    EXPECT_TRUE(absl::EndsWith(word, "?=")) << word;
  }
  // A long subject is cut, at a character boundary, well under 998 octets.
  const std::string long_subject =
      EncodeHeaderText(std::string(400, 'x') + "é");
  EXPECT_LT(long_subject.size(), 400u);
}

TEST(FormatAddress, QuotesOrEncodesTheName) {
  EXPECT_EQ(FormatAddress({"ilse@s.example", "Smit, Ilse"}),
            "\"Smit, Ilse\" <ilse@s.example>");
  EXPECT_EQ(FormatAddress({"ilse@s.example", "Ilse \"coach\" Smit"}),
            "\"Ilse \\\"coach\\\" Smit\" <ilse@s.example>");
  EXPECT_EQ(FormatAddress({"ilse@s.example", ""}), "<ilse@s.example>");
  EXPECT_EQ(FormatAddress({"ilse@s.example", "Evil\r\nBcc: x@y.example"}),
            "\"Evil  Bcc: x@y.example\" <ilse@s.example>");
  EXPECT_THAT(FormatAddress({"a@s.example", "Jörg"}), HasSubstr("=?UTF-8?B?"));
}

TEST(ParseAddress, ReadsTheFromFlag) {
  auto a = ParseAddress("Samen <noreply@samen.example>", "mail_from");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->email, "noreply@samen.example");
  EXPECT_EQ(a->display_name, "Samen");
  EXPECT_EQ(DomainOf(*a), "samen.example");
  EXPECT_TRUE(ParseAddress("noreply@samen.example", "mail_from").ok());
  auto bad = ParseAddress("Samen <nobody>", "mail_from");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("--mail_from"));
}

TEST(FormatMailDate, IsRfc5322) {
  EXPECT_EQ(FormatMailDate(absl::FromUnixSeconds(1796400000)),
            "Fri, 04 Dec 2026 16:00:00 +0000");
}

}  // namespace
}  // namespace samen::notify

// The mail test infrastructure against a real SMTP client (libcurl, as the
// sender uses it): the catcher saves decoded messages, refuses, fails the
// first transaction, stalls, requires STARTTLS with a test CA and AUTH; and
// ParseIcal reads an invitation the way calendar clients do (libical).

#include <curl/curl.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/ical_check.h"
#include "tests/support/smtp_catcher.h"
#include "tests/support/temp_dir.h"

namespace samen::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kInvitation[] =
    "BEGIN:VCALENDAR\r\n"
    "PRODID:-//Samen//Samen 1.0//NL\r\n"
    "VERSION:2.0\r\n"
    "METHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:booking-42@samen.example\r\n"
    "DTSTAMP:20261204T120000Z\r\n"
    "DTSTART:20261210T090000Z\r\n"
    "DTEND:20261210T100000Z\r\n"
    "SEQUENCE:2\r\n"
    "STATUS:CONFIRMED\r\n"
    "SUMMARY:Coachgesprek met Ilse Smit\r\n"
    "LOCATION:Almere College Dronten\\, lokaal 2.14\r\n"
    "ORGANIZER;CN=Samen:mailto:noreply@samen.example\r\n"
    "ATTENDEE;CN=Noor Jansen;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;"
    "RSVP=TRUE:mailto:noor.jansen@school.example\r\n"
    "ATTENDEE;CN=Ilse "
    "Smit;PARTSTAT=ACCEPTED:MAILTO:ilse.smit@school.example\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

struct Mail {
  std::string url;
  std::string from = "noreply@samen.example";
  std::vector<std::string> to = {"noor.jansen@school.example"};
  std::string user;
  std::string password;
  std::string ca_file;
  bool require_tls = false;
  std::string subject = "=?UTF-8?Q?Afspraak_bevestigd_=E2=80=93_caf=C3=A9?=";
  std::string message_id = "<booking-42.0@samen.example>";
};

struct Sent {
  CURLcode code = CURLE_OK;
  long response = 0;  // the last SMTP reply code
  std::string error;
};

// One message: multipart/mixed with a quoted-printable text/plain part and a
// base64 text/calendar (METHOD REQUEST) attachment.
curl_mime* BuildMime(CURL* curl) {
  curl_mime* mime = curl_mime_init(curl);
  curl_mimepart* text = curl_mime_addpart(mime);
  curl_mime_data(
      text,
      "Je afspraak is bevestigd \xE2\x80\x93 tot dan in caf\xC3\xA9 2.14.\r\n",
      CURL_ZERO_TERMINATED);
  curl_mime_type(text, "text/plain; charset=utf-8");
  curl_mime_encoder(text, "quoted-printable");
  curl_mimepart* ics = curl_mime_addpart(mime);
  curl_mime_data(ics, kInvitation, CURL_ZERO_TERMINATED);
  curl_mime_type(ics, "text/calendar; charset=utf-8; method=REQUEST");
  curl_mime_filename(ics, "invite.ics");
  curl_mime_encoder(ics, "base64");
  return mime;
}

Sent Send(const Mail& mail) {
  CURL* curl = curl_easy_init();
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, mail.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + mail.from + ">").c_str());
  curl_slist* rcpt = nullptr;
  for (const std::string& to : mail.to) {
    rcpt = curl_slist_append(rcpt, ("<" + to + ">").c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_slist* headers = nullptr;
  for (const std::string& h :
       {absl::StrCat("From: Samen <", mail.from, ">"),
        absl::StrCat("To: ", mail.to.front()),
        absl::StrCat("Subject: ", mail.subject),
        absl::StrCat("Message-ID: ", mail.message_id),
        std::string("Date: Fri, 04 Dec 2026 12:00:00 +0000")}) {
    headers = curl_slist_append(headers, h.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_mime* mime = BuildMime(curl);
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
  if (mail.require_tls) {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!mail.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, mail.ca_file.c_str());
  }
  if (!mail.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, mail.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, mail.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  Sent sent;
  sent.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &sent.response);
  sent.error = error[0] != '\0' ? error : curl_easy_strerror(sent.code);
  curl_mime_free(mime);
  curl_slist_free_all(headers);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  return sent;
}

TEST(SmtpCatcher, SavesTheMessageDecodedWithItsInvitation) {
  SmtpCatcher catcher;
  Mail mail;
  mail.url = catcher.url();
  mail.to = {"noor.jansen@school.example", "hr@school.example"};
  const Sent sent = Send(mail);
  ASSERT_EQ(sent.code, CURLE_OK) << sent.error << "\n" << catcher.Log();

  const std::vector<CaughtMail> mails = catcher.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  const CaughtMail& m = mails[0];
  EXPECT_EQ(m.mail_from, "noreply@samen.example");
  EXPECT_THAT(m.rcpt_tos,
              ElementsAre("noor.jansen@school.example", "hr@school.example"));
  EXPECT_EQ(m.subject, "Afspraak bevestigd \xE2\x80\x93 caf\xC3\xA9");
  EXPECT_EQ(m.message_id, "<booking-42.0@samen.example>");
  EXPECT_EQ(m.Header("FROM"), "Samen <noreply@samen.example>");
  EXPECT_THAT(m.Header("content-type"), StartsWith("multipart/mixed"));
  EXPECT_THAT(m.raw, HasSubstr("Content-Transfer-Encoding: base64"));
  EXPECT_GT(m.received_at, 0);

  ASSERT_EQ(m.parts.size(), 2u);
  const CaughtPart* text = m.FindPart("text/plain");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->params.at("charset"), "utf-8");
  EXPECT_THAT(text->text,
              HasSubstr("bevestigd \xE2\x80\x93 tot dan in caf\xC3\xA9"));
  const CaughtPart* ics = m.FindPart("TEXT/CALENDAR");
  ASSERT_NE(ics, nullptr);
  EXPECT_EQ(ics->params.at("method"), "REQUEST");
  EXPECT_EQ(ics->disposition, "attachment");
  EXPECT_EQ(ics->filename, "invite.ics");
  EXPECT_EQ(ics->text, kInvitation);
  EXPECT_EQ(m.FindPart("application/pdf"), nullptr);

  const SmtpCatcherStats stats = catcher.Stats();
  EXPECT_EQ(stats.connections, 1);
  EXPECT_EQ(stats.transactions, 1);
  EXPECT_EQ(stats.accepted, 1);
}

TEST(SmtpCatcher, RequiresStartTlsAndAuthWithTheTestCa) {
  ScratchDir scratch("smtp-tls");
  auto cert = MakeTestCertificate(scratch.string());
  ASSERT_TRUE(cert.ok()) << cert.status();
  SmtpCatcherOptions options;
  options.tls_cert = cert->cert_file;
  options.tls_key = cert->key_file;
  options.auth = "samen:s3cret";
  SmtpCatcher catcher(options);
  Mail mail;
  mail.url = catcher.url();

  // Without TLS the catcher answers 530 to MAIL.
  Sent plain = Send(mail);
  EXPECT_NE(plain.code, CURLE_OK);
  // STARTTLS without the test CA: the certificate is not trusted.
  mail.require_tls = true;
  mail.user = "samen";
  mail.password = "s3cret";
  Sent untrusted = Send(mail);
  EXPECT_EQ(untrusted.code, CURLE_PEER_FAILED_VERIFICATION) << untrusted.error;
  // The wrong password.
  mail.ca_file = cert->ca_file;
  mail.password = "wrong";
  Sent wrong = Send(mail);
  EXPECT_EQ(wrong.code, CURLE_LOGIN_DENIED) << wrong.error;
  EXPECT_EQ(wrong.response, 535);
  EXPECT_THAT(catcher.Messages(), IsEmpty());

  mail.password = "s3cret";
  Sent ok = Send(mail);
  ASSERT_EQ(ok.code, CURLE_OK) << ok.error << "\n" << catcher.Log();
  ASSERT_EQ(catcher.WaitForMessages(1).size(), 1u);
  EXPECT_EQ(catcher.Stats().auth_failures, 1);
}

TEST(SmtpCatcher, RefusesMatchingRecipientsWith550) {
  SmtpCatcherOptions options;
  options.refuse = "^gone@";
  SmtpCatcher catcher(options);
  Mail mail;
  mail.url = catcher.url();
  mail.to = {"gone@school.example"};
  const Sent sent = Send(mail);
  EXPECT_EQ(sent.code, CURLE_SEND_ERROR) << sent.error;
  EXPECT_EQ(sent.response, 550);
  EXPECT_THAT(catcher.Log(), HasSubstr("550 5.1.1 mailbox unavailable"));
  EXPECT_EQ(catcher.Stats().refused_recipients, 1);
  EXPECT_THAT(catcher.Messages(), IsEmpty());
}

TEST(SmtpCatcher, FailsTheFirstTransactionWith451ThenAccepts) {
  SmtpCatcherOptions options;
  options.fail_first = 1;
  SmtpCatcher catcher(options);
  Mail mail;
  mail.url = catcher.url();
  const Sent first = Send(mail);
  EXPECT_NE(first.code, CURLE_OK);
  EXPECT_EQ(first.response, 451);
  EXPECT_THAT(catcher.Messages(), IsEmpty());
  const Sent second = Send(mail);
  EXPECT_EQ(second.code, CURLE_OK) << second.error;
  EXPECT_EQ(catcher.WaitForMessages(1).size(), 1u);
  const SmtpCatcherStats stats = catcher.Stats();
  EXPECT_EQ(stats.connections, 2);
  EXPECT_EQ(stats.transactions, 2);
  EXPECT_EQ(stats.failed_transactions, 1);
  EXPECT_EQ(stats.accepted, 1);
}

TEST(SmtpCatcher, StallsOnlyTheFirstMatchingRecipient) {
  SmtpCatcherOptions options;
  options.stall = "^slow@";
  options.stall_for = absl::Milliseconds(1500);
  SmtpCatcher catcher(options);
  Mail mail;
  mail.url = catcher.url();
  mail.to = {"slow@school.example"};
  absl::Time start = absl::Now();
  ASSERT_EQ(Send(mail).code, CURLE_OK);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(1400));
  start = absl::Now();
  ASSERT_EQ(Send(mail).code, CURLE_OK);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1400));
  EXPECT_EQ(catcher.Stats().stalled_recipients, 1);
  EXPECT_EQ(catcher.WaitForMessages(2).size(), 2u);
}

TEST(SmtpCatcher, WaitForMessagesReturnsWhatThereIsAfterTheTimeout) {
  SmtpCatcher catcher;
  const absl::Time start = absl::Now();
  EXPECT_THAT(catcher.WaitForMessages(1, absl::Milliseconds(300)), IsEmpty());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(300));
  catcher.Kill();
  EXPECT_FALSE(catcher.running());
}

// The invitation as received (base64 undone by the catcher) reads as the
// calendar clients read it, with no RFC 5546 objection.
TEST(ParseIcal, ReadsTheCaughtInvitation) {
  SmtpCatcher catcher;
  Mail mail;
  mail.url = catcher.url();
  ASSERT_EQ(Send(mail).code, CURLE_OK);
  const std::vector<CaughtMail> mails = catcher.WaitForMessages(1);
  ASSERT_EQ(mails.size(), 1u);
  const CaughtPart* ics = mails[0].FindPart("text/calendar");
  ASSERT_NE(ics, nullptr);

  auto ical = ParseIcal(ics->text);
  ASSERT_TRUE(ical.ok()) << ical.status();
  EXPECT_EQ(ical->method, "REQUEST");
  EXPECT_EQ(ical->uid, "booking-42@samen.example");
  EXPECT_EQ(ical->sequence, 2);
  EXPECT_EQ(ical->status, "CONFIRMED");
  EXPECT_EQ(ical->organizer, "noreply@samen.example");
  EXPECT_THAT(ical->attendees, ElementsAre("noor.jansen@school.example",
                                           "ilse.smit@school.example"));
  EXPECT_EQ(ical->dtstart,
            absl::FromCivil(absl::CivilSecond(2026, 12, 10, 9, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_EQ(ical->dtend - ical->dtstart, absl::Hours(1));
  EXPECT_EQ(ical->summary, "Coachgesprek met Ilse Smit");
  EXPECT_EQ(ical->location, "Almere College Dronten, lokaal 2.14");
  EXPECT_EQ(ical->vevent_count, 1);
  EXPECT_THAT(ical->parse_errors, IsEmpty());
  EXPECT_THAT(ical->restriction_errors, IsEmpty());
}

TEST(ParseIcal, ConvertsAZonedStartToUtc) {
  const std::string text =
      "BEGIN:VCALENDAR\r\nPRODID:-//Samen//NL\r\nVERSION:2.0\r\n"
      "METHOD:PUBLISH\r\n"
      "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"
      "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
      "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
      "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\n"
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
      "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"
      "END:VTIMEZONE\r\n"
      "BEGIN:VEVENT\r\nUID:e1@samen.example\r\nDTSTAMP:20261204T120000Z\r\n"
      "DTSTART;TZID=Europe/Amsterdam:20260610T090000\r\nDURATION:PT45M\r\n"
      "SUMMARY:Intervisie\r\nORGANIZER:mailto:noreply@samen.example\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  auto ical = ParseIcal(text);
  ASSERT_TRUE(ical.ok()) << ical.status();
  EXPECT_EQ(ical->method, "PUBLISH");
  // 09:00 summer time in Amsterdam is 07:00 UTC.
  EXPECT_EQ(ical->dtstart,
            absl::FromCivil(absl::CivilSecond(2026, 6, 10, 7, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_EQ(ical->dtend - ical->dtstart, absl::Minutes(45));
  EXPECT_THAT(ical->restriction_errors, IsEmpty());
}

// RFC 5546 wants an ORGANIZER on a REQUEST (and on a PUBLISH): a calendar
// client would not offer to accept this invitation.
TEST(ParseIcal, ReportsARequestWithoutOrganizer) {
  std::string text = kInvitation;
  const size_t at = text.find("ORGANIZER");
  text.erase(at, text.find("\r\n", at) + 2 - at);
  auto ical = ParseIcal(text);
  ASSERT_TRUE(ical.ok()) << ical.status();
  EXPECT_EQ(ical->organizer, "");
  ASSERT_EQ(ical->restriction_errors.size(), 1u);
  EXPECT_THAT(ical->restriction_errors[0], HasSubstr("ORGANIZER"));
  EXPECT_THAT(ical->restriction_errors[0], StartsWith("INVALID-ITIP"));
}

TEST(ParseIcal, ReportsAMalformedValue) {
  std::string text = kInvitation;
  const size_t at = text.find("20261210T090000Z");
  text.replace(at, 16, "next-thursday");
  auto ical = ParseIcal(text);
  ASSERT_TRUE(ical.ok()) << ical.status();
  EXPECT_THAT(ical->parse_errors, Not(IsEmpty()));
}

TEST(ParseIcal, RejectsTextThatIsNoCalendar) {
  EXPECT_FALSE(ParseIcal("Beste Noor, je afspraak is bevestigd.").ok());
  EXPECT_FALSE(ParseIcal("").ok());
  EXPECT_FALSE(
      ParseIcal("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n").ok());
}

}  // namespace
}  // namespace samen::testing

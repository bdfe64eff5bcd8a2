// Confidential coaching notes (only the starter and the session's coach, in
// every RPC and error) and the iCalendar feed (token in the URL, stable UID,
// SEQUENCE on every change, STATUS:CANCELLED, revocable).

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/induction/induction_env.h"

namespace samen::induction::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "Vertrouwelijk: twijfel over contractverlenging";

grpc::Status Write(const std::string& token, const std::string& parent,
                   const std::string& text, v1::Note* out) {
  v1::CreateNoteRequest req;
  req.set_parent(parent);
  req.mutable_note()->set_text(text);
  return Induction().CreateNote(As(token).get(), req, out);
}

grpc::Status Read(const std::string& token, const std::string& parent,
                  v1::ListNotesResponse* out) {
  v1::ListNotesRequest req;
  req.set_parent(parent);
  return Induction(1).ListNotes(As(token).get(), req, out);
}

TEST(Notes, OnlyTheStarterAndTheSessionsCoachReadAndWrite) {
  World w = MakeWorld(2);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Booking b;
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z"), &b).ok());
  v1::Note n1, n2;
  ASSERT_TRUE(Write(w.starter_tokens[0], b.name(), kSecret, &n1).ok());
  // The services stamp notes with the test's clock: the reply comes a minute
  // later.
  SetNow(Utc("2030-03-25T07:01:00Z"));
  ASSERT_TRUE(
      Write(w.coach_token, b.name(), "Afspraak: lesbezoek 3B", &n2).ok());
  EXPECT_EQ(n1.author(), "people/" + w.starters[0]);
  EXPECT_THAT(n1.name(), HasSubstr(b.name() + "/notes/"));
  for (const std::string& token : {w.starter_tokens[0], w.coach_token}) {
    v1::ListNotesResponse notes;
    ASSERT_TRUE(Read(token, b.name(), &notes).ok());
    ASSERT_EQ(notes.notes_size(), 2);
    EXPECT_EQ(notes.notes(0).text(), kSecret);
  }

  // Another coach of the same school (a coach of the starter, even, but not of
  // this session), HR, the school educator, a coordinator, an administrator and
  // another starter: refused, and nothing of the content in the answer.
  const std::string other_coach = Unique("coach");
  CreatePerson(other_coach, pv1::COACH);
  const std::vector<std::string> outsiders = {
      SubjectToken(other_coach, "coach@organisations/almere-college-dronten"),
      SubjectToken("t-hr", "hr@organisations/almere-college-dronten"),
      EducatorToken(),
      SubjectToken("t-coord", "coordinator@partnerships/osof"),
      AdminToken(),
      w.starter_tokens[1],
  };
  for (const auto& token : outsiders) {
    v1::ListNotesResponse notes;
    grpc::Status read = Read(token, b.name(), &notes);
    EXPECT_TRUE(read.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
                read.error_code() == grpc::StatusCode::NOT_FOUND)
        << read.error_code();
    EXPECT_EQ(notes.notes_size(), 0);
    EXPECT_THAT(read.error_message(), Not(HasSubstr("contract")));
    v1::Note n;
    grpc::Status write = Write(token, b.name(), "ingebroken", &n);
    EXPECT_TRUE(write.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
                write.error_code() == grpc::StatusCode::NOT_FOUND);
  }
  // Their attempts wrote nothing.
  v1::ListNotesResponse notes;
  ASSERT_TRUE(Read(w.starter_tokens[0], b.name(), &notes).ok());
  EXPECT_EQ(notes.notes_size(), 2);

  // A session that does not exist: only the starter of the path learns so.
  const std::string missing =
      "starters/" + w.starters[0] + "/bookings/bmissing";
  EXPECT_EQ(Read(w.starter_tokens[0], missing, &notes).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Read(outsiders[1], missing, &notes).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Nothing of the notes in the starter record HR reads.
  v1::GetStarterRequest get;
  get.set_name("starters/" + w.starters[0]);
  v1::Starter s;
  ASSERT_TRUE(Induction().GetStarter(As(outsiders[1]).get(), get, &s).ok());
  EXPECT_THAT(s.DebugString(), Not(HasSubstr("contract")));
}

std::string Feed(const std::string& person, const std::string& token,
                 grpc::Status* status) {
  v1::GetCalendarFeedContentRequest req;
  req.set_name("calendarFeeds/" + person);
  req.set_token(token);
  google::api::HttpBody body;
  *status = Induction(1).GetCalendarFeedContent(As("").get(), req, &body);
  if (status->ok()) {
    EXPECT_EQ(body.content_type(), "text/calendar; charset=utf-8");
  }
  return body.data();
}

std::string Issue(const std::string& person, const std::string& token) {
  v1::IssueCalendarFeedRequest req;
  req.set_name("calendarFeeds/" + person);
  v1::CalendarFeed feed;
  grpc::Status s = Induction().IssueCalendarFeed(As(token).get(), req, &feed);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(feed.path(), HasSubstr("/events.ics?token="));
  return feed.token();
}

// The VEVENT block with `uid`.
std::string Event(const std::string& calendar, const std::string& uid) {
  for (absl::string_view block : absl::StrSplit(calendar, "BEGIN:VEVENT")) {
    if (absl::StrContains(block, "UID:" + uid + "\r\n")) {
      return std::string(block);
    }
  }
  return "";
}

TEST(CalendarFeed, TokenInTheUrlStableUidSequenceAndCancellation) {
  World w = MakeWorld(1);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Booking b;
  ASSERT_TRUE(Book(w, 0, Utc("2030-03-27T08:00:00Z"), &b).ok());
  v1::Note note;
  ASSERT_TRUE(Write(w.starter_tokens[0], b.name(), kSecret, &note).ok());
  const std::string token = Issue(w.starters[0], w.starter_tokens[0]);

  grpc::Status s;
  std::string cal = Feed(w.starters[0], token, &s);  // no bearer token
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(absl::StartsWith(cal, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_TRUE(absl::EndsWith(cal, "END:VCALENDAR\r\n"));
  for (absl::string_view line : absl::StrSplit(cal, "\r\n")) {
    EXPECT_LE(line.size(), 75u);
    EXPECT_FALSE(absl::StrContains(line, "\n"));
  }
  EXPECT_THAT(cal, Not(HasSubstr("contract")));
  std::string event = Event(cal, b.ical_uid());
  ASSERT_FALSE(event.empty()) << cal;
  EXPECT_THAT(event, HasSubstr("SEQUENCE:0\r\n"));
  EXPECT_THAT(event, HasSubstr("DTSTART:20300327T080000Z\r\n"));
  EXPECT_THAT(event, HasSubstr("DTEND:20300327T084500Z\r\n"));
  EXPECT_THAT(event, HasSubstr("STATUS:CONFIRMED\r\n"));
  EXPECT_THAT(event, HasSubstr("LOCATION:Kamer 2.14\r\n"));

  v1::RescheduleBookingRequest move;
  move.set_name(b.name());
  *move.mutable_start_time() = Ts(Utc("2030-03-28T08:00:00Z"));
  ASSERT_TRUE(Induction()
                  .RescheduleBooking(As(w.starter_tokens[0]).get(), move, &b)
                  .ok());
  event = Event(Feed(w.starters[0], token, &s), b.ical_uid());
  EXPECT_THAT(event, HasSubstr("SEQUENCE:1\r\n"));
  EXPECT_THAT(event, HasSubstr("DTSTART:20300328T080000Z\r\n"));

  v1::CancelBookingRequest cancel;
  cancel.set_name(b.name());
  ASSERT_TRUE(Induction()
                  .CancelBooking(As(w.starter_tokens[0]).get(), cancel, &b)
                  .ok());
  event = Event(Feed(w.starters[0], token, &s), b.ical_uid());
  EXPECT_THAT(event, HasSubstr("SEQUENCE:2\r\n"));
  EXPECT_THAT(event, HasSubstr("STATUS:CANCELLED\r\n"));

  // The coach's own feed names the starter.
  const std::string coach_feed = Issue(w.coach, w.coach_token);
  event = Event(Feed(w.coach, coach_feed, &s), b.ical_uid());
  EXPECT_THAT(event, HasSubstr("SUMMARY:Coachgesprek met Testpersoon"));
}

TEST(CalendarFeed, WrongReissuedAndRevokedTokensAreRefused) {
  World w = MakeWorld(2);
  const std::string first = Issue(w.starters[0], w.starter_tokens[0]);
  grpc::Status s;
  Feed(w.starters[0], first, &s);
  EXPECT_TRUE(s.ok());
  Feed(w.starters[0], first + "x", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  // Another person's token does not open this feed.
  const std::string other = Issue(w.starters[1], w.starter_tokens[1]);
  Feed(w.starters[0], other, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  // Nobody issues a feed for someone else.
  v1::IssueCalendarFeedRequest req;
  req.set_name("calendarFeeds/" + w.starters[0]);
  v1::CalendarFeed feed;
  EXPECT_EQ(Induction()
                .IssueCalendarFeed(As(w.coach_token).get(), req, &feed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Re-issuing replaces the token; revoking removes it.
  const std::string second = Issue(w.starters[0], w.starter_tokens[0]);
  Feed(w.starters[0], first, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  Feed(w.starters[0], second, &s);
  EXPECT_TRUE(s.ok());
  v1::RevokeCalendarFeedRequest revoke;
  revoke.set_name("calendarFeeds/" + w.starters[0]);
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      Induction()
          .RevokeCalendarFeed(As(w.starter_tokens[0]).get(), revoke, &empty)
          .ok());
  Feed(w.starters[0], second, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace samen::induction::testing

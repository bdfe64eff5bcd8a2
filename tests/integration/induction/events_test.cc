// Lesson visits and intervision: planned by the coach on the same calendar as
// bookings, under the same overlap and buffer rules, visible to the people
// taking part, in their calendar feeds, and counted in HR tracking.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/induction/induction_env.h"

namespace samen::induction::testing {
namespace {

using ::testing::HasSubstr;

grpc::Status Plan(const World& w, v1::Event::Kind kind,
                  const std::vector<int>& starters, absl::Time start,
                  absl::Duration length, v1::Event* out,
                  const std::string& token = "") {
  v1::CreateEventRequest req;
  auto* e = req.mutable_event();
  e->set_kind(kind);
  for (int i : starters) {
    e->add_starters("starters/" + w.starters[i]);
  }
  e->set_title(kind == v1::Event::LESSON_VISIT ? "Lesbezoek 3B" : "Intervisie");
  e->set_location("Lokaal 1.04");
  *e->mutable_start_time() = Ts(start);
  *e->mutable_end_time() = Ts(start + length);
  return Induction().CreateEvent(
      As(token.empty() ? w.coach_token : token).get(), req, out);
}

TEST(Events, SameCalendarSameRules) {
  World w = MakeWorld(3);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Event visit;
  grpc::Status s = Plan(w, v1::Event::LESSON_VISIT, {0},
                        Utc("2030-03-27T09:00:00Z"), absl::Minutes(50), &visit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(visit.coach(), "people/" + w.coach);
  EXPECT_EQ(visit.state(), v1::CONFIRMED);
  EXPECT_FALSE(visit.ical_uid().empty());

  // The starter cannot book a session over it; nor can another starter book
  // the coach inside the 15-minute buffer after it (10:50-11:05 local).
  EXPECT_EQ(Book(w, 0, Utc("2030-03-27T09:00:00Z")).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Book(w, 1, Utc("2030-03-27T10:00:00Z")).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(Book(w, 1, Utc("2030-03-27T08:00:00Z")).ok());

  // Intervision with a starter who is busy then: refused.
  v1::Event group;
  grpc::Status busy =
      Plan(w, v1::Event::INTERVISION, {1, 2}, Utc("2030-03-27T08:30:00Z"),
           absl::Minutes(30), &group);
  EXPECT_EQ(busy.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  ASSERT_TRUE(Plan(w, v1::Event::INTERVISION, {1, 2},
                   Utc("2030-03-28T13:00:00Z"), absl::Hours(1), &group)
                  .ok());
  EXPECT_EQ(group.starters_size(), 2);

  // Only the coach of the starters plans; a lesson visit is for one starter.
  const std::string stranger = Unique("coach");
  CreatePerson(stranger, pv1::COACH);
  v1::Event e;
  EXPECT_EQ(
      Plan(w, v1::Event::LESSON_VISIT, {2}, Utc("2030-03-29T13:00:00Z"),
           absl::Minutes(50), &e,
           SubjectToken(stranger, "coach@organisations/almere-college-dronten"))
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Plan(w, v1::Event::LESSON_VISIT, {1, 2},
                 Utc("2030-03-29T13:00:00Z"), absl::Minutes(50), &e)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Plan(w, v1::Event::LESSON_VISIT, {2}, Utc("2030-03-29T13:03:00Z"),
                 absl::Minutes(50), &e)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Participants see it; others do not.
  v1::GetEventRequest get;
  get.set_name(group.name());
  EXPECT_TRUE(
      Induction().GetEvent(As(w.starter_tokens[2]).get(), get, &e).ok());
  EXPECT_EQ(
      Induction().GetEvent(As(w.starter_tokens[0]).get(), get, &e).error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::ListEventsRequest list;
  v1::ListEventsResponse events;
  ASSERT_TRUE(Induction()
                  .ListEvents(As(w.starter_tokens[1]).get(), list, &events)
                  .ok());
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_EQ(events.events(0).name(), group.name());

  // Cancelling frees the time and shows in the feed.
  v1::CancelEventRequest cancel;
  cancel.set_name(visit.name());
  EXPECT_EQ(Induction()
                .CancelEvent(As(w.starter_tokens[0]).get(), cancel, &e)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      Induction().CancelEvent(As(w.coach_token).get(), cancel, &e).ok());
  EXPECT_EQ(e.state(), v1::CANCELLED);
  EXPECT_EQ(e.sequence(), 1);
  EXPECT_TRUE(Book(w, 0, Utc("2030-03-27T09:00:00Z")).ok());
}

TEST(Events, AHeldLessonVisitCountsForHrAndShowsInTheFeed) {
  World w = MakeWorld(1);
  SetNow(Utc("2030-03-25T07:00:00Z"));
  v1::Event visit;
  ASSERT_TRUE(Plan(w, v1::Event::LESSON_VISIT, {0}, Utc("2030-03-26T12:00:00Z"),
                   absl::Minutes(50), &visit)
                  .ok());
  v1::RecordEventAttendanceRequest held;
  held.set_name(visit.name());
  EXPECT_EQ(Induction()
                .RecordEventAttendance(As(w.coach_token).get(), held, &visit)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  SetNow(Utc("2030-03-26T13:00:00Z"));
  ASSERT_TRUE(Induction()
                  .RecordEventAttendance(As(w.coach_token).get(), held, &visit)
                  .ok());
  EXPECT_EQ(visit.state(), v1::HELD);

  v1::ListStarterTrackingRequest req;
  req.set_parent("organisations/almere-college-dronten");
  req.set_page_size(500);
  v1::ListStarterTrackingResponse resp;
  ASSERT_TRUE(Induction()
                  .ListStarterTracking(
                      As(SubjectToken(
                             "t-hr", "hr@organisations/almere-college-dronten"))
                          .get(),
                      req, &resp)
                  .ok());
  bool found = false;
  for (const auto& r : resp.rows()) {
    if (r.starter() == "starters/" + w.starters[0]) {
      found = true;
      EXPECT_EQ(r.lesson_visits_done(), 1);
      EXPECT_EQ(FromTs(r.last_contact_time()), Utc("2030-03-26T12:50:00Z"));
    }
  }
  EXPECT_TRUE(found);

  v1::IssueCalendarFeedRequest issue;
  issue.set_name("calendarFeeds/" + w.starters[0]);
  v1::CalendarFeed feed;
  ASSERT_TRUE(
      Induction()
          .IssueCalendarFeed(As(w.starter_tokens[0]).get(), issue, &feed)
          .ok());
  v1::GetCalendarFeedContentRequest content;
  content.set_name(issue.name());
  content.set_token(feed.token());
  google::api::HttpBody body;
  ASSERT_TRUE(
      Induction().GetCalendarFeedContent(As("").get(), content, &body).ok());
  EXPECT_THAT(body.data(), HasSubstr("UID:" + visit.ical_uid() + "\r\n"));
  EXPECT_THAT(body.data(), HasSubstr("SUMMARY:Lesbezoek 3B\r\n"));
}

}  // namespace
}  // namespace samen::induction::testing

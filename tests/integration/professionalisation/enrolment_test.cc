// Enrolment over gRPC on two replicas: window, audience, capacity and the FIFO
// waitlist (also under concurrency), cancellation deadline, approval, series
// cap, and the event log.

#include <map>
#include <mutex>
#include <thread>

#include "gmock/gmock.h"
#include "tests/integration/professionalisation/fixture.h"

namespace samen::professionalisation::testing {
namespace {

using ::testing::HasSubstr;

TEST_F(ProfessionalisationTest, EnrolmentOutsideTheWindowIsRefused) {
  v1::Activity later = Draft();
  SetTime(later.mutable_enrolment_open_time(), absl::Hours(48));
  Create("it-window-later", later);
  v1::Activity closed = Draft();
  SetTime(closed.mutable_enrolment_open_time(), -absl::Hours(48));
  SetTime(closed.mutable_enrolment_close_time(), -absl::Hours(1));
  Create("it-window-closed", closed);

  v1::Enrolment e;
  grpc::Status early = Enrol("it-window-later", Starter(), &e);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(early), "ENROLMENT_NOT_OPEN");
  EXPECT_THAT(early.error_message(), HasSubstr("Europe/Amsterdam"));
  grpc::Status late = Enrol("it-window-closed", Starter(), &e, 1);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(late), "ENROLMENT_CLOSED");
  EXPECT_EQ(Get("it-window-later").enrolled_count(), 0);
  EXPECT_EQ(Get("it-window-closed").enrolled_count(), 0);
  EXPECT_TRUE(Events("it-window-closed").empty());

  // An organiser can still register someone late.
  ASSERT_TRUE(
      Enrol("it-window-closed", Coordinator(), &e, 0, "people/starter-noor")
          .ok());
  EXPECT_EQ(e.state(), v1::Enrolment::ENROLLED);
  EXPECT_EQ(e.enrolled_by(), "people/coord-osof");
  // The directory knows Noor: her name and school come from Partners.
  EXPECT_EQ(e.person_display_name(), "Noor Jansen (demo)");
  EXPECT_THAT(e.organisations(),
              ::testing::ElementsAre("organisations/almere-college-dronten"));
}

TEST_F(ProfessionalisationTest, WrongAudienceIsRefused) {
  v1::Activity a = Draft();
  a.add_audiences(v1::MENTORS);
  a.add_audiences(v1::SCHOOL_EDUCATORS);
  Create("it-audience", a);
  v1::Enrolment e;
  grpc::Status wrong = Enrol("it-audience", Starter(), &e);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(wrong), "AUDIENCE_MISMATCH");
  EXPECT_THAT(wrong.error_message(), HasSubstr("mentors"));
  ASSERT_TRUE(Enrol("it-audience", Mentor(), &e, 1).ok());
  EXPECT_EQ(e.state(), v1::Enrolment::ENROLLED);
  EXPECT_EQ(e.person(), "people/mentor-anouk");
  EXPECT_EQ(e.person_display_name(), "Anouk Meijer");
  EXPECT_THAT(e.organisations(),
              ::testing::ElementsAre("organisations/svol-lyceum"));
  // Twice is refused.
  grpc::Status again = Enrol("it-audience", Mentor(), &e);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  // Enrolling someone else is for organisers.
  EXPECT_EQ(
      Enrol("it-audience", Mentor(), &e, 0, "people/starter-daan").error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get("it-audience").enrolled_count(), 1);
}

TEST_F(ProfessionalisationTest, WaitlistIsPromotedInArrivalOrder) {
  Create("it-fifo", Draft(2));
  const std::vector<std::string> people = {"fifo-a", "fifo-b", "fifo-c",
                                           "fifo-d", "fifo-e"};
  for (size_t i = 0; i < people.size(); ++i) {
    v1::Enrolment e;
    ASSERT_TRUE(Enrol("it-fifo", Starter(people[i]), &e, i).ok());
    EXPECT_EQ(e.arrival(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(e.state(),
              i < 2 ? v1::Enrolment::ENROLLED : v1::Enrolment::WAITLISTED);
    EXPECT_EQ(e.waitlist_position(), i < 2 ? 0 : static_cast<int>(i - 1));
  }
  v1::Activity a = Get("it-fifo");
  EXPECT_EQ(a.enrolled_count(), 2);
  EXPECT_EQ(a.waitlisted_count(), 3);
  EXPECT_EQ(a.free_places(), 0);

  // The second on the waitlist leaves: nobody is promoted, positions close up.
  v1::Enrolment out;
  ASSERT_TRUE(Cancel("it-fifo", "fifo-d", Starter("fifo-d"), &out).ok());
  EXPECT_EQ(GetEnrolment("it-fifo", "fifo-e").waitlist_position(), 2);
  // A place frees: the first on the waitlist (c) gets it, not e.
  ASSERT_TRUE(Cancel("it-fifo", "fifo-a", Starter("fifo-a"), &out).ok());
  EXPECT_EQ(out.state(), v1::Enrolment::CANCELLED);
  v1::Enrolment c = GetEnrolment("it-fifo", "fifo-c");
  EXPECT_EQ(c.state(), v1::Enrolment::ENROLLED);
  EXPECT_TRUE(c.promoted());
  EXPECT_EQ(GetEnrolment("it-fifo", "fifo-e").waitlist_position(), 1);

  // The promotion is in the log, right after the cancellation.
  auto events = Events("it-fifo");
  ASSERT_GE(events.size(), 2u);
  const auto& cancelled = events[events.size() - 2];
  const auto& promoted = events.back();
  EXPECT_EQ(cancelled.kind(), v1::EnrolmentEvent::CANCELLED);
  EXPECT_EQ(cancelled.person(), "people/fifo-a");
  EXPECT_EQ(promoted.kind(), v1::EnrolmentEvent::PROMOTED);
  EXPECT_EQ(promoted.person(), "people/fifo-c");
  EXPECT_EQ(promoted.enrolled_count(), 2);
  EXPECT_EQ(promoted.sequence(), cancelled.sequence() + 1);

  // A larger capacity promotes at once; a re-enrolment joins at the back.
  ASSERT_TRUE(Enrol("it-fifo", Starter("fifo-a"), &out).ok());
  EXPECT_EQ(out.state(), v1::Enrolment::WAITLISTED);
  EXPECT_EQ(out.arrival(), 6);
  v1::UpdateActivityRequest req;
  req.mutable_activity()->set_name("activities/it-fifo");
  req.mutable_activity()->set_capacity(3);
  v1::Activity updated;
  ASSERT_TRUE(
      stub().UpdateActivity(As(Coordinator()).get(), req, &updated).ok());
  EXPECT_EQ(updated.enrolled_count(), 3);
  EXPECT_EQ(GetEnrolment("it-fifo", "fifo-e").state(), v1::Enrolment::ENROLLED);
  EXPECT_EQ(GetEnrolment("it-fifo", "fifo-a").waitlist_position(), 1);
}

TEST_F(ProfessionalisationTest, ConcurrentEnrolmentsNeverExceedCapacity) {
  Create("it-rush", Draft(5));
  constexpr int kPeople = 40;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<int64_t> enrolled_arrivals;
  std::vector<int64_t> waitlisted_arrivals;
  for (int i = 0; i < kPeople; ++i) {
    threads.emplace_back([&, i] {
      v1::Enrolment e;
      grpc::Status s =
          Enrol("it-rush", Starter(absl::StrCat("rush-", i)), &e, i);
      ASSERT_TRUE(s.ok()) << s.error_message();
      std::lock_guard<std::mutex> lock(mu);
      (e.state() == v1::Enrolment::ENROLLED ? enrolled_arrivals
                                            : waitlisted_arrivals)
          .push_back(e.arrival());
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  ASSERT_EQ(enrolled_arrivals.size(), 5u);
  ASSERT_EQ(waitlisted_arrivals.size(), 35u);
  std::sort(enrolled_arrivals.begin(), enrolled_arrivals.end());
  EXPECT_EQ(enrolled_arrivals, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  v1::Activity a = Get("it-rush");
  EXPECT_EQ(a.enrolled_count(), 5);
  EXPECT_EQ(a.waitlisted_count(), 35);
  // The log, replayed, never shows more than 5 places taken.
  int running = 0;
  int most = 0;
  int64_t previous = 0;
  for (const auto& ev : Events("it-rush")) {
    EXPECT_GT(ev.sequence(), previous);
    previous = ev.sequence();
    if (ev.state() == v1::Enrolment::ENROLLED &&
        ev.previous_state() != v1::Enrolment::ENROLLED) {
      ++running;
    }
    most = std::max(most, running);
    EXPECT_LE(ev.enrolled_count(), 5);
  }
  EXPECT_EQ(most, 5);
}

TEST_F(ProfessionalisationTest, CancellationAfterTheDeadlineIsRefused) {
  v1::Activity a = Draft(1);
  SetTime(a.mutable_cancellation_deadline(), -absl::Minutes(1));
  Create("it-deadline", a);
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-deadline", Starter("dl-1"), &e).ok());
  ASSERT_TRUE(Enrol("it-deadline", Starter("dl-2"), &e, 1).ok());
  ASSERT_EQ(e.state(), v1::Enrolment::WAITLISTED);

  grpc::Status late = Cancel("it-deadline", "dl-1", Starter("dl-1"), &e);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(late), "CANCELLATION_DEADLINE_PASSED");
  EXPECT_EQ(GetEnrolment("it-deadline", "dl-1").state(),
            v1::Enrolment::ENROLLED);
  // Someone else cannot cancel for you.
  EXPECT_EQ(Cancel("it-deadline", "dl-1", Starter("dl-2"), &e).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The organiser can, and the waitlist moves up.
  ASSERT_TRUE(Cancel("it-deadline", "dl-1", Coordinator(), &e).ok());
  EXPECT_EQ(e.note(), "kan niet");
  EXPECT_EQ(GetEnrolment("it-deadline", "dl-2").state(),
            v1::Enrolment::ENROLLED);
  // Cancelling twice is refused.
  EXPECT_EQ(ReasonOf(Cancel("it-deadline", "dl-1", Coordinator(), &e)),
            "NOT_ACTIVE");
}

TEST_F(ProfessionalisationTest, ApprovalFlowByTheParticipantsManager) {
  v1::Activity a = Draft(1);
  a.set_approval_required(true);
  Create("it-approval", a);
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-approval", Starter("starter-noor"), &e).ok());
  EXPECT_EQ(e.state(), v1::Enrolment::PENDING_APPROVAL);
  ASSERT_TRUE(Enrol("it-approval", Starter("appr-2"), &e, 1).ok());
  ASSERT_TRUE(Enrol("it-approval", Starter("appr-3"), &e).ok());
  EXPECT_EQ(Get("it-approval").pending_count(), 3);
  EXPECT_EQ(Get("it-approval").enrolled_count(), 0);

  // HR of Almere College Dronten finds the requests of their school.
  v1::ListEnrolmentsRequest list;
  list.set_parent("activities/-");
  list.set_organisation("organisations/almere-college-dronten");
  list.set_state(v1::Enrolment::PENDING_APPROVAL);
  v1::ListEnrolmentsResponse pending;
  ASSERT_TRUE(stub().ListEnrolments(As(HrAlmere()).get(), list, &pending).ok());
  int mine = 0;
  for (const auto& p : pending.enrolments()) {
    mine += absl::StartsWith(p.name(), "activities/it-approval/") ? 1 : 0;
  }
  EXPECT_EQ(mine, 3);
  EXPECT_EQ(stub()
                .ListEnrolments(As(Token("hr-svol",
                                         "hr@organisations/"
                                         "svol-havo"))
                                    .get(),
                                list, &pending)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  auto decide = [](const std::string& person, bool approve,
                   const std::string& token, v1::Enrolment* out) {
    const std::string name = "activities/it-approval/enrolments/" + person;
    if (approve) {
      v1::ApproveEnrolmentRequest req;
      req.set_name(name);
      return stub(1).ApproveEnrolment(As(token).get(), req, out);
    }
    v1::DeclineEnrolmentRequest req;
    req.set_name(name);
    req.set_reason("Geen budget dit jaar");
    return stub(1).DeclineEnrolment(As(token).get(), req, out);
  };
  // Not HR of another school, not the organiser, not the participant.
  EXPECT_EQ(decide("starter-noor", true,
                   Token("hr-svol", "hr@organisations/svol-havo"), &e)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(decide("starter-noor", true, Coordinator(), &e).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      decide("starter-noor", true,
             Token("starter-noor",
                   "school_educator@organisations/almere-college-dronten"),
             &e)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  ASSERT_TRUE(decide("starter-noor", true, HrAlmere(), &e).ok());
  EXPECT_EQ(e.state(), v1::Enrolment::ENROLLED);
  ASSERT_TRUE(decide("appr-2", false, HrAlmere(), &e).ok());
  EXPECT_EQ(e.state(), v1::Enrolment::DECLINED);
  EXPECT_EQ(e.note(), "Geen budget dit jaar");
  // Full now: the next approval goes onto the waitlist.
  ASSERT_TRUE(decide("appr-3", true, HrAlmere(), &e).ok());
  EXPECT_EQ(e.state(), v1::Enrolment::WAITLISTED);
  EXPECT_EQ(e.waitlist_position(), 1);
  EXPECT_EQ(ReasonOf(decide("appr-3", true, HrAlmere(), &e)), "NOT_PENDING");
  v1::Activity after = Get("it-approval");
  EXPECT_EQ(after.pending_count(), 0);
  EXPECT_EQ(after.enrolled_count(), 1);
  EXPECT_EQ(after.waitlisted_count(), 1);
  std::vector<v1::EnrolmentEvent::Kind> kinds;
  for (const auto& ev : Events("it-approval")) {
    kinds.push_back(ev.kind());
  }
  EXPECT_THAT(kinds,
              ::testing::ElementsAre(v1::EnrolmentEvent::APPROVAL_REQUESTED,
                                     v1::EnrolmentEvent::APPROVAL_REQUESTED,
                                     v1::EnrolmentEvent::APPROVAL_REQUESTED,
                                     v1::EnrolmentEvent::APPROVED,
                                     v1::EnrolmentEvent::DECLINED,
                                     v1::EnrolmentEvent::APPROVED));
}

TEST_F(ProfessionalisationTest, SeriesCapLimitsEnrolmentsPerPerson) {
  for (const char* id : {"it-series-1", "it-series-2"}) {
    v1::Activity a = Draft();
    a.set_kind(v1::SKILLS_LAB);
    a.mutable_series()->set_id("it-labs");
    a.mutable_series()->set_max_per_person(1);
    Create(id, a);
  }
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-series-1", Starter("series-p"), &e).ok());
  grpc::Status capped = Enrol("it-series-2", Starter("series-p"), &e, 1);
  EXPECT_EQ(capped.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(capped), "SERIES_CAP_REACHED");
  // Others are not affected; after cancelling, the second is allowed.
  ASSERT_TRUE(Enrol("it-series-2", Starter("series-q"), &e).ok());
  ASSERT_TRUE(Cancel("it-series-1", "series-p", Starter("series-p"), &e).ok());
  ASSERT_TRUE(Enrol("it-series-2", Starter("series-p"), &e, 1).ok());
  EXPECT_EQ(e.state(), v1::Enrolment::ENROLLED);
}

TEST_F(ProfessionalisationTest, SeriesCapHoldsWhenOnePersonEnrolsTwiceAtOnce) {
  for (const char* id : {"it-series-race-1", "it-series-race-2"}) {
    v1::Activity a = Draft(50);
    a.mutable_series()->set_id("it-race");
    a.mutable_series()->set_max_per_person(1);
    Create(id, a);
  }
  // Ten people each try both activities at the same moment, on both replicas.
  constexpr int kPeople = 10;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::map<std::string, std::vector<grpc::StatusCode>> outcomes;
  for (int i = 0; i < kPeople; ++i) {
    for (int k = 0; k < 2; ++k) {
      threads.emplace_back([&, i, k] {
        const std::string person = absl::StrCat("race-", i);
        v1::Enrolment e;
        grpc::Status s = Enrol(absl::StrCat("it-series-race-", k + 1),
                               Starter(person), &e, i + k);
        std::lock_guard<std::mutex> lock(mu);
        outcomes[person].push_back(s.error_code());
        if (!s.ok()) {
          EXPECT_EQ(ReasonOf(s), "SERIES_CAP_REACHED") << s.error_message();
        }
      });
    }
  }
  for (auto& t : threads) {
    t.join();
  }
  ASSERT_EQ(outcomes.size(), static_cast<size_t>(kPeople));
  for (const auto& [person, codes] : outcomes) {
    EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::StatusCode::OK), 1)
        << person;
  }
  EXPECT_EQ(Get("it-series-race-1").enrolled_count() +
                Get("it-series-race-2").enrolled_count(),
            kPeople);
}

TEST_F(ProfessionalisationTest, EnrolmentsAreVisibleToThoseConcerned) {
  Create("it-visibility", Draft());
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-visibility", Starter("vis-1"), &e).ok());
  v1::GetEnrolmentRequest get;
  get.set_name("activities/it-visibility/enrolments/vis-1");
  v1::Enrolment out;
  EXPECT_TRUE(stub().GetEnrolment(As(Starter("vis-1")).get(), get, &out).ok());
  EXPECT_TRUE(stub().GetEnrolment(As(HrAlmere()).get(), get, &out).ok());
  EXPECT_EQ(
      stub().GetEnrolment(As(Starter("vis-2")).get(), get, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::ListEnrolmentsRequest list;
  list.set_parent("activities/it-visibility");
  v1::ListEnrolmentsResponse resp;
  EXPECT_EQ(stub()
                .ListEnrolments(As(Starter("vis-2")).get(), list, &resp)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub().ListEnrolments(As(Coordinator()).get(), list, &resp).ok());
  ASSERT_EQ(resp.enrolments_size(), 1);
  // One's own enrolments across activities.
  list.set_parent("activities/-");
  list.set_person("people/vis-1");
  ASSERT_TRUE(
      stub().ListEnrolments(As(Starter("vis-1")).get(), list, &resp).ok());
  EXPECT_EQ(resp.enrolments_size(), 1);
  list.clear_person();
  EXPECT_EQ(stub()
                .ListEnrolments(As(Starter("vis-1")).get(), list, &resp)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The whole log is for administrators and integrations.
  v1::ListEnrolmentEventsRequest events;
  v1::ListEnrolmentEventsResponse log;
  EXPECT_EQ(stub()
                .ListEnrolmentEvents(As(Coordinator()).get(), events, &log)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  events.set_page_size(2);
  ASSERT_TRUE(stub().ListEnrolmentEvents(As(Admin()).get(), events, &log).ok());
  ASSERT_EQ(log.events_size(), 2);
  events.set_after_sequence(log.next_after_sequence());
  v1::ListEnrolmentEventsResponse next;
  ASSERT_TRUE(
      stub(1)
          .ListEnrolmentEvents(As(Token("vacancy-site", "integration")).get(),
                               events, &next)
          .ok());
  ASSERT_GE(next.events_size(), 1);
  EXPECT_EQ(next.events(0).sequence(), log.events(1).sequence() + 1);
}

}  // namespace
}  // namespace samen::professionalisation::testing

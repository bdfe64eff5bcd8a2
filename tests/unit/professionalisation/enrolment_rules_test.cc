// Who may do what, and the enrolment, attendance and record rules.

#include "services/professionalisation/enrolment_rules.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::professionalisation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1780000000);  // May 2026

auth::Principal As(const std::string& subject,
                   std::vector<auth::Grant> grants) {
  auth::Principal p;
  p.subject = subject;
  p.grants = std::move(grants);
  return p;
}

ActivityFacts Facts() {
  ActivityFacts f;
  f.activity_id = "wpb";
  f.owner = Owner{true, "osof"};
  f.enrolment_open = kNow - absl::Hours(24);
  f.enrolment_close = kNow + absl::Hours(24);
  f.cancellation_deadline = kNow + absl::Hours(1);
  f.capacity = 2;
  f.sessions = 3;
  return f;
}

std::string Reason(const absl::Status& s) {
  std::string reason;
  s.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    if (absl::EndsWith(url, "ErrorInfo")) {
      reason = std::string(payload);
    }
  });
  return reason;
}

TEST(Organisers, CoordinatorsOfThePartnershipAndEducatorsOfTheSchool) {
  const Owner partnership{true, "osof"};
  const Owner school{false, "svol-lyceum"};
  auto coord = As("c", {{"coordinator", "partnerships/osof"}});
  auto other_coord = As("c2", {{"coordinator", "partnerships/frosk"}});
  auto educator = As("e", {{"school_educator", "organisations/svol-lyceum"}});
  auto hr = As("h", {{"hr", "organisations/svol-lyceum"}});
  EXPECT_TRUE(IsOrganiser(coord, partnership));
  EXPECT_FALSE(IsOrganiser(other_coord, partnership));
  EXPECT_FALSE(IsOrganiser(educator, partnership));
  EXPECT_TRUE(IsOrganiser(educator, school));
  EXPECT_FALSE(IsOrganiser(hr, school));
  EXPECT_FALSE(IsOrganiser(coord, school));
  EXPECT_TRUE(IsOrganiser(As("a", {{"admin", ""}}), school));
  absl::Status denied = MayOrganise(hr, school);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(denied.message(), HasSubstr("organisations/svol-lyceum"));
}

TEST(Organisers, OrganisationsComeFromScopedGrants) {
  auto p = As("x", {{"starter", "organisations/b"},
                    {"coach", "organisations/a"},
                    {"coordinator", "partnerships/osof"},
                    {"starter", "organisations/b"}});
  EXPECT_THAT(OrganisationsOf(p),
              ElementsAre("organisations/a", "organisations/b"));
}

TEST(Approval, HrAndSchoolEducatorsOfTheOrganisationButNotThePerson) {
  const std::vector<std::string> orgs = {
      "organisations/almere-college-dronten"};
  EXPECT_TRUE(CanApprove(As("hr", {{"hr", orgs[0]}}), "noor", orgs));
  EXPECT_TRUE(
      CanApprove(As("se", {{"school_educator", orgs[0]}}), "noor", orgs));
  EXPECT_FALSE(
      CanApprove(As("hr2", {{"hr", "organisations/svol-havo"}}), "noor", orgs));
  EXPECT_FALSE(CanApprove(As("coach", {{"coach", orgs[0]}}), "noor", orgs));
  // A school educator does not approve their own request.
  EXPECT_FALSE(
      CanApprove(As("noor", {{"school_educator", orgs[0]}}), "noor", orgs));
  EXPECT_FALSE(CanApprove(As("hr", {{"hr", orgs[0]}}), "noor", {}));
}

TEST(Records, ThePersonAndTheirManagersReadTheRecord) {
  const std::vector<std::string> orgs = {"organisations/a"};
  EXPECT_TRUE(CanReadRecord(As("noor", {}), "noor", orgs));
  EXPECT_TRUE(
      CanReadRecord(As("hr", {{"hr", "organisations/a"}}), "noor", orgs));
  EXPECT_FALSE(
      CanReadRecord(As("hr", {{"hr", "organisations/b"}}), "noor", orgs));
  EXPECT_FALSE(CanReadRecord(As("daan", {{"starter", "organisations/a"}}),
                             "noor", orgs));
  // Nothing known: managers anywhere see the empty record.
  EXPECT_TRUE(CanReadRecord(As("hr", {{"hr", "organisations/b"}}), "noor", {}));
  EXPECT_FALSE(
      CanReadRecord(As("s", {{"starter", "organisations/b"}}), "noor", {}));
  // Completions: also coaches of the organisation and integrations.
  EXPECT_TRUE(CanCheckCompletions(As("c", {{"coach", "organisations/a"}}),
                                  "noor", orgs));
  EXPECT_FALSE(CanCheckCompletions(As("c", {{"coach", "organisations/b"}}),
                                   "noor", orgs));
  EXPECT_TRUE(
      CanCheckCompletions(As("i", {{"integration", ""}}), "noor", orgs));
}

TEST(EnrolmentWindow, OpenFromOpeningUntilClosing) {
  ActivityFacts f = Facts();
  EXPECT_TRUE(CheckEnrolmentWindow(f, kNow).ok());
  EXPECT_TRUE(CheckEnrolmentWindow(f, f.enrolment_open).ok());
  absl::Status early =
      CheckEnrolmentWindow(f, f.enrolment_open - absl::Seconds(1));
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Reason(early), HasSubstr("ENROLMENT_NOT_OPEN"));
  absl::Status late = CheckEnrolmentWindow(f, f.enrolment_close);
  EXPECT_THAT(Reason(late), HasSubstr("ENROLMENT_CLOSED"));
  EXPECT_THAT(late.message(), HasSubstr("Europe/Amsterdam"));
}

TEST(Audience, RolesMapOntoAudiences) {
  const std::vector<v1::Audience> mentors = {v1::MENTORS};
  EXPECT_TRUE(
      AudienceMatches(As("m", {{"mentor", "organisations/a"}}), mentors));
  EXPECT_FALSE(
      AudienceMatches(As("s", {{"starter", "organisations/a"}}), mentors));
  EXPECT_TRUE(AudienceMatches(As("s", {{"starter", "organisations/a"}}), {}));
  EXPECT_TRUE(AudienceMatches(As("x", {{"student", "organisations/a"}}),
                              {v1::STUDENTS}));
  EXPECT_TRUE(
      AudienceMatches(As("x", {{"institute_educator", "organisations/hu"}}),
                      {v1::SCHOOL_EDUCATORS}));
  // Experienced teachers: coaches, mentors, school educators; not starters.
  const std::vector<v1::Audience> experienced = {v1::EXPERIENCED_TEACHERS};
  for (const char* role : {"coach", "mentor", "school_educator"}) {
    EXPECT_TRUE(
        AudienceMatches(As("x", {{role, "organisations/a"}}), experienced))
        << role;
  }
  EXPECT_FALSE(
      AudienceMatches(As("x", {{"starter", "organisations/a"}}), experienced));
  // School leaders: coordinators; HR is not an audience.
  EXPECT_TRUE(AudienceMatches(As("x", {{"coordinator", "partnerships/osof"}}),
                              {v1::SCHOOL_LEADERS}));
  EXPECT_FALSE(AudienceMatches(As("x", {{"hr", "organisations/a"}}),
                               {v1::SCHOOL_LEADERS, v1::STARTERS}));
  absl::Status denied =
      CheckAudience(As("s", {{"starter", "organisations/a"}}), mentors);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(Reason(denied), HasSubstr("AUDIENCE_MISMATCH"));
  EXPECT_THAT(denied.message(), HasSubstr("mentors"));
}

TEST(Enrolment, ActiveEnrolmentsBlockASecond) {
  EXPECT_TRUE(CheckNotEnrolled(std::nullopt).ok());
  EXPECT_TRUE(CheckNotEnrolled(v1::Enrolment::CANCELLED).ok());
  EXPECT_TRUE(CheckNotEnrolled(v1::Enrolment::DECLINED).ok());
  for (State s : {v1::Enrolment::PENDING_APPROVAL, v1::Enrolment::WAITLISTED,
                  v1::Enrolment::ENROLLED}) {
    EXPECT_EQ(CheckNotEnrolled(s).code(), absl::StatusCode::kAlreadyExists);
  }
}

TEST(Enrolment, SeriesCapCountsOtherActiveEnrolments) {
  ActivityFacts f = Facts();
  EXPECT_TRUE(CheckSeriesCap(f, 10).ok());  // no series
  f.series_id = "labs-2026";
  EXPECT_TRUE(CheckSeriesCap(f, 10).ok());  // no cap
  f.series_cap = 2;
  EXPECT_TRUE(CheckSeriesCap(f, 0).ok());
  EXPECT_TRUE(CheckSeriesCap(f, 1).ok());
  absl::Status capped = CheckSeriesCap(f, 2);
  EXPECT_EQ(capped.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Reason(capped), HasSubstr("SERIES_CAP_REACHED"));
  EXPECT_THAT(capped.message(), HasSubstr("labs-2026"));
}

TEST(Enrolment, PlacementFillsPlacesThenTheWaitlist) {
  ActivityFacts f = Facts();
  EXPECT_EQ(Placement(f, false), v1::Enrolment::ENROLLED);
  f.enrolled = 1;
  EXPECT_EQ(Placement(f, false), v1::Enrolment::ENROLLED);
  f.enrolled = 2;
  EXPECT_EQ(Placement(f, false), v1::Enrolment::WAITLISTED);
  f.enrolled = 0;
  EXPECT_EQ(Placement(f, true), v1::Enrolment::PENDING_APPROVAL);
}

TEST(Cancellation, DeadlineBindsParticipantsHoldingAPlace) {
  ActivityFacts f = Facts();
  const absl::Time after = f.cancellation_deadline + absl::Seconds(1);
  EXPECT_TRUE(CheckCancellation(f, v1::Enrolment::ENROLLED, false, kNow).ok());
  absl::Status late =
      CheckCancellation(f, v1::Enrolment::ENROLLED, false, after);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Reason(late), HasSubstr("CANCELLATION_DEADLINE_PASSED"));
  EXPECT_TRUE(CheckCancellation(f, v1::Enrolment::ENROLLED, true, after).ok());
  EXPECT_TRUE(
      CheckCancellation(f, v1::Enrolment::WAITLISTED, false, after).ok());
  EXPECT_TRUE(
      CheckCancellation(f, v1::Enrolment::PENDING_APPROVAL, false, after).ok());
  EXPECT_THAT(
      Reason(CheckCancellation(f, v1::Enrolment::CANCELLED, true, kNow)),
      HasSubstr("NOT_ACTIVE"));
  EXPECT_TRUE(CheckPending(v1::Enrolment::PENDING_APPROVAL).ok());
  EXPECT_THAT(Reason(CheckPending(v1::Enrolment::ENROLLED)),
              HasSubstr("NOT_PENDING"));
}

TEST(Promotion, LowestArrivalFirstAndNoMoreThanFreePlaces) {
  std::vector<WaitlistEntry> waitlist = {
      {12, "late"}, {4, "first"}, {9, "second"}, {10, "third"}};
  auto one = ChoosePromotions(waitlist, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].person_id, "first");
  auto two = ChoosePromotions(waitlist, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].person_id, "first");
  EXPECT_EQ(two[1].person_id, "second");
  EXPECT_EQ(ChoosePromotions(waitlist, 10).size(), 4u);
  EXPECT_TRUE(ChoosePromotions(waitlist, 0).empty());
  EXPECT_TRUE(ChoosePromotions({}, 3).empty());
}

TEST(Completion, EnoughSessionsAttended) {
  EXPECT_EQ(SessionsToComplete(0, 3), 3);
  EXPECT_EQ(SessionsToComplete(2, 3), 2);
  EXPECT_FALSE(IsComplete(2, 0, 3));
  EXPECT_TRUE(IsComplete(3, 0, 3));
  EXPECT_TRUE(IsComplete(2, 2, 3));
  EXPECT_FALSE(IsComplete(1, 2, 3));
  EXPECT_FALSE(IsComplete(0, 0, 0));
  EXPECT_TRUE(CheckAttendanceTime(kNow, kNow).ok());
  EXPECT_THAT(Reason(CheckAttendanceTime(kNow + absl::Minutes(1), kNow)),
              HasSubstr("SESSION_NOT_STARTED"));
}

TEST(Feedback, ScoreOneToFiveAfterCompletion) {
  EXPECT_TRUE(CheckFeedback(1, "", true).ok());
  EXPECT_TRUE(CheckFeedback(5, "Heel nuttig!\nDank.", true).ok());
  EXPECT_THAT(CheckFeedback(0, "", true).message(), HasSubstr("score"));
  EXPECT_THAT(CheckFeedback(6, "", true).message(), HasSubstr("score"));
  EXPECT_THAT(CheckFeedback(3, std::string(2001, 'x'), true).message(),
              HasSubstr("comment"));
  EXPECT_THAT(Reason(CheckFeedback(4, "", false)), HasSubstr("NOT_COMPLETED"));
}

RecordRow Row(const std::string& id, const std::string& title, int centis,
              const char* utc) {
  RecordRow r;
  r.activity_id = id;
  r.title = title;
  r.kind = v1::SKILLS_LAB;
  r.owner = "partnerships/opleidingshuis";
  r.hours_centis = centis;
  absl::Time t;
  std::string err;
  absl::ParseTime("%Y-%m-%d %H:%M", utc, absl::UTCTimeZone(), &t, &err);
  r.completion_time = t;
  return r;
}

TEST(Record, TotalsPerSchoolYearNewestFirst) {
  auto record = BuildRecord(
      "noor", {Row("a", "Lab oudergesprekken", 300, "2025-09-10 15:00"),
               Row("b", "Intervisie", 150, "2026-07-31 21:00"),
               Row("c", "Symposium", 525, "2026-08-20 12:00")});
  EXPECT_EQ(record.name(), "people/noor/developmentRecord");
  ASSERT_EQ(record.entries_size(), 3);
  EXPECT_EQ(record.entries(0).activity(), "activities/c");
  EXPECT_EQ(record.entries(0).school_year(), "2026-2027");
  EXPECT_EQ(record.entries(1).completion_date(), "2026-07-31");
  ASSERT_EQ(record.years_size(), 2);
  EXPECT_EQ(record.years(0).school_year(), "2026-2027");
  EXPECT_DOUBLE_EQ(record.years(0).hours(), 5.25);
  EXPECT_EQ(record.years(1).school_year(), "2025-2026");
  EXPECT_DOUBLE_EQ(record.years(1).hours(), 4.5);
  EXPECT_EQ(record.years(1).activities(), 2);
  EXPECT_DOUBLE_EQ(record.total_hours(), 9.75);
}

TEST(Record, CompletionsMatchNamesOrTitles) {
  std::vector<RecordRow> rows = {
      Row("lab-1", "Lab oudergesprekken", 300, "2025-09-10 15:00"),
      Row("lab-2", "Lab oudergesprekken", 300, "2026-02-10 15:00")};
  auto results = MatchCompletions({"activities/lab-1", " lab OUDERGESPREKKEN ",
                                   "activities/nope", "Symposium"},
                                  rows);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].completed());
  EXPECT_EQ(results[0].activity(), "activities/lab-1");
  EXPECT_TRUE(results[1].completed());
  EXPECT_EQ(results[1].activity(), "activities/lab-2");  // the latest
  EXPECT_EQ(results[1].requested(), " lab OUDERGESPREKKEN ");
  EXPECT_FALSE(results[2].completed());
  EXPECT_FALSE(results[3].completed());
  EXPECT_EQ(results[3].activity(), "");
}

}  // namespace
}  // namespace samen::professionalisation

// Names, the Europe/Amsterdam calendar and activity validation.

#include "services/professionalisation/activity_rules.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/timestamp.h"

namespace samen::professionalisation {
namespace {

using ::testing::HasSubstr;

absl::Time Utc(const char* text) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(
      absl::ParseTime("%Y-%m-%d %H:%M", text, absl::UTCTimeZone(), &t, &err))
      << err;
  return t;
}

v1::Activity ValidActivity() {
  v1::Activity a;
  a.set_owner("partnerships/osof");
  a.set_kind(v1::MENTOR_TRAINING);
  a.set_title("Werkplekbegeleiderstraining");
  a.set_capacity(20);
  a.set_hours(6);
  auto* s = a.add_sessions();
  s->set_date("2025-10-07");
  s->set_start("15:00");
  s->set_end("17:30");
  s->set_location("organisations/svol-lyceum");
  auto* t = a.add_sessions();
  t->set_date("2025-11-04");
  t->set_start("15:00");
  t->set_end("17:30");
  t->set_online(true);
  return a;
}

TEST(ProfessionalisationNames, ParsesEveryResourceName) {
  EXPECT_EQ(*ParseActivityName("activities/wpb-2025", "name"), "wpb-2025");
  EXPECT_FALSE(ParseActivityName("activity/wpb", "name").ok());
  auto e = ParseEnrolmentName("activities/wpb/enrolments/starter-noor", "name");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->activity_id, "wpb");
  EXPECT_EQ(e->person_id, "starter-noor");
  EXPECT_FALSE(ParseEnrolmentName("activities/wpb/enrolments/", "name").ok());
  EXPECT_FALSE(ParseEnrolmentName("activities/wpb/people/x", "name").ok());
  auto s = ParseSessionName("activities/wpb/sessions/s1", "session");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->session_id, "s1");
  EXPECT_EQ(*ParseRecordName("people/a.b@c/developmentRecord", "name"),
            "a.b@c");
  EXPECT_FALSE(ParseRecordName("people/x/record", "name").ok());
  EXPECT_EQ(*ParseFeedbackSummaryName("activities/wpb/feedbackSummary", "n"),
            "wpb");
  auto owner = ParseOwner("organisations/svol-lyceum", "owner");
  ASSERT_TRUE(owner.ok());
  EXPECT_FALSE(owner->partnership);
  EXPECT_EQ(owner->name(), "organisations/svol-lyceum");
  EXPECT_TRUE(ParseOwner("partnerships/osof", "owner")->partnership);
  auto bad = ParseOwner("people/x", "activity.owner");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("activity.owner"));
}

TEST(AmsterdamCalendar, LocalTimesFollowSummerAndWinterTime) {
  // Winter: UTC+1; summer: UTC+2.
  EXPECT_EQ(*LocalTime("2026-01-15", "09:00", "s.start"),
            Utc("2026-01-15 08:00"));
  EXPECT_EQ(*LocalTime("2026-06-15", "09:00", "s.start"),
            Utc("2026-06-15 07:00"));
  // The Sunday clocks go forward (29 March 2026): 02:30 does not exist.
  auto skipped = LocalTime("2026-03-29", "02:30", "activity.sessions[0].start");
  EXPECT_EQ(skipped.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(skipped.status().message(), HasSubstr("does not exist"));
  // The Sunday clocks go back (25 October 2026): 02:30 happens twice; the
  // first (summer time, UTC+2) counts.
  EXPECT_EQ(*LocalTime("2026-10-25", "02:30", "s.start"),
            Utc("2026-10-25 00:30"));
  auto bad_date =
      LocalTime("2026-02-30", "09:00", "activity.sessions[1].start");
  EXPECT_THAT(bad_date.status().message(),
              HasSubstr("activity.sessions[1].date"));
  EXPECT_FALSE(LocalTime("2026-01-15", "9:00", "s.start").ok());
  EXPECT_FALSE(LocalTime("2026-01-15", "24:00", "s.start").ok());
}

TEST(AmsterdamCalendar, StartOfDayAndDatesAreLocal) {
  // 23:30 UTC on 14 June is already 15 June in Amsterdam.
  EXPECT_EQ(LocalDate(Utc("2026-06-14 23:30")), "2026-06-15");
  EXPECT_EQ(StartOfLocalDay(Utc("2026-06-15 10:00")), Utc("2026-06-14 22:00"));
  EXPECT_EQ(StartOfLocalDay(Utc("2026-01-15 10:00")), Utc("2026-01-14 23:00"));
  // On the day clocks go forward, midnight is still UTC+1.
  EXPECT_EQ(StartOfLocalDay(Utc("2026-03-29 12:00")), Utc("2026-03-28 23:00"));
  EXPECT_EQ(LocalDateTime(Utc("2026-06-15 13:05")), "2026-06-15 15:05");
}

TEST(AmsterdamCalendar, SchoolYearTurnsOnTheFirstOfAugustLocal) {
  EXPECT_EQ(SchoolYear(Utc("2026-07-31 21:59")), "2025-2026");
  // 22:00 UTC on 31 July is midnight on 1 August in Amsterdam.
  EXPECT_EQ(SchoolYear(Utc("2026-07-31 22:00")), "2026-2027");
  EXPECT_EQ(SchoolYear(Utc("2027-01-10 12:00")), "2026-2027");
}

TEST(AmsterdamCalendar, CatalogueRangeCoversWholeLocalDays) {
  const absl::Time now = Utc("2026-05-01 10:00");
  auto none = CatalogueRange("", "", now);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->from, now);
  EXPECT_EQ(none->to, absl::InfiniteFuture());
  auto both = CatalogueRange("2026-06-01", "2026-06-30", now);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->from, Utc("2026-05-31 22:00"));
  EXPECT_EQ(both->to, Utc("2026-06-30 22:00"));
  auto from_only = CatalogueRange("2026-01-01", "", now);
  EXPECT_EQ(from_only->from, Utc("2025-12-31 23:00"));
  EXPECT_EQ(from_only->to, absl::InfiniteFuture());
  EXPECT_THAT(
      CatalogueRange("2026-06-30", "2026-06-01", now).status().message(),
      HasSubstr("end_date"));
  EXPECT_THAT(CatalogueRange("30-06-2026", "", now).status().message(),
              HasSubstr("start_date"));
}

TEST(ActivityValidation, AcceptsAValidActivityAndResolvesSessions) {
  v1::Activity a = ValidActivity();
  ASSERT_TRUE(ValidateAndResolveActivity(&a, "wpb", "activity").ok());
  ASSERT_EQ(a.sessions_size(), 2);
  EXPECT_EQ(a.sessions(0).id(), "s1");
  EXPECT_EQ(a.sessions(1).id(), "s2");
  EXPECT_EQ(a.sessions(0).name(), "activities/wpb/sessions/s1");
  // 7 October: summer time, 15:00 local = 13:00 UTC.
  EXPECT_EQ(FromTimestamp(a.sessions(0).start_time()), Utc("2025-10-07 13:00"));
  // 4 November: winter time, 17:30 local = 16:30 UTC.
  EXPECT_EQ(FromTimestamp(a.end_time()), Utc("2025-11-04 16:30"));
  EXPECT_EQ(FromTimestamp(a.start_time()), Utc("2025-10-07 13:00"));
}

TEST(ActivityValidation, GeneratedSessionIdsAvoidGivenOnes) {
  v1::Activity a = ValidActivity();
  a.mutable_sessions(1)->set_id("s1");
  ASSERT_TRUE(ValidateAndResolveActivity(&a, "wpb", "activity").ok());
  EXPECT_EQ(a.sessions(0).id(), "s2");
  EXPECT_EQ(a.sessions(1).id(), "s1");
  a.mutable_sessions(0)->set_id("s1");
  EXPECT_THAT(ValidateAndResolveActivity(&a, "wpb", "activity").message(),
              HasSubstr("used twice"));
}

TEST(ActivityValidation, RefusesEachBadFieldByName) {
  struct Case {
    std::function<void(v1::Activity*)> spoil;
    const char* field;
  };
  const std::vector<Case> cases = {
      {[](v1::Activity* a) { a->clear_owner(); }, "activity.owner"},
      {[](v1::Activity* a) { a->set_owner("schools/x"); }, "activity.owner"},
      {[](v1::Activity* a) { a->set_kind(v1::ACTIVITY_KIND_UNSPECIFIED); },
       "activity.kind"},
      {[](v1::Activity* a) { a->clear_title(); }, "activity.title"},
      {[](v1::Activity* a) { a->set_title(std::string(201, 'x')); },
       "activity.title"},
      {[](v1::Activity* a) {
         a->set_description(
             "a\x01"
             "b");
       },
       "activity.description"},
      {[](v1::Activity* a) { a->add_audiences(v1::AUDIENCE_UNSPECIFIED); },
       "activity.audiences[0]"},
      {[](v1::Activity* a) {
         a->add_themes("Oudergesprekken");
         a->add_themes("oudergesprekken");
       },
       "activity.themes[1]"},
      {[](v1::Activity* a) { a->clear_sessions(); }, "activity.sessions"},
      {[](v1::Activity* a) { a->mutable_sessions(0)->set_end("14:00"); },
       "activity.sessions[0].end"},
      {[](v1::Activity* a) { a->mutable_sessions(0)->set_date("2025-13-01"); },
       "activity.sessions[0].date"},
      {[](v1::Activity* a) { a->mutable_sessions(0)->clear_location(); },
       "activity.sessions[0].location"},
      {[](v1::Activity* a) {
         a->mutable_sessions(1)->set_location("partnerships/osof");
       },
       "activity.sessions[1].location"},
      {[](v1::Activity* a) { a->set_capacity(0); }, "activity.capacity"},
      {[](v1::Activity* a) { a->set_capacity(10001); }, "activity.capacity"},
      {[](v1::Activity* a) { a->set_hours(2.1); }, "activity.hours"},
      {[](v1::Activity* a) { a->set_hours(-1); }, "activity.hours"},
      {[](v1::Activity* a) { a->mutable_series()->set_max_per_person(2); },
       "activity.series.id"},
      {[](v1::Activity* a) {
         a->mutable_series()->set_id("labs");
         a->mutable_series()->set_max_per_person(-1);
       },
       "activity.series.max_per_person"},
      {[](v1::Activity* a) { a->set_required_sessions(3); },
       "activity.required_sessions"},
  };
  for (const auto& c : cases) {
    v1::Activity a = ValidActivity();
    c.spoil(&a);
    absl::Status s = ValidateAndResolveActivity(&a, "wpb", "activity");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(s.message(), HasSubstr(c.field));
  }
}

TEST(ActivityValidation, QuarterHoursAndMultiLineDescriptionsAreFine) {
  v1::Activity a = ValidActivity();
  a.set_hours(2.75);
  a.set_description("Regel één\nRegel twee\twith a tab");
  EXPECT_TRUE(ValidateAndResolveActivity(&a, "wpb", "activity").ok());
  EXPECT_EQ(HoursToCentis(2.75), 275);
  EXPECT_DOUBLE_EQ(CentisToHours(275), 2.75);
}

TEST(ActivityValidation, CreateDefaultsComeFromTheFirstSession) {
  v1::Activity a = ValidActivity();
  ASSERT_TRUE(ValidateAndResolveActivity(&a, "wpb", "activity").ok());
  const absl::Time now = Utc("2025-09-01 08:00");
  ApplyCreateDefaults(&a, now);
  EXPECT_EQ(FromTimestamp(a.enrolment_open_time()), now);
  EXPECT_EQ(FromTimestamp(a.enrolment_close_time()), Utc("2025-10-07 13:00"));
  // Midnight before 7 October, Amsterdam summer time.
  EXPECT_EQ(FromTimestamp(a.cancellation_deadline()), Utc("2025-10-06 22:00"));
  EXPECT_TRUE(CheckEnrolmentTimes(a, "activity").ok());
  ToTimestamp(now - absl::Hours(1), a.mutable_enrolment_close_time());
  EXPECT_THAT(CheckEnrolmentTimes(a, "activity").message(),
              HasSubstr("activity.enrolment_close_time"));
}

TEST(ActivityValidation, CapacityCannotDropBelowPlacesTaken) {
  EXPECT_TRUE(CheckCapacity(30, 30).ok());
  EXPECT_TRUE(CheckCapacity(31, 30).ok());
  absl::Status s = CheckCapacity(29, 30);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("30 places"));
}

TEST(ActivityValidation, OwnerCannotBeUpdated) {
  const auto& fields = UpdatableActivityFields();
  EXPECT_EQ(std::count(fields.begin(), fields.end(), "owner"), 0);
  EXPECT_EQ(std::count(fields.begin(), fields.end(), "capacity"), 1);
  EXPECT_EQ(std::count(fields.begin(), fields.end(), "enrolled_count"), 0);
}

}  // namespace
}  // namespace samen::professionalisation

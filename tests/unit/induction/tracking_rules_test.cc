// HR tracking: at-risk rules at their boundaries, counts per school and
// cohort, and a CSV that a CSV parser reads back field for field.

#include "services/induction/tracking_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::induction {
namespace {

using ::testing::ElementsAre;

absl::Time Utc(const char* text) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, text, &t, &err)) << err;
  return t;
}

v1::StarterTracking Active(int used, int quota) {
  v1::StarterTracking row;
  row.set_status(v1::Starter::ACTIVE);
  row.set_sessions_used(used);
  row.set_sessions_quota(quota);
  return row;
}

// Year 1 starts 2029-08-20 (local midnight = 2029-08-19T22:00:00Z).
TrackingFacts Facts() {
  TrackingFacts f;
  f.start_date = absl::CivilDay(2029, 8, 20);
  f.current_year = 1;
  f.at_risk_weeks = 6;
  return f;
}

TEST(AtRisk, NoContactForTheConfiguredWeeks) {
  auto f = Facts();
  f.last_contact = Utc("2029-09-01T10:00:00Z");
  auto row = Active(1, 8);
  AssessRisk(f, Utc("2029-10-13T09:59:59Z"), &row);  // 6 weeks - 1 s
  EXPECT_FALSE(row.at_risk());
  AssessRisk(f, Utc("2029-10-13T10:00:00Z"), &row);
  EXPECT_TRUE(row.at_risk());
  EXPECT_THAT(row.risk_reasons(), ElementsAre(v1::NO_RECENT_CONTACT));
}

TEST(AtRisk, RepeatedNoShowsAndQuotaBehindSchedule) {
  auto f = Facts();
  f.last_contact = Utc("2030-02-10T10:00:00Z");
  f.no_shows = 2;
  // Half a year gone, 8 sessions: 4 expected, fewer than 2 used is behind.
  auto row = Active(1, 8);
  AssessRisk(f, Utc("2030-02-18T12:00:00Z"), &row);
  EXPECT_THAT(row.risk_reasons(),
              ElementsAre(v1::REPEATED_NO_SHOWS, v1::QUOTA_BEHIND_SCHEDULE));
  // Just under half the year gone: 2 used is exactly half of the 4 expected.
  row = Active(2, 8);
  f.no_shows = 1;
  AssessRisk(f, Utc("2030-02-17T12:00:00Z"), &row);
  EXPECT_FALSE(row.at_risk());
  AssessRisk(f, Utc("2030-02-19T12:00:00Z"), &row);
  EXPECT_THAT(row.risk_reasons(), ElementsAre(v1::QUOTA_BEHIND_SCHEDULE));
}

TEST(AtRisk, OnlyActiveStartersAreFlagged) {
  auto f = Facts();
  auto row = Active(0, 8);
  row.set_status(v1::Starter::PAUSED);
  AssessRisk(f, Utc("2030-06-01T00:00:00Z"), &row);
  EXPECT_FALSE(row.at_risk());
}

TEST(CoachingUsage, IsTheRowsCountsWithWhatIsLeft) {
  auto row = Active(3, 8);
  row.set_current_year(2);
  row.set_sessions_held(2);
  row.mutable_next_booking_time()->set_seconds(1900000000);
  const v1::CoachingUsage usage = UsageOf(row);
  EXPECT_EQ(usage.programme_year(), 2);
  EXPECT_EQ(usage.sessions_quota(), 8);
  EXPECT_EQ(usage.sessions_used(), 3);
  EXPECT_EQ(usage.sessions_held(), 2);
  EXPECT_EQ(usage.sessions_left(), 5);
  EXPECT_EQ(usage.next_booking_time().seconds(), 1900000000);
  EXPECT_FALSE(UsageOf(Active(0, 8)).has_next_booking_time());
}

TEST(CoachingUsage, NothingIsLeftOnceTheQuotaIsUsedOrExceeded) {
  EXPECT_EQ(UsageOf(Active(8, 8)).sessions_left(), 0);
  // A quota lowered after sessions were booked never shows a negative.
  EXPECT_EQ(UsageOf(Active(9, 6)).sessions_left(), 0);
  EXPECT_EQ(UsageOf(Active(7, 8)).sessions_left(), 1);
}

TEST(TrackingCounts, PerSchoolAndCohort) {
  std::vector<v1::StarterTracking> rows(3);
  rows[0].set_school("organisations/a");
  rows[0].set_start_date("2029-08-20");
  rows[0].set_status(v1::Starter::ACTIVE);
  rows[0].set_at_risk(true);
  rows[1] = rows[0];
  rows[1].set_status(v1::Starter::LEFT);
  rows[1].set_at_risk(false);
  rows[2] = rows[0];
  rows[2].set_start_date("2030-08-19");
  auto counts = CountBySchoolAndCohort(rows);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].cohort(), 2029);
  EXPECT_EQ(counts[0].starters(), 2);
  EXPECT_EQ(counts[0].active(), 1);
  EXPECT_EQ(counts[0].left(), 1);
  EXPECT_EQ(counts[0].at_risk(), 1);
  EXPECT_EQ(counts[1].cohort(), 2030);
}

// A small RFC 4180 parser, independent of the writer.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  bool in_quotes = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty() && field.empty()) {
    rows.pop_back();
  }
  return rows;
}

TEST(TrackingCsv, StartsWithABomAndRoundTripsThroughAParser) {
  v1::StarterTracking r;
  r.set_starter("starters/starter-sanne");
  r.set_display_name("Sanne \"Zij-instromer\" Mulder, Coöperatie ë");
  r.set_school("organisations/rijnmond-vo-maassluis");
  r.set_programme("programmes/rijnmond");
  r.set_kind(v1::CAREER_CHANGER);
  r.set_start_date("2029-08-20");
  r.set_current_year(1);
  r.set_status(v1::Starter::ACTIVE);
  r.set_sessions_used(3);
  r.set_sessions_quota(12);
  r.set_at_risk(true);
  r.add_risk_reasons(v1::NO_RECENT_CONTACT);
  v1::StarterTracking formula = r;
  formula.set_display_name("=HYPERLINK(\"x\")\nline two");
  std::string csv = TrackingCsv({r, formula});
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  auto rows = ParseCsv(csv.substr(3));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "starter");
  EXPECT_EQ(rows[0].size(), 17u);
  ASSERT_EQ(rows[1].size(), 17u);
  EXPECT_EQ(rows[1][1], r.display_name());
  EXPECT_EQ(rows[1][4], "career changer");
  EXPECT_EQ(rows[1][8], "3");
  EXPECT_EQ(rows[1][15], "yes");
  EXPECT_EQ(rows[1][16], "NO_RECENT_CONTACT");
  // A formula is neutralised, the rest of the value kept verbatim.
  EXPECT_EQ(rows[2][1], "'" + formula.display_name());
}

}  // namespace
}  // namespace samen::induction

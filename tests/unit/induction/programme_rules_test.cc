// Programmes: validation, quotas per year and per kind of starter (maatwerk),
// update masks; starters: validation.

#include "services/induction/programme_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/resource/field_mask.h"

namespace samen::induction {
namespace {

using ::testing::HasSubstr;

v1::Programme TwoYears() {
  v1::Programme p;
  p.set_display_name("Begeleiding startende leraren");
  p.set_owner("partnerships/osof");
  p.set_duration_years(2);
  auto* y1 = p.add_years();
  y1->set_year(1);
  y1->set_coaching_sessions(8);
  y1->set_lesson_visits(3);
  y1->add_learning_arrangements("Klassenmanagement");
  auto* y2 = p.add_years();
  y2->set_year(2);
  y2->set_coaching_sessions(4);
  y2->set_lesson_visits(2);
  auto* v = p.add_variants();
  v->set_kind(v1::CAREER_CHANGER);
  auto* vy = v->add_years();
  vy->set_year(1);
  vy->set_coaching_sessions(12);
  vy->set_lesson_visits(5);
  return p;
}

TEST(ProgrammeRules, AcceptsAValidProgramme) {
  EXPECT_TRUE(ValidateProgramme(TwoYears()).ok());
}

TEST(ProgrammeRules, NeedsEveryYearOnceAndAKnownOwner) {
  auto p = TwoYears();
  p.mutable_years()->RemoveLast();
  EXPECT_THAT(ValidateProgramme(p).message(), HasSubstr("programme.years"));
  p = TwoYears();
  p.mutable_years(1)->set_year(1);
  EXPECT_THAT(ValidateProgramme(p).message(), HasSubstr("twice"));
  p = TwoYears();
  p.set_duration_years(4);
  EXPECT_THAT(ValidateProgramme(p).message(), HasSubstr("duration_years"));
  p = TwoYears();
  p.set_owner("people/x");
  EXPECT_THAT(ValidateProgramme(p).message(), HasSubstr("programme.owner"));
  p = TwoYears();
  p.mutable_variants(0)->set_kind(v1::STARTER_KIND_UNSPECIFIED);
  EXPECT_THAT(ValidateProgramme(p).message(), HasSubstr("variants[0].kind"));
  p = TwoYears();
  p.mutable_booking_policy()->mutable_minimum_notice()->set_seconds(-1);
  EXPECT_THAT(ValidateProgramme(p).message(), HasSubstr("minimum_notice"));
}

TEST(ProgrammeRules, VariantYearsOverrideAndFallBack) {
  auto p = TwoYears();
  EXPECT_EQ(QuotaFor(p, v1::NEWLY_GRADUATED, 1).coaching_sessions, 8);
  EXPECT_EQ(QuotaFor(p, v1::CAREER_CHANGER, 1).coaching_sessions, 12);
  EXPECT_EQ(QuotaFor(p, v1::CAREER_CHANGER, 1).lesson_visits, 5);
  EXPECT_EQ(QuotaFor(p, v1::CAREER_CHANGER, 2).coaching_sessions, 4);
  EXPECT_EQ(QuotaFor(p, v1::CAREER_CHANGER, 3).coaching_sessions, 0);
  EXPECT_EQ(AtRiskWeeks(p), 6);
  p.set_at_risk_after_weeks(3);
  EXPECT_EQ(AtRiskWeeks(p), 3);
}

TEST(ProgrammeRules, ImpliedMaskTakesSetFieldsAndUnknownPathsAreRejected) {
  v1::Programme patch;
  patch.set_display_name("Nieuw");
  auto mask = resource::EffectiveMask({}, patch, UpdatableProgrammeFields());
  ASSERT_TRUE(mask.ok());
  ASSERT_EQ(mask->paths_size(), 1);
  EXPECT_EQ(mask->paths(0), "display_name");
  auto target = TwoYears();
  resource::ApplyMask(*mask, patch, &target);
  EXPECT_EQ(target.display_name(), "Nieuw");
  EXPECT_EQ(target.years_size(), 2);

  google::protobuf::FieldMask bad;
  bad.add_paths("owner");
  EXPECT_THAT(resource::EffectiveMask(bad, patch, UpdatableProgrammeFields())
                  .status()
                  .message(),
              HasSubstr("update_mask"));
}

TEST(StarterRules, ValidatesYearStatusCoachesAndDate) {
  v1::Starter s;
  s.set_start_date("2029-08-19");
  s.set_current_year(1);
  s.set_status(v1::Starter::ACTIVE);
  s.add_coaches("people/coach-ilse");
  EXPECT_TRUE(ValidateStarter(s, 2).ok());
  s.set_current_year(3);
  EXPECT_THAT(ValidateStarter(s, 2).message(), HasSubstr("current_year"));
  s.set_current_year(1);
  s.add_coaches("people/coach-ilse");
  EXPECT_THAT(ValidateStarter(s, 2).message(), HasSubstr("twice"));
  s.mutable_coaches()->RemoveLast();
  s.set_start_date("2029-02-30");
  EXPECT_THAT(ValidateStarter(s, 2).message(), HasSubstr("start_date"));
}

}  // namespace
}  // namespace samen::induction

// Funding regulations applied to counted students: tiers, the cap above 380,
// the distance to the next tier, the per-student model, and the distribution
// over partners.

#include "services/partners/funding_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::partners::funding {
namespace {

using ::testing::HasSubstr;

// The demo tier table of migration 0010 (300 and the cap above 380 from the
// seeds; the other amounts are placeholders).
Regulation Staffel() {
  Regulation r;
  r.id = "tkao-staffel-v1";
  r.model = Model::kTiered;
  r.tiers = {{20, 60000},   {60, 120000},  {100, 180000}, {150, 250000},
             {200, 320000}, {250, 380000}, {300, 440000}, {381, 500000}};
  r.cap_euros = 500000;
  return r;
}

TEST(FundingRules, BelowTheFirstTierThereIsNothing) {
  auto f = ForecastFor(Staffel(), 19);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->amount_euros, 0);
  EXPECT_EQ(f->next_tier_students, 20);
  EXPECT_EQ(f->students_to_next_tier, 1);
  EXPECT_EQ(f->next_tier_amount_euros, 60000);
}

TEST(FundingRules, AddingStudentsChangesTheTier) {
  auto before = ForecastFor(Staffel(), 290);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->amount_euros, 380000);
  EXPECT_EQ(before->next_tier_students, 300);
  EXPECT_EQ(before->students_to_next_tier, 10);
  auto after = ForecastFor(Staffel(), 300);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->amount_euros, 440000);
  EXPECT_EQ(after->next_tier_students, 381);
}

TEST(FundingRules, AboveThreeHundredEightyTheCapHolds) {
  auto at = ForecastFor(Staffel(), 380);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->amount_euros, 440000);
  EXPECT_FALSE(at->capped);
  EXPECT_EQ(at->students_to_next_tier, 1);
  for (int n : {381, 450, 2000}) {
    auto f = ForecastFor(Staffel(), n);
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->amount_euros, 500000) << n;
    EXPECT_TRUE(f->capped) << n;
    EXPECT_EQ(f->next_tier_students, 0) << n;
  }
}

TEST(FundingRules, CapAppliesToTiersAboveIt) {
  Regulation r = Staffel();
  r.cap_euros = 400000;
  auto f = ForecastFor(r, 310);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->amount_euros, 400000);
  EXPECT_TRUE(f->capped);
  EXPECT_EQ(f->next_tier_students, 0);
}

TEST(FundingRules, PerStudentModelCapsToo) {
  Regulation r;
  r.model = Model::kPerStudent;
  r.per_student_euros = 1300;
  r.cap_euros = 500000;
  auto f = ForecastFor(r, 100);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->amount_euros, 130000);
  EXPECT_EQ(f->next_tier_amount_euros, 131300);
  auto capped = ForecastFor(r, 400);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->amount_euros, 500000);
  EXPECT_TRUE(capped->capped);
}

TEST(FundingRules, RejectsUnorderedTiersAndNegativeCounts) {
  Regulation r = Staffel();
  std::swap(r.tiers[0], r.tiers[1]);
  EXPECT_THAT(ForecastFor(r, 10).status().message(), HasSubstr("tiers[1]"));
  EXPECT_THAT(ForecastFor(Staffel(), -1).status().message(),
              HasSubstr("counted_students"));
}

TEST(FundingRules, DistributesByKeyAndHandsOutTheRemainder) {
  auto shares = Distribute(100000, {{"a", 2}, {"b", 1}, {"c", 0}});
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_EQ(shares[0].amount_euros, 66667);
  EXPECT_EQ(shares[1].amount_euros, 33333);
  EXPECT_EQ(shares[2].amount_euros, 0);
  auto none = Distribute(100000, {{"a", 0}});
  EXPECT_EQ(none[0].amount_euros, 0);
}

}  // namespace
}  // namespace samen::partners::funding

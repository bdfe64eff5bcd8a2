// Pure placement rules: travel from coordinates, what each rule costs, which
// hard rules forbid a school, and the round's input checks.

#include "services/partners/placement_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::partners::placement {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

constexpr GeoPoint kUtrecht{52.0907, 5.1214};
constexpr GeoPoint kAmsterdam{52.3676, 4.9041};
constexpr GeoPoint kZwolle{52.5168, 6.0830};
constexpr GeoPoint kKampen{52.5550, 5.9114};

TEST(PlacementRules, HaversineMatchesKnownDistances) {
  EXPECT_NEAR(HaversineKm(kUtrecht, kAmsterdam), 34.6, 0.5);
  EXPECT_NEAR(HaversineKm(kZwolle, kKampen), 12.3, 0.5);
  EXPECT_DOUBLE_EQ(HaversineKm(kZwolle, kZwolle), 0);
}

TEST(PlacementRules, TravelMinutesRoundUpAtTheRulesSpeed) {
  Rules r;
  r.travel_speed_kmh = 40;
  // 12.3 km at 40 km/h is 18.5 minutes: 19.
  EXPECT_EQ(TravelMinutes(r, kZwolle, kKampen), 19);
  EXPECT_EQ(TravelMinutes(r, kZwolle, kZwolle), 0);
}

School Vo(std::string id) {
  School s;
  s.id = std::move(id);
  s.location = kZwolle;
  s.places[Category::kHboFullTime] = 3;
  s.mentors = 3;
  return s;
}

Student Near(std::vector<std::string> prefs) {
  Student s;
  s.id = "s";
  s.home = kZwolle;
  s.programme_year = 2;
  s.preferences = std::move(prefs);
  return s;
}

TEST(PlacementRules, CostsFollowPreferenceRank) {
  Rules r;
  EXPECT_EQ(Assess(r, Near({"a", "b"}), Vo("a")).cost, 0);
  Assessment second = Assess(r, Near({"a", "b"}), Vo("b"));
  EXPECT_EQ(second.cost, r.preference_step);
  EXPECT_EQ(second.preference_rank, 2);
  Assessment none = Assess(r, Near({"a"}), Vo("c"));
  EXPECT_EQ(none.cost, r.unpreferred);
  EXPECT_THAT(none.reasons, Contains("not among the preferences"));
}

TEST(PlacementRules, PartnerSchoolsFirst) {
  Rules r;
  School cooperating = Vo("a");
  cooperating.partner = false;
  EXPECT_EQ(Assess(r, Near({"a"}), cooperating).cost, r.non_partner);
}

TEST(PlacementRules, VocationalFitsBetterFromYearThree) {
  Rules r;
  School mbo = Vo("m");
  mbo.sector = Sector::kVocational;
  Student s = Near({"m"});
  EXPECT_EQ(Assess(r, s, mbo).cost, r.early_vocational);
  s.programme_year = 3;
  EXPECT_EQ(Assess(r, s, mbo).cost, 0);
}

TEST(PlacementRules, SameSectorAsLastYearCostsALittle) {
  Rules r;
  Student s = Near({"a"});
  s.has_last_sector = true;
  s.last_sector = Sector::kSecondary;
  s.last_school = "old";
  Assessment a = Assess(r, s, Vo("a"));
  EXPECT_EQ(a.cost, r.same_sector);
  EXPECT_THAT(a.reasons, Contains("a different school than last year"));
}

TEST(PlacementRules, HardRulesForbidASchool) {
  Rules r;
  Student s = Near({"a"});
  s.last_school = "a";
  Assessment again = Assess(r, s, Vo("a"));
  EXPECT_FALSE(again.allowed);
  EXPECT_THAT(again.blocked_by, HasSubstr("rotation.school"));

  School far = Vo("far");
  far.location = kAmsterdam;  // ~100 km from Zwolle: > 90 min at 40 km/h
  Assessment too_far = Assess(r, Near({"far"}), far);
  EXPECT_FALSE(too_far.allowed);
  EXPECT_THAT(too_far.blocked_by, HasSubstr("travel.max"));

  Student pabo = Near({"a"});
  pabo.category = Category::kPabo;
  EXPECT_THAT(Assess(r, pabo, Vo("a")).blocked_by,
              HasSubstr("capacity.category"));
}

TEST(PlacementRules, ValidateRoundNamesTheWrongField) {
  Rules r;
  r.max_preferences = 2;
  std::vector<School> schools = {Vo("a"), Vo("b"), Vo("c")};
  auto code = [&](std::vector<Student> st, std::vector<DuoPair> d = {}) {
    return ValidateRound(r, st, schools, d);
  };
  EXPECT_TRUE(code({Near({"a", "b"})}).ok());
  EXPECT_THAT(code({Near({"a", "b", "c"})}).message(),
              HasSubstr("students[0].preferences: names 3 schools; at most 2"));
  EXPECT_THAT(code({Near({"a", "a"})}).message(),
              HasSubstr("students[0].preferences[1]: names a school twice"));
  Student y0 = Near({});
  y0.programme_year = 0;
  EXPECT_THAT(code({y0}).message(), HasSubstr("students[0].programme_year"));
  Student locked = Near({});
  locked.locked_school = "zz";
  EXPECT_THAT(code({locked}).message(),
              HasSubstr("students[0].locked_school: unknown school"));
  EXPECT_THAT(code({Near({}), Near({})}).message(),
              HasSubstr("students[1].id: \"s\" repeats"));
  Student a = Near({}), b = Near({});
  a.id = "a1";
  b.id = "b1";
  a.programme_year = b.programme_year = 1;
  EXPECT_TRUE(code({a, b}, {{"a1", "b1"}}).ok());
  EXPECT_THAT(code({a, b}, {{"a1", "b1"}, {"b1", "a1"}}).message(),
              HasSubstr("duo_pairs[1].first: student is already in a duo"));
  schools[1].mentors = -1;
  EXPECT_THAT(code({a}).message(), HasSubstr("schools[1].mentors"));
}

}  // namespace
}  // namespace samen::partners::placement

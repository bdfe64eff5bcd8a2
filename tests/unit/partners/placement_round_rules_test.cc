// Pure decisions about placement rounds: valid capacities and preferences,
// who reads placements before and after publication, and the solver input
// built from a round (preferences outside the round dropped, last year's
// school, duo pairs checked).

#include "services/partners/placement_round_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::partners {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::PlacementRound Round() {
  v1::PlacementRound r;
  r.set_school_year("2027-2028");
  for (const char* school :
       {"organisations/school-a", "organisations/school-b"}) {
    v1::SchoolCapacity* c = r.add_capacities();
    c->set_school(school);
    v1::CategoryPlaces* p = c->add_places();
    p->set_category(v1::HBO_FULL_TIME);
    p->set_places(20);
    c->set_mentors(20);
    c->set_counts_for_funding(true);
  }
  return r;
}

RoundStudent Student(const std::string& id, int year,
                     std::vector<std::string> choices) {
  RoundStudent s;
  s.student.set_name("students/" + id);
  s.student.set_partnership("partnerships/osof");
  s.student.set_category(v1::HBO_FULL_TIME);
  s.student.set_programme_year(year);
  for (const std::string& c : choices) {
    s.preference.add_choices()->set_school("organisations/" + c);
  }
  return s;
}

TEST(PlacementRoundRules, ParsesNames) {
  auto n = ParsePlacementName(
      "partnerships/osof/placementRounds/r2027/placements/st-anna", "name");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->student_id, "st-anna");
  EXPECT_EQ(PreferenceName(*n),
            "partnerships/osof/placementRounds/r2027/preferences/st-anna");
  EXPECT_FALSE(ParsePlacementRoundName("partnerships/osof", "name").ok());
}

TEST(PlacementRoundRules, ValidatesCapacitiesByField) {
  EXPECT_TRUE(ValidatePlacementRound(Round(), "placement_round").ok());
  v1::PlacementRound r = Round();
  r.mutable_capacities(1)->set_school("organisations/school-a");
  EXPECT_THAT(ValidatePlacementRound(r, "placement_round").message(),
              HasSubstr("placement_round.capacities[1].school"));
  r = Round();
  r.mutable_capacities(0)->mutable_places(0)->set_places(501);
  EXPECT_THAT(ValidatePlacementRound(r, "placement_round").message(),
              HasSubstr("capacities[0].places[0].places"));
  r = Round();
  r.set_school_year("2027");
  EXPECT_THAT(ValidatePlacementRound(r, "placement_round").message(),
              HasSubstr("placement_round.school_year"));
  r = Round();
  r.mutable_rules()->set_max_preferences(11);
  EXPECT_THAT(ValidatePlacementRound(r, "placement_round").message(),
              HasSubstr("placement_round.rules.max_preferences"));
}

TEST(PlacementRoundRules, PreferencesAreBoundedAndDistinct) {
  v1::PlacementPreference p;
  p.add_choices()->set_school("organisations/school-a");
  p.add_choices()->set_school("organisations/school-a");
  EXPECT_THAT(ValidatePreference(p, 5, "st", "preference").message(),
              HasSubstr("preference.choices[1].school"));
  p.mutable_choices()->RemoveLast();
  EXPECT_THAT(ValidatePreference(p, 0, "st", "preference").message(),
              HasSubstr("preference.choices: at most 0"));
  p.set_duo_with("students/st");
  EXPECT_THAT(ValidatePreference(p, 5, "st", "preference").message(),
              HasSubstr("preference.duo_with"));
  EXPECT_THAT(PreferenceFields(false), ElementsAre("choices"));
}

TEST(PlacementRoundRules, SchoolsAndStudentsSeeOnlyPublishedPlacements) {
  auth::Principal mentor;
  mentor.subject = "m";
  mentor.grants.push_back({"mentor", "organisations/a"});
  EXPECT_FALSE(ReadablePlacements(mentor, "osof", false).ok());
  auto after = ReadablePlacements(mentor, "osof", true);
  ASSERT_TRUE(after.ok());
  EXPECT_THAT(after->school_ids, ElementsAre("a"));
  auth::Principal hr;
  hr.grants.push_back({"hr", "organisations/a"});
  EXPECT_FALSE(ReadablePlacements(hr, "osof", true).ok());
  auth::Principal coord;
  coord.grants.push_back({"coordinator", "partnerships/osof"});
  EXPECT_TRUE(ReadablePlacements(coord, "osof", false)->all);
}

TEST(PlacementRoundRules, BuildsSolverInputFromTheRound) {
  std::map<std::string, SchoolFacts> facts = {{"school-a", {v1::VO, true}},
                                              {"school-b", {v1::MBO, false}},
                                              {"old", {v1::VO, true}}};
  RoundStudent s = Student("s1", 3, {"school-b", "elsewhere", "school-a"});
  auto* past = s.student.add_placement_history();
  past->set_school_year("2026-2027");
  past->set_school("organisations/old");
  s.locked_school_id = "gone";
  auto round = BuildSolverRound(Round(), facts, {s}, 5);
  ASSERT_TRUE(round.ok()) << round.status();
  ASSERT_EQ(round->schools.size(), 2u);
  EXPECT_TRUE(round->schools[0].partner);
  EXPECT_EQ(round->schools[1].sector, placement::Sector::kVocational);
  const placement::Student& st = round->students[0];
  EXPECT_THAT(st.preferences, ElementsAre("school-b", "school-a"));
  EXPECT_EQ(st.last_school, "old");
  EXPECT_TRUE(st.has_last_sector);
  EXPECT_TRUE(st.locked_school.empty());
  EXPECT_EQ(round->rules.time_limit_seconds, 5);
}

TEST(PlacementRoundRules, DuoPairsNeedTwoFirstYears) {
  RoundStudent a = Student("a1", 1, {});
  RoundStudent b = Student("b1", 1, {});
  a.preference.set_duo_with("students/b1");
  b.preference.set_duo_with("students/a1");
  auto ok = BuildSolverRound(Round(), {}, {a, b}, 5);
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_EQ(ok->duo_pairs.size(), 1u);
  b.student.set_programme_year(2);
  auto bad = BuildSolverRound(Round(), {}, {a, b}, 5);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(bad.status().message(), HasSubstr("preferences/a1.duo_with"));
}

}  // namespace
}  // namespace samen::partners

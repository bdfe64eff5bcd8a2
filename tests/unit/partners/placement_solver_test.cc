// The placement solver on synthetic rounds whose optimum is known: by
// construction (everyone can have their first preference; oversubscribed
// schools with a provable lower bound) or by brute force on small rounds.

#include "services/partners/placement_solver.h"

#include <algorithm>
#include <functional>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::partners::placement {
namespace {

using ::testing::HasSubstr;

// No travel component, so that costs are preference ranks and rules only.
Rules NoTravelRules() {
  Rules r;
  r.per_travel_minute = 0;
  r.max_travel_minutes = 0;
  return r;
}

School MakeSchool(std::string id, int places, int mentors,
                  Category c = Category::kHboFullTime) {
  School s;
  s.id = std::move(id);
  s.places[c] = places;
  s.mentors = mentors;
  return s;
}

Student MakeStudent(std::string id, std::vector<std::string> prefs,
                    Category c = Category::kHboFullTime) {
  Student s;
  s.id = std::move(id);
  s.category = c;
  s.programme_year = 2;
  s.preferences = std::move(prefs);
  return s;
}

TEST(PlacementSolver, EveryoneGetsTheirFirstPreferenceIn400By40) {
  Round round;
  round.rules = NoTravelRules();
  for (int j = 0; j < 40; ++j) {
    round.schools.push_back(MakeSchool(absl::StrCat("s", j), 10, 10));
  }
  for (int i = 0; i < 400; ++i) {
    round.students.push_back(MakeStudent(
        absl::StrCat("st", i),
        {absl::StrCat("s", i % 40), absl::StrCat("s", (i + 1) % 40)}));
  }
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->status, SolveStatus::kOptimal);
  EXPECT_DOUBLE_EQ(p->objective, 0);
  EXPECT_EQ(p->unplaced, 0);
  for (const Placement& pl : p->placements) {
    EXPECT_EQ(pl.preference_rank, 1) << pl.student_id;
    EXPECT_THAT(pl.reasons, ::testing::Contains("preference 1"));
  }
}

// 20 popular schools are each the first preference of 15 students and have
// 10 places; their students' second preference is a quiet school with 5
// first-preference students and 10 places. At least 5 students per popular
// school must take a lower rank, so 100 * preference_step is a lower bound,
// and it is reached.
TEST(PlacementSolver, OversubscribedSchoolsReachTheProvenBoundIn400By40) {
  Round round;
  round.rules = NoTravelRules();
  for (int j = 0; j < 40; ++j) {
    round.schools.push_back(MakeSchool(absl::StrCat("s", j), 10, 10));
  }
  int n = 0;
  for (int j = 0; j < 20; ++j) {
    for (int k = 0; k < 15; ++k) {
      round.students.push_back(
          MakeStudent(absl::StrCat("st", n++),
                      {absl::StrCat("s", j), absl::StrCat("s", j + 20)}));
    }
    for (int k = 0; k < 5; ++k) {
      round.students.push_back(
          MakeStudent(absl::StrCat("st", n++), {absl::StrCat("s", j + 20)}));
    }
  }
  ASSERT_EQ(round.students.size(), 400u);
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->status, SolveStatus::kOptimal);
  EXPECT_DOUBLE_EQ(p->objective, 100 * round.rules.preference_step);
  EXPECT_DOUBLE_EQ(p->bound, p->objective);
  EXPECT_EQ(p->unplaced, 0);
  std::map<std::string, int> taken;
  int second = 0;
  for (const Placement& pl : p->placements) {
    ++taken[pl.school_id];
    second += pl.preference_rank == 2 ? 1 : 0;
  }
  EXPECT_EQ(second, 100);
  for (const auto& [school, count] : taken) {
    EXPECT_EQ(count, 10) << school;
  }
}

// ---- brute force -----------------------------------------------------------

// The model's objective for one full assignment (school index or -1 per
// student), or -1 when it breaks a hard rule or a capacity.
long BruteCost(const Round& r, const std::vector<int>& at) {
  long cost = 0;
  std::map<std::pair<int, int>, int> used;
  std::vector<int> mentors(r.schools.size()), duos(r.schools.size());
  std::set<std::string> second;
  for (const DuoPair& d : r.duo_pairs) {
    second.insert(d.second);
  }
  for (size_t i = 0; i < at.size(); ++i) {
    if (at[i] < 0) {
      cost += r.rules.unplaced;
      continue;
    }
    Assessment a = Assess(r.rules, r.students[i], r.schools[at[i]]);
    if (!a.allowed) {
      return -1;
    }
    cost += a.cost;
    ++used[{at[i], static_cast<int>(r.students[i].category)}];
    if (second.count(r.students[i].id) == 0) {
      ++mentors[at[i]];
    }
  }
  std::map<std::string, int> index;
  for (size_t i = 0; i < r.students.size(); ++i) {
    index[r.students[i].id] = static_cast<int>(i);
  }
  for (const DuoPair& d : r.duo_pairs) {
    const int a = at[index[d.first]], b = at[index[d.second]];
    if (a >= 0) {
      ++duos[a];
    }
    if (a != b) {
      cost += (r.rules.unplaced / 10) * ((a >= 0) + (b >= 0));
    }
  }
  for (const auto& [key, n] : used) {
    if (n > r.schools[key.first].places.at(static_cast<Category>(key.second))) {
      return -1;
    }
  }
  for (size_t j = 0; j < r.schools.size(); ++j) {
    if (mentors[j] > r.schools[j].mentors ||
        duos[j] > r.schools[j].duo_places) {
      return -1;
    }
  }
  return cost;
}

long BruteForceOptimum(const Round& r) {
  const int options = static_cast<int>(r.schools.size()) + 1;
  std::vector<int> at(r.students.size(), -1);
  long best = -1;
  std::function<void(size_t)> rec = [&](size_t i) {
    if (i == at.size()) {
      const long c = BruteCost(r, at);
      if (c >= 0 && (best < 0 || c < best)) {
        best = c;
      }
      return;
    }
    for (int o = 0; o < options; ++o) {
      at[i] = o - 1;
      rec(i + 1);
    }
  };
  rec(0);
  return best;
}

Round RandomSmallRound(unsigned seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  Round r;
  r.rules.travel_speed_kmh = 30;
  r.rules.max_travel_minutes = 60;
  const Category cats[] = {Category::kHboFullTime, Category::kPabo};
  for (int j = 0; j < 3; ++j) {
    School s;
    s.id = absl::StrCat("school", j);
    s.sector = j == 2 ? Sector::kVocational : Sector::kSecondary;
    s.partner = j != 1;
    s.location = {52.0 + 0.1 * uniform(0, 4), 5.0 + 0.1 * uniform(0, 4)};
    s.places[cats[0]] = uniform(0, 3);
    s.places[cats[1]] = uniform(0, 2);
    s.mentors = uniform(1, 3);
    s.duo_places = uniform(0, 1);
    r.schools.push_back(s);
  }
  for (int i = 0; i < 6; ++i) {
    Student s;
    s.id = absl::StrCat("student", i);
    s.category = cats[uniform(0, 1)];
    s.programme_year = i < 2 ? 1 : uniform(2, 4);
    s.home = {52.0 + 0.1 * uniform(0, 4), 5.0 + 0.1 * uniform(0, 4)};
    for (int j = 0; j < 3; ++j) {
      if (uniform(0, 1) == 1) {
        s.preferences.push_back(absl::StrCat("school", j));
      }
    }
    std::shuffle(s.preferences.begin(), s.preferences.end(), rng);
    if (uniform(0, 2) == 0) {
      s.last_school = absl::StrCat("school", uniform(0, 2));
      s.has_last_sector = true;
      s.last_sector = Sector::kSecondary;
    }
    r.students.push_back(s);
  }
  if (uniform(0, 1) == 1) {
    r.duo_pairs.push_back({"student0", "student1"});
  }
  return r;
}

TEST(PlacementSolver, MatchesBruteForceOnSmallRandomRounds) {
  for (unsigned seed = 1; seed <= 25; ++seed) {
    Round round = RandomSmallRound(seed);
    const long expected = BruteForceOptimum(round);
    auto p = Solve(round);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->status, SolveStatus::kOptimal) << "seed " << seed;
    EXPECT_NEAR(p->objective, expected, 1e-6) << "seed " << seed;
    // The reported placements cost what the objective says.
    std::vector<int> at;
    for (const Placement& pl : p->placements) {
      int j = -1;
      for (size_t k = 0; k < round.schools.size(); ++k) {
        j = round.schools[k].id == pl.school_id ? static_cast<int>(k) : j;
      }
      at.push_back(j);
    }
    EXPECT_EQ(BruteCost(round, at), expected) << "seed " << seed;
  }
}

TEST(PlacementSolver, SeparateRoundsSolveConcurrently) {
  // Two coordinators' :propose calls run on two executor threads at once.
  std::vector<Round> rounds;
  for (unsigned seed = 100; seed < 104; ++seed) {
    rounds.push_back(RandomSmallRound(seed));
  }
  std::vector<double> alone;
  for (const Round& r : rounds) {
    auto p = Solve(r);
    ASSERT_TRUE(p.ok()) << p.status();
    alone.push_back(p->objective);
  }
  std::vector<double> together(rounds.size(), -1);
  std::vector<std::thread> threads;
  for (int repeat = 0; repeat < 5; ++repeat) {
    for (size_t k = 0; k < rounds.size(); ++k) {
      threads.emplace_back([&, k] {
        auto p = Solve(rounds[k]);
        together[k] = p.ok() ? p->objective : -2;
      });
    }
    for (auto& t : threads) {
      t.join();
    }
    threads.clear();
    EXPECT_EQ(together, alone) << "repeat " << repeat;
  }
}

// ---- rules and explanations -------------------------------------------------

TEST(PlacementSolver, InfeasibleRoundNamesTheCategoryCapacity) {
  Round round;
  round.rules = NoTravelRules();
  round.schools.push_back(MakeSchool("a", 15, 40, Category::kMinor));
  round.schools.push_back(MakeSchool("b", 10, 40, Category::kMinor));
  for (int i = 0; i < 30; ++i) {
    round.students.push_back(
        MakeStudent(absl::StrCat("m", i), {"a"}, Category::kMinor));
  }
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->unplaced, 5);
  ASSERT_EQ(p->blockers.size(), 1u);
  EXPECT_EQ(p->blockers[0].kind, "capacity.category");
  EXPECT_EQ(p->blockers[0].count, 5);
  EXPECT_THAT(p->blockers[0].message, HasSubstr("MINOR"));
  EXPECT_THAT(p->blockers[0].message, HasSubstr("demand 30, places 25"));
}

TEST(PlacementSolver, MentorsLimitIsReportedWhenPlacesRemain) {
  Round round;
  round.rules = NoTravelRules();
  round.schools.push_back(MakeSchool("a", 5, 2));
  for (int i = 0; i < 3; ++i) {
    round.students.push_back(MakeStudent(absl::StrCat("x", i), {"a"}));
  }
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->unplaced, 1);
  ASSERT_EQ(p->blockers.size(), 1u);
  EXPECT_EQ(p->blockers[0].kind, "capacity.mentors");
}

TEST(PlacementSolver, RotationRuleLeavesStudentWithoutSchoolAndSaysSo) {
  Round round;
  round.rules = NoTravelRules();
  round.schools.push_back(MakeSchool("only", 5, 5));
  Student s = MakeStudent("back-again", {"only"});
  s.last_school = "only";
  round.students.push_back(s);
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->unplaced, 1);
  ASSERT_EQ(p->blockers.size(), 1u);
  EXPECT_EQ(p->blockers[0].kind, "rotation.school");
}

TEST(PlacementSolver, LockedPlacementIsKeptAndOthersMoveAround) {
  Round round;
  round.rules = NoTravelRules();
  round.schools.push_back(MakeSchool("a", 1, 5));
  round.schools.push_back(MakeSchool("b", 1, 5));
  Student first = MakeStudent("first", {"a", "b"});
  Student locked = MakeStudent("locked", {"b", "a"});
  locked.locked_school = "a";
  round.students = {first, locked};
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->placements[1].school_id, "a");
  EXPECT_TRUE(p->placements[1].locked);
  EXPECT_EQ(p->placements[1].reasons.front(), "locked by the coordinator");
  EXPECT_EQ(p->placements[0].school_id, "b");
  EXPECT_EQ(p->placements[0].preference_rank, 2);
}

TEST(PlacementSolver, LocksOverCapacityAreReportedNotFailed) {
  Round round;
  round.rules = NoTravelRules();
  round.schools.push_back(MakeSchool("small", 2, 5));
  for (int i = 0; i < 3; ++i) {
    Student s = MakeStudent(absl::StrCat("l", i), {});
    s.locked_school = "small";
    round.students.push_back(s);
  }
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->unplaced, 0);
  ASSERT_EQ(p->blockers.size(), 1u);
  EXPECT_EQ(p->blockers[0].kind, "capacity.locks");
  EXPECT_THAT(p->blockers[0].message, HasSubstr("small 1 over its 2"));
}

TEST(PlacementSolver, DuoPairSharesOneMentor) {
  Round round;
  round.rules = NoTravelRules();
  School a = MakeSchool("a", 2, 1);
  a.duo_places = 1;
  round.schools.push_back(a);
  Student s1 = MakeStudent("d1", {"a"});
  Student s2 = MakeStudent("d2", {"a"});
  s1.programme_year = s2.programme_year = 1;
  round.students = {s1, s2};
  round.duo_pairs.push_back({"d1", "d2"});
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->unplaced, 0);
  EXPECT_TRUE(p->placements[0].duo);
  EXPECT_EQ(p->placements[1].school_id, "a");
  // Without the pair, one mentor takes one student.
  round.duo_pairs.clear();
  auto q = Solve(round);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->unplaced, 1);
}

TEST(PlacementSolver, VocationalPlacementGoesToTheThirdYear) {
  Round round;
  round.rules = NoTravelRules();
  School mbo = MakeSchool("mbo", 1, 1);
  mbo.sector = Sector::kVocational;
  round.schools = {MakeSchool("vo", 1, 1), mbo};
  Student y2 = MakeStudent("year2", {});
  Student y3 = MakeStudent("year3", {});
  y3.programme_year = 3;
  round.students = {y2, y3};
  auto p = Solve(round);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->placements[0].school_id, "vo");
  EXPECT_EQ(p->placements[1].school_id, "mbo");
  EXPECT_THAT(p->placements[1].reasons,
              ::testing::Contains(HasSubstr("fits rotation")));
}

TEST(PlacementSolver, RejectsUnknownPreferenceNamingTheField) {
  Round round;
  round.schools.push_back(MakeSchool("a", 1, 1));
  round.students.push_back(MakeStudent("s", {"a", "nowhere"}));
  auto p = Solve(round);
  ASSERT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(p.status().message(), HasSubstr("students[0].preferences[1]"));
}

TEST(PlacementSolver, RejectsDuoPairOfNonFirstYears) {
  Round round;
  round.schools.push_back(MakeSchool("a", 2, 1));
  round.students = {MakeStudent("p", {}), MakeStudent("q", {})};
  round.duo_pairs.push_back({"p", "q"});
  auto p = Solve(round);
  ASSERT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(p.status().message(), HasSubstr("duo_pairs[0].first"));
}

}  // namespace
}  // namespace samen::partners::placement

// One synthetic placement round solved by the real solver: `students` students
// and `schools` schools spread over a region of ~60 by 60 km around Zwolle,
// a mix of categories, sectors and partner schools, up to five preferences per
// student (mostly schools near home), a fifth placed somewhere last year and
// some first-year duo pairs; capacity about 1.15 places per student. Prints
// the size of the model, the solve time, the objective, the solver's bound
// and the gap between them.
//
//   placement_bench [students=1000] [schools=80] [seed=1] [time_limit_s=120]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "services/partners/placement_solver.h"

namespace pl = samen::partners::placement;

namespace {

pl::Round MakeRound(int students, int schools, unsigned seed) {
  std::mt19937 rng(seed);
  auto real = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  auto integer = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  const pl::Category kMix[] = {
      pl::Category::kHboFullTime,   pl::Category::kHboFullTime,
      pl::Category::kHboFullTime,   pl::Category::kHboPartTime,
      pl::Category::kCareerChanger, pl::Category::kMinor,
      pl::Category::kMaster,        pl::Category::kMboTeachingAssistant,
      pl::Category::kPabo};
  pl::Round r;
  r.rules.time_limit_seconds = 120;
  const int per_school = (students * 115 / 100) / schools + 1;
  for (int j = 0; j < schools; ++j) {
    pl::School s;
    s.id = absl::StrCat("school-", j);
    const int kind = integer(0, 9);
    s.sector = kind < 6   ? pl::Sector::kSecondary
               : kind < 8 ? pl::Sector::kVocational
               : kind < 9 ? pl::Sector::kSpecial
                          : pl::Sector::kPrimary;
    s.partner = integer(0, 9) < 8;
    s.location = {52.25 + real(0, 0.55), 5.7 + real(0, 0.9)};
    // Places per category in proportion to its share of the mix (k of 9).
    for (pl::Category c : kMix) {
      s.places[c] = 0;
    }
    for (pl::Category c : kMix) {
      s.places[c] += per_school / 9 + (integer(0, 8) < per_school % 9 ? 1 : 0);
    }
    s.mentors = per_school - integer(0, 2);
    s.duo_places = integer(0, 3);
    r.schools.push_back(s);
  }
  for (int i = 0; i < students; ++i) {
    pl::Student s;
    s.id = absl::StrCat("student-", i);
    s.category = kMix[integer(0, 8)];
    s.programme_year = integer(1, 4);
    s.home = {52.25 + real(0, 0.55), 5.7 + real(0, 0.9)};
    std::vector<std::pair<double, int>> near;
    for (int j = 0; j < schools; ++j) {
      near.emplace_back(pl::HaversineKm(s.home, r.schools[j].location), j);
    }
    std::sort(near.begin(), near.end());
    const int prefs = integer(0, 5);
    for (int k = 0; k < prefs; ++k) {
      const std::string id = r.schools[near[integer(0, 11)].second].id;
      if (std::find(s.preferences.begin(), s.preferences.end(), id) ==
          s.preferences.end()) {
        s.preferences.push_back(id);
      }
    }
    if (s.programme_year > 1 && integer(0, 4) == 0) {
      const pl::School& last = r.schools[near[integer(0, 5)].second];
      s.last_school = last.id;
      s.has_last_sector = true;
      s.last_sector = last.sector;
    }
    r.students.push_back(s);
  }
  for (int i = 0; i + 1 < students && r.duo_pairs.size() < 30u; ++i) {
    if (r.students[i].programme_year == 1 &&
        r.students[i + 1].programme_year == 1) {
      r.duo_pairs.push_back({r.students[i].id, r.students[i + 1].id});
      ++i;
    }
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const int students = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int schools = argc > 2 ? std::atoi(argv[2]) : 80;
  const unsigned seed = argc > 3 ? std::atoi(argv[3]) : 1;
  pl::Round round = MakeRound(students, schools, seed);
  if (argc > 4) {
    round.rules.time_limit_seconds = std::atof(argv[4]);
  }
  auto p = pl::Solve(round);
  if (!p.ok()) {
    std::fprintf(stderr, "solve failed: %s\n", p.status().ToString().c_str());
    return 1;
  }
  int first = 0, named = 0;
  for (const pl::Placement& pl : p->placements) {
    first += pl.preference_rank == 1 ? 1 : 0;
    named += pl.preference_rank > 0 ? 1 : 0;
  }
  const char* status = p->status == pl::SolveStatus::kOptimal    ? "optimal"
                       : p->status == pl::SolveStatus::kFeasible ? "feasible"
                                                                 : "none";
  const double gap =
      p->objective == 0 ? 0 : 100.0 * (p->objective - p->bound) / p->objective;
  std::printf(
      "round: %d students, %d schools, %zu duo pairs (seed %u)\n"
      "model: %d variables, %d constraints\n"
      "solve: %.2f s, status %s\n"
      "objective %.0f, bound %.0f, gap %.3f%%\n"
      "placed %d (first preference %d, a named preference %d), unplaced %d, "
      "blockers %zu\n",
      students, schools, round.duo_pairs.size(), seed, p->variables,
      p->constraints, p->solve_seconds, status, p->objective, p->bound, gap,
      students - p->unplaced, first, named, p->unplaced, p->blockers.size());
  for (const pl::Blocker& b : p->blockers) {
    std::printf("  blocker %s\n", b.message.c_str());
  }
  return 0;
}

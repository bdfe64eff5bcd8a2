#include "services/partners/placement_solver.h"

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "CbcModel.hpp"
#include "CglGomory.hpp"
#include "CglProbing.hpp"
#include "CoinPackedMatrix.hpp"
#include "OsiClpSolverInterface.hpp"
#include "absl/strings/str_cat.h"

namespace samen::partners::placement {
namespace {

// The MIP as plain arrays, filled column by column and row by row.
struct Mip {
  std::vector<double> cost, col_lb, col_ub;
  std::vector<bool> integer;
  std::vector<std::vector<std::pair<int, double>>> rows;
  std::vector<double> row_lb, row_ub;

  int AddColumn(double c, double lb, double ub, bool is_integer) {
    cost.push_back(c);
    col_lb.push_back(lb);
    col_ub.push_back(ub);
    integer.push_back(is_integer);
    return static_cast<int>(cost.size()) - 1;
  }
  int AddRow(std::vector<std::pair<int, double>> terms, double lb, double ub) {
    rows.push_back(std::move(terms));
    row_lb.push_back(lb);
    row_ub.push_back(ub);
    return static_cast<int>(rows.size()) - 1;
  }
};

// One candidate placement: a column of the MIP.
struct Candidate {
  int student;
  int school;
  int column;
  Assessment assessment;
  bool locked;
};

// A capacity row and its slack column, remembered for the explanation.
struct CapacityRow {
  std::string kind;  // "capacity.category", "capacity.mentors", "capacity.duo"
  int school;
  int category;  // -1 for mentors and duo rows
  int slack_column;
  std::vector<int> columns;
  int limit;
};

constexpr double kInf = 1e30;

class RoundModel {
 public:
  explicit RoundModel(const Round& round) : round_(round) {}

  absl::Status Build();
  absl::StatusOr<Proposal> SolveAndExplain();

 private:
  void AddCandidates();
  void AddAssignmentRows();
  void AddCapacityRows();
  absl::Status AddDuoRows();
  void Explain(const double* x, Proposal* out) const;
  void ExplainUnplaced(const double* x, Proposal* out) const;
  // Why student i is unplaced: a capacity kind or the rule that blocked it.
  std::string UnplacedKind(int i, const double* x) const;

  const Round& round_;
  Mip mip_;
  std::map<std::string, int> school_index_, student_index_;
  std::vector<Candidate> candidates_;
  std::vector<std::vector<int>> by_student_;  // candidate indices
  std::vector<int> unplaced_column_;          // per student
  std::vector<int> duo_partner_;              // per student, -1 if none
  std::vector<bool> duo_second_;              // shares the first's mentor
  std::vector<CapacityRow> capacity_;
  std::vector<std::pair<int, int>> split_columns_;  // (pair, column)
};

absl::Status RoundModel::Build() {
  if (absl::Status s = ValidateRound(round_.rules, round_.students,
                                     round_.schools, round_.duo_pairs);
      !s.ok()) {
    return s;
  }
  for (size_t j = 0; j < round_.schools.size(); ++j) {
    school_index_[round_.schools[j].id] = static_cast<int>(j);
  }
  for (size_t i = 0; i < round_.students.size(); ++i) {
    student_index_[round_.students[i].id] = static_cast<int>(i);
  }
  duo_partner_.assign(round_.students.size(), -1);
  duo_second_.assign(round_.students.size(), false);
  for (const DuoPair& p : round_.duo_pairs) {
    const int a = student_index_[p.first];
    const int b = student_index_[p.second];
    duo_partner_[a] = b;
    duo_partner_[b] = a;
    duo_second_[b] = true;
  }
  AddCandidates();
  AddAssignmentRows();
  AddCapacityRows();
  return AddDuoRows();
}

void RoundModel::AddCandidates() {
  by_student_.assign(round_.students.size(), {});
  for (size_t i = 0; i < round_.students.size(); ++i) {
    const Student& s = round_.students[i];
    for (size_t j = 0; j < round_.schools.size(); ++j) {
      const bool locked = s.locked_school == round_.schools[j].id;
      if (!s.locked_school.empty() && !locked) {
        continue;  // a locked student is only ever at the locked school
      }
      Assessment a = Assess(round_.rules, s, round_.schools[j]);
      if (!a.allowed && !locked) {
        continue;
      }
      const int col =
          mip_.AddColumn(a.allowed ? a.cost : 0, locked ? 1 : 0, 1, true);
      by_student_[i].push_back(static_cast<int>(candidates_.size()));
      candidates_.push_back({static_cast<int>(i), static_cast<int>(j), col,
                             std::move(a), locked});
    }
  }
}

void RoundModel::AddAssignmentRows() {
  unplaced_column_.assign(round_.students.size(), -1);
  for (size_t i = 0; i < round_.students.size(); ++i) {
    std::vector<std::pair<int, double>> terms;
    for (int c : by_student_[i]) {
      terms.emplace_back(candidates_[c].column, 1.0);
    }
    unplaced_column_[i] =
        mip_.AddColumn(round_.rules.unplaced, 0, 1, /*is_integer=*/false);
    terms.emplace_back(unplaced_column_[i], 1.0);
    mip_.AddRow(std::move(terms), 1, 1);
  }
}

void RoundModel::AddCapacityRows() {
  const size_t n = round_.schools.size();
  std::vector<std::map<int, std::vector<int>>> by_category(n);
  std::vector<std::vector<int>> mentors(n), duos(n);
  for (const Candidate& c : candidates_) {
    const Student& s = round_.students[c.student];
    by_category[c.school][static_cast<int>(s.category)].push_back(c.column);
    if (!duo_second_[c.student]) {
      mentors[c.school].push_back(c.column);
    }
    if (duo_partner_[c.student] >= 0 && !duo_second_[c.student]) {
      duos[c.school].push_back(c.column);
    }
  }
  auto add = [&](std::string kind, int j, int category,
                 const std::vector<int>& cols, int limit) {
    const int slack =
        mip_.AddColumn(round_.rules.over_capacity, 0, kInf, false);
    std::vector<std::pair<int, double>> terms;
    for (int col : cols) {
      terms.emplace_back(col, 1.0);
    }
    terms.emplace_back(slack, -1.0);
    mip_.AddRow(std::move(terms), -kInf, limit);
    capacity_.push_back({std::move(kind), j, category, slack, cols, limit});
  };
  for (size_t j = 0; j < n; ++j) {
    const School& school = round_.schools[j];
    for (const auto& [category, cols] : by_category[j]) {
      auto it = school.places.find(static_cast<Category>(category));
      add("capacity.category", static_cast<int>(j), category, cols,
          it == school.places.end() ? 0 : it->second);
    }
    if (!mentors[j].empty()) {
      add("capacity.mentors", static_cast<int>(j), -1, mentors[j],
          school.mentors);
    }
    if (!duos[j].empty()) {
      add("capacity.duo", static_cast<int>(j), -1, duos[j], school.duo_places);
    }
  }
}

// x[a][j] - x[b][j] + over - under = 0 for every school either may take; the
// split columns cost enough that a pair is only split when it cannot be kept.
absl::Status RoundModel::AddDuoRows() {
  const int split_cost = round_.rules.unplaced / 10;
  for (size_t p = 0; p < round_.duo_pairs.size(); ++p) {
    const int a = student_index_[round_.duo_pairs[p].first];
    const int b = student_index_[round_.duo_pairs[p].second];
    const Student& sa = round_.students[a];
    const Student& sb = round_.students[b];
    if (!sa.locked_school.empty() && !sb.locked_school.empty() &&
        sa.locked_school != sb.locked_school) {
      return absl::InvalidArgumentError(
          absl::StrCat("duo_pairs[", p,
                       "]: the two students are locked to different "
                       "schools (",
                       sa.locked_school, ", ", sb.locked_school, ")"));
    }
    std::map<int, std::vector<std::pair<int, double>>> per_school;
    for (int c : by_student_[a]) {
      per_school[candidates_[c].school].emplace_back(candidates_[c].column, 1);
    }
    for (int c : by_student_[b]) {
      per_school[candidates_[c].school].emplace_back(candidates_[c].column, -1);
    }
    for (auto& [school, terms] : per_school) {
      const int over = mip_.AddColumn(split_cost, 0, 1, false);
      const int under = mip_.AddColumn(split_cost, 0, 1, false);
      terms.emplace_back(over, 1.0);
      terms.emplace_back(under, -1.0);
      split_columns_.emplace_back(static_cast<int>(p), over);
      split_columns_.emplace_back(static_cast<int>(p), under);
      mip_.AddRow(std::move(terms), 0, 0);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Proposal> RoundModel::SolveAndExplain() {
  const auto start = std::chrono::steady_clock::now();
  CoinPackedMatrix matrix(false, 0, 0);
  matrix.setDimensions(0, static_cast<int>(mip_.cost.size()));
  for (const auto& row : mip_.rows) {
    std::vector<int> index;
    std::vector<double> value;
    for (const auto& [col, v] : row) {
      index.push_back(col);
      value.push_back(v);
    }
    matrix.appendRow(static_cast<int>(index.size()), index.data(),
                     value.data());
  }
  OsiClpSolverInterface lp;
  lp.messageHandler()->setLogLevel(0);
  lp.loadProblem(matrix, mip_.col_lb.data(), mip_.col_ub.data(),
                 mip_.cost.data(), mip_.row_lb.data(), mip_.row_ub.data());
  for (size_t c = 0; c < mip_.integer.size(); ++c) {
    if (mip_.integer[c]) {
      lp.setInteger(static_cast<int>(c));
    }
  }
  CbcModel model(lp);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.setMaximumSeconds(round_.rules.time_limit_seconds);
  CglProbing probing;
  CglGomory gomory;
  model.addCutGenerator(&probing, -1, "Probing");
  model.addCutGenerator(&gomory, -1, "Gomory");
  model.initialSolve();
  model.branchAndBound();

  Proposal out;
  out.variables = static_cast<int>(mip_.cost.size());
  out.constraints = static_cast<int>(mip_.rows.size());
  const double* x = model.bestSolution();
  if (x == nullptr) {
    if (!model.isSecondsLimitReached()) {
      return absl::InternalError(
          "placement solver found no solution although every constraint "
          "has a slack");
    }
    out.status = SolveStatus::kNoSolution;
  } else {
    out.status = model.isProvenOptimal() ? SolveStatus::kOptimal
                                         : SolveStatus::kFeasible;
    out.objective = model.getObjValue();
    out.bound = out.status == SolveStatus::kOptimal
                    ? out.objective
                    : model.getBestPossibleObjValue();
    Explain(x, &out);
  }
  out.solve_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return out;
}

void RoundModel::Explain(const double* x, Proposal* out) const {
  out->placements.resize(round_.students.size());
  for (size_t i = 0; i < round_.students.size(); ++i) {
    Placement& p = out->placements[i];
    p.student_id = round_.students[i].id;
    for (int c : by_student_[i]) {
      const Candidate& cand = candidates_[c];
      if (x[cand.column] < 0.5) {
        continue;
      }
      p.school_id = round_.schools[cand.school].id;
      p.cost = cand.assessment.cost;
      p.preference_rank = cand.assessment.preference_rank;
      p.travel_minutes = cand.assessment.travel_minutes;
      p.locked = cand.locked;
      p.reasons = cand.assessment.reasons;
      if (cand.locked) {
        p.reasons.insert(p.reasons.begin(), "locked by the coordinator");
        if (!cand.assessment.allowed) {
          p.reasons.push_back("overrides " + cand.assessment.blocked_by);
        }
      }
      const int partner = duo_partner_[i];
      if (partner >= 0) {
        p.duo = true;
        p.reasons.push_back(absl::StrCat("duo with ",
                                         round_.students[partner].id,
                                         " (one mentor for both)"));
      }
    }
    if (p.school_id.empty()) {
      ++out->unplaced;
    }
  }
  ExplainUnplaced(x, out);
}

std::string RoundModel::UnplacedKind(int i, const double* x) const {
  const Student& s = round_.students[i];
  std::string kind = "capacity.category";
  if (by_student_[i].empty()) {
    // Nowhere allowed: name the rule that blocked the first school that
    // has places for the category (else the category rule itself).
    for (const School& school : round_.schools) {
      Assessment a = Assess(round_.rules, s, school);
      kind = a.blocked_by.substr(0, a.blocked_by.find(':'));
      if (kind != "capacity.category") {
        break;
      }
    }
  } else {
    // Allowed somewhere: the full rows at its allowed schools, the
    // category's places first, then mentors, then duo places (only for the
    // first of a duo pair, whose column those rows hold).
    std::set<std::string> full;
    for (const CapacityRow& row : capacity_) {
      bool touches = false;
      for (int c : by_student_[i]) {
        touches = touches || candidates_[c].school == row.school;
      }
      if (!touches ||
          (row.category >= 0 && row.category != static_cast<int>(s.category))) {
        continue;
      }
      double used = 0;
      bool holds_student = false;
      for (int col : row.columns) {
        used += x[col];
        for (int c : by_student_[i]) {
          holds_student = holds_student || candidates_[c].column == col;
        }
      }
      if (holds_student && used >= row.limit - 0.5) {
        full.insert(row.kind);
      }
    }
    for (const char* k :
         {"capacity.category", "capacity.mentors", "capacity.duo"}) {
      if (full.count(k) > 0) {
        return k;
      }
    }
    kind = "duo.split";
  }
  return kind;
}

void RoundModel::ExplainUnplaced(const double* x, Proposal* out) const {
  // Per (kind, category): how many students were left without a school.
  std::map<std::pair<std::string, std::string>, int> counts;
  std::map<std::string, int> demand, places;
  for (const Student& s : round_.students) {
    ++demand[std::string(CategoryName(s.category))];
  }
  for (const School& school : round_.schools) {
    for (const auto& [category, n] : school.places) {
      places[std::string(CategoryName(category))] += n;
    }
  }
  for (size_t i = 0; i < round_.students.size(); ++i) {
    if (!out->placements[i].school_id.empty()) {
      continue;
    }
    const Student& s = round_.students[i];
    const std::string kind = UnplacedKind(static_cast<int>(i), x);
    ++counts[{kind, std::string(CategoryName(s.category))}];
  }
  for (const auto& [key, n] : counts) {
    const auto& [kind, category] = key;
    out->blockers.push_back(
        {kind,
         absl::StrCat(kind, ": ", n, " ", category,
                      " student(s) unplaced; demand ", demand[category],
                      ", places ", places[category]),
         n});
  }
  for (const CapacityRow& row : capacity_) {
    const double over = x[row.slack_column];
    if (over > 0.5) {
      out->blockers.push_back(
          {"capacity.locks",
           absl::StrCat("capacity.locks: locked placements put ",
                        round_.schools[row.school].id, " ",
                        static_cast<int>(over + 0.5), " over its ", row.limit,
                        " (", row.kind, ")"),
           static_cast<int>(over + 0.5)});
    }
  }
  std::map<int, bool> split;
  for (const auto& [pair, col] : split_columns_) {
    if (x[col] > 0.5) {
      split[pair] = true;
    }
  }
  for (const auto& [pair, unused] : split) {
    out->blockers.push_back(
        {"duo.split",
         absl::StrCat("duo.split: ", round_.duo_pairs[pair].first, " and ",
                      round_.duo_pairs[pair].second,
                      " could not be placed together"),
         2});
  }
}

}  // namespace

absl::StatusOr<Proposal> Solve(const Round& round) {
  auto model = std::make_unique<RoundModel>(round);
  if (absl::Status s = model->Build(); !s.ok()) {
    return s;
  }
  return model->SolveAndExplain();
}

}  // namespace samen::partners::placement

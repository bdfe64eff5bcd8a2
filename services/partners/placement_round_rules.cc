#include "services/partners/placement_round_rules.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/partners/student_rules.h"

namespace samen::partners {
namespace {

constexpr char kRoundPattern[] =
    "partnerships/{partnership}/placementRounds/{round}";
constexpr char kPreferencePattern[] =
    "partnerships/{partnership}/placementRounds/{round}/preferences/{student}";
constexpr char kPlacementPattern[] =
    "partnerships/{partnership}/placementRounds/{round}/placements/{student}";

std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

using resource::Tail;

absl::StatusOr<RoundStudentName> ParseChild(absl::string_view name,
                                            const char* pattern,
                                            absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids, resource::ParseNamePattern(name, pattern, field));
  return RoundStudentName{ids[0], ids[1], ids[2]};
}

absl::Status InRange(int value, int lo, int hi, const std::string& field) {
  if (value < lo || value > hi) {
    return InvalidField(field, absl::StrCat("must be ", lo, " to ", hi));
  }
  return absl::OkStatus();
}

absl::Status ValidateCapacity(const v1::SchoolCapacity& c,
                              const std::string& field) {
  RETURN_IF_ERROR(
      resource::ParseName(c.school(), "organisations", field + ".school")
          .status());
  std::set<int> categories;
  for (int k = 0; k < c.places_size(); ++k) {
    const std::string f = absl::StrCat(field, ".places[", k, "]");
    const v1::CategoryPlaces& p = c.places(k);
    if (!v1::StudentCategory_IsValid(p.category()) ||
        p.category() == v1::STUDENT_CATEGORY_UNSPECIFIED) {
      return InvalidField(f + ".category", "is required");
    }
    if (!categories.insert(p.category()).second) {
      return InvalidField(f + ".category", "repeats a category");
    }
    RETURN_IF_ERROR(InRange(p.places(), 0, 500, f + ".places"));
  }
  RETURN_IF_ERROR(InRange(c.duo_places(), 0, 500, field + ".duo_places"));
  RETURN_IF_ERROR(InRange(c.mentors(), 0, 500, field + ".mentors"));
  if (c.latitude() < -90 || c.latitude() > 90) {
    return InvalidField(field + ".latitude", "must be -90 to 90");
  }
  if (c.longitude() < -180 || c.longitude() > 180) {
    return InvalidField(field + ".longitude", "must be -180 to 180");
  }
  return absl::OkStatus();
}

absl::Status ValidateRules(const v1::PlacementRules& r,
                           absl::string_view prefix) {
  RETURN_IF_ERROR(
      InRange(r.max_preferences(), 0, 10, Field(prefix, "max_preferences")));
  const std::pair<int, const char*> weights[] = {
      {r.preference_step(), "preference_step"},
      {r.unpreferred(), "unpreferred"},
      {r.non_partner(), "non_partner"},
      {r.per_travel_minute(), "per_travel_minute"},
      {r.early_vocational(), "early_vocational"},
      {r.same_sector(), "same_sector"}};
  for (const auto& [value, name] : weights) {
    RETURN_IF_ERROR(InRange(value, 0, 1000, Field(prefix, name)));
  }
  return InRange(r.max_travel_minutes(), 0, 600,
                 Field(prefix, "max_travel_minutes"));
}

placement::Sector SectorOf(v1::Sector s) {
  switch (s) {
    case v1::PO:
      return placement::Sector::kPrimary;
    case v1::VSO:
      return placement::Sector::kSpecial;
    case v1::MBO:
      return placement::Sector::kVocational;
    default:
      return placement::Sector::kSecondary;
  }
}

placement::Category CategoryOf(v1::StudentCategory c) {
  return static_cast<placement::Category>(static_cast<int>(c) - 1);
}

// "2027-2028" -> "2026-2027".
std::string PreviousYear(const std::string& year) {
  int first = 0;
  if (!absl::SimpleAtoi(year.substr(0, 4), &first)) {
    return "";
  }
  return absl::StrCat(first - 1, "-", first);
}

placement::School ToSchool(const v1::SchoolCapacity& c,
                           const std::map<std::string, SchoolFacts>& facts) {
  placement::School s;
  s.id = Tail(c.school());
  auto it = facts.find(s.id);
  if (it != facts.end()) {
    s.sector = SectorOf(it->second.sector);
    s.partner = it->second.partner;
  } else {
    s.partner = false;
  }
  s.location = {c.latitude(), c.longitude()};
  for (const v1::CategoryPlaces& p : c.places()) {
    s.places[CategoryOf(p.category())] += p.places();
  }
  s.duo_places = c.duo_places();
  s.mentors = c.mentors();
  return s;
}

placement::Student ToStudent(const RoundStudent& rs,
                             const std::string& last_year,
                             const std::map<std::string, SchoolFacts>& facts) {
  const v1::Student& st = rs.student;
  placement::Student s;
  s.id = Tail(st.name());
  s.category = CategoryOf(st.category());
  s.programme_year = st.programme_year();
  s.home = {st.home().latitude(), st.home().longitude()};
  for (const v1::PlacementChoice& c : rs.preference.choices()) {
    s.preferences.push_back(Tail(c.school()));
  }
  for (const v1::PastPlacement& p : st.placement_history()) {
    if (p.school_year() == last_year) {
      s.last_school = Tail(p.school());
      auto it = facts.find(s.last_school);
      if (it != facts.end()) {
        s.has_last_sector = true;
        s.last_sector = SectorOf(it->second.sector);
      }
    }
  }
  s.locked_school = rs.locked_school_id;
  return s;
}

}  // namespace

absl::StatusOr<RoundName> ParsePlacementRoundName(absl::string_view name,
                                                  absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids,
                   resource::ParseNamePattern(name, kRoundPattern, field));
  return RoundName{ids[0], ids[1]};
}

std::string PlacementRoundName(absl::string_view p, absl::string_view r) {
  return absl::StrCat("partnerships/", p, "/placementRounds/", r);
}

absl::StatusOr<RoundStudentName> ParsePreferenceName(absl::string_view name,
                                                     absl::string_view field) {
  return ParseChild(name, kPreferencePattern, field);
}

std::string PreferenceName(const RoundStudentName& n) {
  return absl::StrCat(PlacementRoundName(n.partnership_id, n.round_id),
                      "/preferences/", n.student_id);
}

absl::StatusOr<RoundStudentName> ParsePlacementName(absl::string_view name,
                                                    absl::string_view field) {
  return ParseChild(name, kPlacementPattern, field);
}

std::string PlacementName(const RoundStudentName& n) {
  return absl::StrCat(PlacementRoundName(n.partnership_id, n.round_id),
                      "/placements/", n.student_id);
}

absl::Status ValidatePlacementRound(const v1::PlacementRound& r,
                                    absl::string_view prefix) {
  if (!IsSchoolYear(r.school_year())) {
    return InvalidField(Field(prefix, "school_year"),
                        "must be a school year such as \"2027-2028\"");
  }
  if (r.capacities_size() > 500) {
    return InvalidField(Field(prefix, "capacities"), "at most 500 schools");
  }
  std::set<std::string> schools;
  for (int k = 0; k < r.capacities_size(); ++k) {
    const std::string field =
        absl::StrCat(Field(prefix, "capacities"), "[", k, "]");
    RETURN_IF_ERROR(ValidateCapacity(r.capacities(k), field));
    if (!schools.insert(r.capacities(k).school()).second) {
      return InvalidField(field + ".school", "repeats a school");
    }
  }
  return ValidateRules(r.rules(), Field(prefix, "rules"));
}

const std::vector<std::string>& UpdatablePlacementRoundFields() {
  static const auto* fields =
      new std::vector<std::string>{"capacities", "rules"};
  return *fields;
}

placement::Rules EffectiveRules(const v1::PlacementRules& r) {
  placement::Rules out;
  auto set = [](int value, int* target) {
    if (value > 0) {
      *target = value;
    }
  };
  set(r.max_preferences(), &out.max_preferences);
  set(r.preference_step(), &out.preference_step);
  set(r.unpreferred(), &out.unpreferred);
  set(r.non_partner(), &out.non_partner);
  set(r.per_travel_minute(), &out.per_travel_minute);
  set(r.max_travel_minutes(), &out.max_travel_minutes);
  set(r.early_vocational(), &out.early_vocational);
  set(r.same_sector(), &out.same_sector);
  out.different_school_each_year = !r.allow_same_school();
  return out;
}

absl::Status ValidatePreference(const v1::PlacementPreference& p,
                                int max_preferences,
                                absl::string_view student_id,
                                absl::string_view prefix) {
  if (p.choices_size() > max_preferences) {
    return InvalidField(Field(prefix, "choices"),
                        absl::StrCat("at most ", max_preferences, " schools"));
  }
  std::set<std::string> schools;
  for (int k = 0; k < p.choices_size(); ++k) {
    const std::string f = absl::StrCat(Field(prefix, "choices"), "[", k, "]");
    RETURN_IF_ERROR(resource::ParseName(p.choices(k).school(), "organisations",
                                        f + ".school")
                        .status());
    if (!schools.insert(p.choices(k).school()).second) {
      return InvalidField(f + ".school", "names a school twice");
    }
    RETURN_IF_ERROR(resource::ValidateText(p.choices(k).reason(), f + ".reason",
                                           500, false, true));
  }
  RETURN_IF_ERROR(resource::ValidateText(p.learning_question(),
                                         Field(prefix, "learning_question"),
                                         2000, false, true));
  if (!p.duo_with().empty()) {
    ASSIGN_OR_RETURN(std::string other,
                     ParseStudentName(p.duo_with(), Field(prefix, "duo_with")));
    if (other == student_id) {
      return InvalidField(Field(prefix, "duo_with"),
                          "cannot be the student themself");
    }
  }
  return absl::OkStatus();
}

const std::vector<std::string>& PreferenceFields(bool manager) {
  static const auto* all =
      new std::vector<std::string>{"choices", "learning_question", "duo_with"};
  static const auto* student = new std::vector<std::string>{"choices"};
  return manager ? *all : *student;
}

absl::Status MayManageRound(const auth::Principal& who,
                            absl::string_view partnership_id) {
  if (who.IsAdmin() ||
      who.HasRoleIn(auth::kCoordinator,
                    absl::StrCat("partnerships/", partnership_id))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("placement rounds of partnerships/", partnership_id,
                   " are managed by its coordinators"));
}

absl::Status MayReadRound(const auth::Principal& who,
                          absl::string_view partnership_id,
                          const v1::PlacementRound& round) {
  if (MayManageRound(who, partnership_id).ok() ||
      who.HasRole(auth::kInstituteEducator)) {
    return absl::OkStatus();
  }
  for (const v1::SchoolCapacity& c : round.capacities()) {
    if (who.HasRoleIn(auth::kSchoolEducator, c.school())) {
      return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(
      "a placement round is for the partnership's coordinators, institute "
      "educators and the school educators of its schools");
}

absl::StatusOr<PlacementReadScope> ReadablePlacements(
    const auth::Principal& who, absl::string_view partnership_id,
    bool published) {
  PlacementReadScope scope;
  scope.all = MayManageRound(who, partnership_id).ok() ||
              who.HasRole(auth::kInstituteEducator);
  if (published) {
    scope.school_ids = OrganisationsWithRole(who, auth::kSchoolEducator);
    for (std::string& id : OrganisationsWithRole(who, auth::kMentor)) {
      scope.school_ids.push_back(std::move(id));
    }
    if (who.HasRole(auth::kStudent)) {
      scope.person_id = who.subject;
    }
  }
  if (!scope.all && scope.school_ids.empty() && scope.person_id.empty()) {
    return absl::PermissionDeniedError(
        published ? "placements are for the partnership, the institute, the "
                    "schools and the students placed"
                  : "proposed placements are for the coordinators and "
                    "institute educators until the round is published");
  }
  return scope;
}

absl::StatusOr<placement::Round> BuildSolverRound(
    const v1::PlacementRound& round,
    const std::map<std::string, SchoolFacts>& facts,
    const std::vector<RoundStudent>& students, double time_limit_seconds) {
  placement::Round out;
  out.rules = EffectiveRules(round.rules());
  out.rules.time_limit_seconds = time_limit_seconds;
  for (const v1::SchoolCapacity& c : round.capacities()) {
    out.schools.push_back(ToSchool(c, facts));
  }
  const std::string last_year = PreviousYear(round.school_year());
  std::map<std::string, int> year_of;
  std::set<std::string> offered;
  for (const placement::School& school : out.schools) {
    offered.insert(school.id);
  }
  for (const RoundStudent& rs : students) {
    placement::Student s = ToStudent(rs, last_year, facts);
    // Preferences and locks can only name the round's schools (capacities
    // may have changed since they were saved), and no more than the rules
    // allow.
    std::vector<std::string> kept;
    for (const std::string& school : s.preferences) {
      if (offered.count(school) > 0 &&
          static_cast<int>(kept.size()) < out.rules.max_preferences) {
        kept.push_back(school);
      }
    }
    s.preferences = std::move(kept);
    if (offered.count(s.locked_school) == 0) {
      s.locked_school.clear();
    }
    year_of[s.id] = rs.student.programme_year();
    out.students.push_back(std::move(s));
  }
  std::set<std::string> paired;
  for (const RoundStudent& rs : students) {
    const std::string& with = rs.preference.duo_with();
    if (with.empty()) {
      continue;
    }
    const std::string a = Tail(rs.student.name());
    const std::string b = Tail(with);
    if (paired.count(a) > 0 && paired.count(b) > 0) {
      continue;  // the partner named this pair first
    }
    auto it = year_of.find(b);
    if (it == year_of.end() || it->second != 1 || year_of[a] != 1 ||
        paired.count(a) > 0 || paired.count(b) > 0) {
      return WithFieldViolations(
          absl::FailedPreconditionError(absl::StrCat(
              "preferences/", a, ".duo_with: ", with,
              " cannot be a duo partner (both must be first-year students of "
              "the partnership, each in one pair)")),
          {{absl::StrCat("preferences/", a, ".duo_with"), "invalid pair"}});
    }
    paired.insert(a);
    paired.insert(b);
    out.duo_pairs.push_back({a, b});
  }
  return out;
}

v1::ProposalSummary SummaryOf(const placement::Proposal& p) {
  v1::ProposalSummary s;
  s.set_status(p.status == placement::SolveStatus::kOptimal ? "OPTIMAL"
                                                            : "FEASIBLE");
  s.set_objective(p.objective);
  s.set_bound(p.bound);
  s.set_placed(static_cast<int>(p.placements.size()) - p.unplaced);
  s.set_unplaced(p.unplaced);
  for (const placement::Blocker& b : p.blockers) {
    v1::PlacementBlocker* out = s.add_blockers();
    out->set_kind(b.kind);
    out->set_message(b.message);
    out->set_count(b.count);
  }
  s.set_solve_seconds(p.solve_seconds);
  return s;
}

v1::Placement ExplainManualPlacement(
    const v1::PlacementRound& round,
    const std::map<std::string, SchoolFacts>& facts,
    const RoundStudent& student, const std::string& school_id) {
  v1::Placement out;
  out.set_student(student.student.name());
  out.add_reasons("set by hand by the coordinator");
  if (school_id.empty()) {
    return out;
  }
  out.set_school(absl::StrCat("organisations/", school_id));
  for (const v1::SchoolCapacity& c : round.capacities()) {
    if (Tail(c.school()) != school_id) {
      continue;
    }
    const placement::Assessment a = placement::Assess(
        EffectiveRules(round.rules()),
        ToStudent(student, PreviousYear(round.school_year()), facts),
        ToSchool(c, facts));
    out.set_preference_rank(a.preference_rank);
    out.set_travel_minutes(a.travel_minutes);
    for (const std::string& r : a.reasons) {
      out.add_reasons(r);
    }
    if (!a.allowed) {
      out.add_reasons("overrides " + a.blocked_by);
    }
  }
  return out;
}

}  // namespace samen::partners

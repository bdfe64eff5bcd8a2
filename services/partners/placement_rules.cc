#include "services/partners/placement_rules.h"

#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"

namespace samen::partners::placement {
namespace {

constexpr double kEarthRadiusKm = 6371.0;
constexpr double kPi = 3.14159265358979323846;

double Radians(double degrees) { return degrees * kPi / 180.0; }

absl::Status Invalid(const std::string& field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

absl::Status ValidateSchools(const std::vector<School>& schools,
                             std::set<std::string>* ids) {
  for (size_t j = 0; j < schools.size(); ++j) {
    const School& s = schools[j];
    const std::string field = absl::StrCat("schools[", j, "]");
    if (s.id.empty()) {
      return Invalid(field + ".id", "is empty");
    }
    if (!ids->insert(s.id).second) {
      return Invalid(field + ".id", absl::StrCat("\"", s.id, "\" repeats"));
    }
    for (const auto& [category, n] : s.places) {
      if (n < 0) {
        return Invalid(field + ".places",
                       absl::StrCat(CategoryName(category), " is negative"));
      }
    }
    if (s.duo_places < 0 || s.mentors < 0) {
      return Invalid(field + (s.mentors < 0 ? ".mentors" : ".duo_places"),
                     "is negative");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateStudent(const Rules& rules, const Student& s,
                             const std::string& field,
                             const std::set<std::string>& schools) {
  if (s.id.empty()) {
    return Invalid(field + ".id", "is empty");
  }
  if (s.programme_year < 1 || s.programme_year > 6) {
    return Invalid(field + ".programme_year", "must be 1 to 6");
  }
  if (static_cast<int>(s.preferences.size()) > rules.max_preferences) {
    return Invalid(field + ".preferences",
                   absl::StrCat("names ", s.preferences.size(),
                                " schools; at most ", rules.max_preferences));
  }
  std::set<std::string> seen;
  for (size_t k = 0; k < s.preferences.size(); ++k) {
    const std::string f = absl::StrCat(field, ".preferences[", k, "]");
    if (schools.count(s.preferences[k]) == 0) {
      return Invalid(f,
                     absl::StrCat("unknown school \"", s.preferences[k], "\""));
    }
    if (!seen.insert(s.preferences[k]).second) {
      return Invalid(f, "names a school twice");
    }
  }
  if (!s.locked_school.empty() && schools.count(s.locked_school) == 0) {
    return Invalid(field + ".locked_school",
                   absl::StrCat("unknown school \"", s.locked_school, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view CategoryName(Category c) {
  switch (c) {
    case Category::kHboFullTime:
      return "HBO_FULL_TIME";
    case Category::kHboPartTime:
      return "HBO_PART_TIME";
    case Category::kCareerChanger:
      return "CAREER_CHANGER";
    case Category::kMinor:
      return "MINOR";
    case Category::kMaster:
      return "MASTER";
    case Category::kMboTeachingAssistant:
      return "MBO_TEACHING_ASSISTANT";
    case Category::kPabo:
      return "PABO";
  }
  return "UNKNOWN";
}

absl::string_view SectorName(Sector s) {
  switch (s) {
    case Sector::kPrimary:
      return "primary";
    case Sector::kSecondary:
      return "secondary";
    case Sector::kVocational:
      return "vocational (mbo)";
    case Sector::kSpecial:
      return "special (vso)";
  }
  return "unknown";
}

double HaversineKm(const GeoPoint& a, const GeoPoint& b) {
  const double dlat = Radians(b.latitude - a.latitude);
  const double dlon = Radians(b.longitude - a.longitude);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(Radians(a.latitude)) *
                       std::cos(Radians(b.latitude)) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

int TravelMinutes(const Rules& rules, const GeoPoint& home,
                  const GeoPoint& school) {
  if (rules.travel_speed_kmh <= 0) {
    return 0;
  }
  const double minutes =
      HaversineKm(home, school) / rules.travel_speed_kmh * 60;
  return static_cast<int>(std::ceil(minutes - 1e-9));
}

Assessment Assess(const Rules& rules, const Student& student,
                  const School& school) {
  Assessment a;
  auto places = school.places.find(student.category);
  if (places == school.places.end() || places->second == 0) {
    a.allowed = false;
    a.blocked_by =
        absl::StrCat("capacity.category: ", school.id, " has no places for ",
                     CategoryName(student.category));
    return a;
  }
  if (rules.different_school_each_year && student.last_school == school.id) {
    a.allowed = false;
    a.blocked_by =
        absl::StrCat("rotation.school: ", school.id, " was last year's school");
    return a;
  }
  a.travel_minutes = TravelMinutes(rules, student.home, school.location);
  if (rules.max_travel_minutes > 0 &&
      a.travel_minutes > rules.max_travel_minutes) {
    a.allowed = false;
    a.blocked_by =
        absl::StrCat("travel.max: ", a.travel_minutes, " min to ", school.id,
                     " exceeds ", rules.max_travel_minutes);
    return a;
  }
  for (size_t k = 0; k < student.preferences.size(); ++k) {
    if (student.preferences[k] == school.id) {
      a.preference_rank = static_cast<int>(k) + 1;
    }
  }
  if (a.preference_rank > 0) {
    a.cost += rules.preference_step * (a.preference_rank - 1);
    a.reasons.push_back(absl::StrCat("preference ", a.preference_rank));
  } else {
    a.cost += rules.unpreferred;
    a.reasons.push_back("not among the preferences");
  }
  if (!school.partner) {
    a.cost += rules.non_partner;
    a.reasons.push_back("not a partner school (partners first)");
  }
  a.cost += rules.per_travel_minute * a.travel_minutes;
  a.reasons.push_back(absl::StrCat("travel ", a.travel_minutes, " min"));
  if (school.sector == Sector::kVocational && student.programme_year < 3) {
    a.cost += rules.early_vocational;
    a.reasons.push_back(absl::StrCat("mbo in year ", student.programme_year,
                                     " (fits better in year 3 or 4)"));
  } else if (school.sector == Sector::kVocational) {
    a.reasons.push_back(
        absl::StrCat("mbo in year ", student.programme_year, " fits rotation"));
  }
  if (student.has_last_sector && student.last_sector == school.sector) {
    a.cost += rules.same_sector;
    a.reasons.push_back(absl::StrCat("same sector as last year (",
                                     SectorName(school.sector), ")"));
  }
  if (!student.last_school.empty() && rules.different_school_each_year) {
    a.reasons.push_back("a different school than last year");
  }
  return a;
}

absl::Status ValidateRound(const Rules& rules,
                           const std::vector<Student>& students,
                           const std::vector<School>& schools,
                           const std::vector<DuoPair>& duos) {
  std::set<std::string> school_ids;
  if (absl::Status s = ValidateSchools(schools, &school_ids); !s.ok()) {
    return s;
  }
  std::map<std::string, int> year_of;
  for (size_t i = 0; i < students.size(); ++i) {
    const std::string field = absl::StrCat("students[", i, "]");
    if (absl::Status s = ValidateStudent(rules, students[i], field, school_ids);
        !s.ok()) {
      return s;
    }
    if (!year_of.emplace(students[i].id, students[i].programme_year).second) {
      return Invalid(field + ".id",
                     absl::StrCat("\"", students[i].id, "\" repeats"));
    }
  }
  std::set<std::string> paired;
  for (size_t p = 0; p < duos.size(); ++p) {
    for (const std::string* id : {&duos[p].first, &duos[p].second}) {
      const std::string field = absl::StrCat(
          "duo_pairs[", p, "].", id == &duos[p].first ? "first" : "second");
      auto it = year_of.find(*id);
      if (it == year_of.end()) {
        return Invalid(field, absl::StrCat("unknown student \"", *id, "\""));
      }
      if (it->second != 1) {
        return Invalid(field, "a duo pair is two first-year students");
      }
      if (!paired.insert(*id).second) {
        return Invalid(field, "student is already in a duo pair");
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace samen::partners::placement

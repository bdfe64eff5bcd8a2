#include "services/induction/programme_rules.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

absl::Status ValidateYear(const v1::ProgrammeYear& y, int duration,
                          const std::string& field) {
  if (y.year() < 1 || y.year() > duration) {
    return InvalidField(field + ".year",
                        absl::StrCat("must be between 1 and ", duration));
  }
  for (int n :
       {y.coaching_sessions(), y.lesson_visits(), y.intervision_meetings()}) {
    if (n < 0 || n > 100) {
      return InvalidField(field, "quotas must be between 0 and 100");
    }
  }
  if (y.learning_arrangements_size() > 20 || y.training_items_size() > 50) {
    return InvalidField(field,
                        "at most 20 learning arrangements and 50 training "
                        "items per year");
  }
  for (const auto& t : y.learning_arrangements()) {
    RETURN_IF_ERROR(
        resource::ValidateText(t, field + ".learning_arrangements", 200, true));
  }
  for (const auto& t : y.training_items()) {
    RETURN_IF_ERROR(
        resource::ValidateText(t, field + ".training_items", 200, true));
  }
  return absl::OkStatus();
}

absl::Status ValidateYears(
    const google::protobuf::RepeatedPtrField<v1::ProgrammeYear>& years,
    int duration, const std::string& field, bool require_all) {
  std::set<int> seen;
  for (int i = 0; i < years.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    RETURN_IF_ERROR(ValidateYear(years[i], duration, f));
    if (!seen.insert(years[i].year()).second) {
      return InvalidField(f + ".year", "appears twice");
    }
  }
  if (require_all && static_cast<int>(seen.size()) != duration) {
    return InvalidField(
        field, absl::StrCat("must describe every year from 1 to ", duration));
  }
  return absl::OkStatus();
}

absl::Status ValidateDuration(const google::protobuf::Duration& d,
                              absl::string_view field, int64_t max_seconds) {
  if (d.seconds() < 0 || d.nanos() != 0 || d.seconds() > max_seconds) {
    return InvalidField(
        field,
        absl::StrCat("must be whole seconds between 0 and ", max_seconds));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Owner> ParseOwner(absl::string_view owner,
                                 absl::string_view field) {
  Owner o;
  if (absl::StartsWith(owner, "partnerships/")) {
    o.is_partnership = true;
    ASSIGN_OR_RETURN(auto id,
                     resource::ParseName(owner, "partnerships", field));
    o.id = id;
    return o;
  }
  if (absl::StartsWith(owner, "organisations/")) {
    ASSIGN_OR_RETURN(auto id,
                     resource::ParseName(owner, "organisations", field));
    o.id = id;
    return o;
  }
  return InvalidField(field,
                      "must be organisations/{school} or "
                      "partnerships/{partnership}");
}

absl::Status ValidateProgramme(const v1::Programme& p) {
  RETURN_IF_ERROR(resource::ValidateText(p.display_name(),
                                         "programme.display_name", 200, true));
  RETURN_IF_ERROR(resource::ValidateText(p.description(),
                                         "programme.description", 2000, false,
                                         /*multiline=*/true));
  if (auto o = ParseOwner(p.owner(), "programme.owner"); !o.ok()) {
    return o.status();
  }
  if (p.duration_years() < 1 || p.duration_years() > 3) {
    return InvalidField("programme.duration_years", "must be 1, 2 or 3");
  }
  RETURN_IF_ERROR(ValidateYears(p.years(), p.duration_years(),
                                "programme.years", /*require_all=*/true));
  std::set<int> kinds;
  for (int i = 0; i < p.variants_size(); ++i) {
    const auto& v = p.variants(i);
    const std::string f = absl::StrCat("programme.variants[", i, "]");
    if (v.kind() == v1::STARTER_KIND_UNSPECIFIED) {
      return InvalidField(f + ".kind", "is required");
    }
    if (!kinds.insert(v.kind()).second) {
      return InvalidField(f + ".kind", "appears twice");
    }
    RETURN_IF_ERROR(ValidateYears(v.years(), p.duration_years(), f + ".years",
                                  /*require_all=*/false));
  }
  const auto& b = p.booking_policy();
  constexpr int64_t kDay = 86400;
  RETURN_IF_ERROR(ValidateDuration(b.minimum_notice(),
                                   "programme.booking_policy.minimum_notice",
                                   14 * kDay));
  RETURN_IF_ERROR(ValidateDuration(b.booking_horizon(),
                                   "programme.booking_policy.booking_horizon",
                                   366 * kDay));
  RETURN_IF_ERROR(ValidateDuration(
      b.cancellation_notice(), "programme.booking_policy.cancellation_notice",
      14 * kDay));
  if (p.at_risk_after_weeks() < 0 || p.at_risk_after_weeks() > 52) {
    return InvalidField("programme.at_risk_after_weeks",
                        "must be between 0 (6 weeks) and 52");
  }
  return absl::OkStatus();
}

absl::Status ValidateStarter(const v1::Starter& s, int programme_years) {
  if (auto st = resource::ParseDate(s.start_date(), "starter.start_date");
      !st.ok()) {
    return st.status();
  }
  if (s.current_year() < 1 || s.current_year() > programme_years) {
    return InvalidField("starter.current_year",
                        absl::StrCat("must be between 1 and the programme's ",
                                     programme_years, " years"));
  }
  if (s.status() == v1::Starter::STATUS_UNSPECIFIED ||
      !v1::Starter::Status_IsValid(s.status())) {
    return InvalidField("starter.status", "is required");
  }
  if (!v1::StarterKind_IsValid(s.kind())) {
    return InvalidField("starter.kind", "is not a known kind");
  }
  if (s.subjects_size() > 10) {
    return InvalidField("starter.subjects", "at most 10 subjects");
  }
  for (const auto& subject : s.subjects()) {
    RETURN_IF_ERROR(
        resource::ValidateText(subject, "starter.subjects", 100, true));
  }
  if (s.coaches_size() > 5) {
    return InvalidField("starter.coaches", "at most 5 coaches");
  }
  std::set<std::string> seen;
  for (const auto& coach : s.coaches()) {
    ASSIGN_OR_RETURN(auto id,
                     resource::ParseName(coach, "people", "starter.coaches"));
    if (!seen.insert(id).second) {
      return InvalidField("starter.coaches", "lists a coach twice");
    }
  }
  return absl::OkStatus();
}

YearQuota QuotaFor(const v1::Programme& p, v1::StarterKind kind, int year) {
  auto to_quota = [](const v1::ProgrammeYear& y) {
    return YearQuota{y.coaching_sessions(), y.lesson_visits(),
                     y.intervision_meetings()};
  };
  for (const auto& v : p.variants()) {
    if (v.kind() == kind && kind != v1::STARTER_KIND_UNSPECIFIED) {
      for (const auto& y : v.years()) {
        if (y.year() == year) {
          return to_quota(y);
        }
      }
    }
  }
  for (const auto& y : p.years()) {
    if (y.year() == year) {
      return to_quota(y);
    }
  }
  return {};
}

int AtRiskWeeks(const v1::Programme& p) {
  return p.at_risk_after_weeks() > 0 ? p.at_risk_after_weeks() : 6;
}

const std::vector<std::string>& UpdatableProgrammeFields() {
  static const auto* fields = new std::vector<std::string>{
      "display_name", "description",    "duration_years",     "years",
      "variants",     "booking_policy", "at_risk_after_weeks"};
  return *fields;
}

const std::vector<std::string>& UpdatableStarterFields() {
  static const auto* fields = new std::vector<std::string>{
      "programme", "kind", "subjects", "current_year", "status", "coaches"};
  return *fields;
}

}  // namespace samen::induction

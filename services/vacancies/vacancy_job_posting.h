#pragma once

// schema.org JobPosting JSON-LD for a published vacancy, with the properties
// Google for Jobs requires (title, description, datePosted, hiringOrganization,
// jobLocation) and recommends (validThrough, employmentType, identifier,
// directApply, baseSalary). Built as a google.protobuf.Struct and printed with
// protobuf's JSON printer. Pure; unit-tested.
//
// Only what is known is said: the school's street, postal code, website and
// logo come from the directory copy and are left out when it has none;
// baseSalary only when the vacancy names a salary scale with a row valid on
// its publication date.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "samen/vacancies/v1/vacancies.pb.h"

namespace samen::vacancies {

inline constexpr char kJsonLdContentType[] =
    "application/ld+json; charset=utf-8";

// The bounds of a collective-agreement salary scale, gross per month for a
// full-time job, as salary_scales holds them.
struct ScaleSalary {
  int min_monthly_eur = 0;
  int max_monthly_eur = 0;
};

// `scale`: the row of the vacancy's salary_scale valid on its publication
// date; nullopt when it has none (then there is no baseSalary). The school's
// own salary_min_eur/salary_max_eur, when given, stand for the bound they
// replace (what the school offers within the scale).
absl::StatusOr<std::string> JobPostingJsonLd(
    const v1::Vacancy& vacancy,
    const std::optional<ScaleSalary>& scale = std::nullopt);

}  // namespace samen::vacancies

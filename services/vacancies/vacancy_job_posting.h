#pragma once

// schema.org JobPosting JSON-LD for a published vacancy, with the properties
// Google for Jobs requires (title, description, datePosted, hiringOrganization,
// jobLocation) and recommends (validThrough, employmentType, identifier,
// directApply, baseSalary). Built as a google.protobuf.Struct and printed with
// protobuf's JSON printer. Pure; unit-tested.

#include <string>

#include "absl/status/statusor.h"
#include "samen/vacancies/v1/vacancies.pb.h"

namespace samen::vacancies {

inline constexpr char kJsonLdContentType[] =
    "application/ld+json; charset=utf-8";

absl::StatusOr<std::string> JobPostingJsonLd(const v1::Vacancy& vacancy);

}  // namespace samen::vacancies

#pragma once

// What Vacancies asks the Partners directory (services/common/directory), in
// its own terms: a school's facts before one of its vacancies is written, the
// regions of a caller's organisations for "for me", and the partnerships of a
// region for shortage subjects. Asked with the caller's credentials, at
// request time; errors are the directory's (NOT_FOUND, PERMISSION_DENIED,
// UNAVAILABLE).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/call.h"
#include "services/common/directory/directory.h"
#include "services/vacancies/vacancy_repository.h"

namespace samen::vacancies {

// The organisation `school_id` with its memberships current on `now`'s date
// in Europe/Amsterdam (those without an end date, or ending today or later)
// and their partnerships' regions.
absl::StatusOr<School> LookUpSchool(directory::Directory& directory,
                                    const CallContext& call,
                                    const std::string& school_id,
                                    absl::Time now);

// The distinct regions of the partnerships `organisation_ids` are current
// members of, sorted.
absl::StatusOr<std::vector<std::string>> RegionsOf(
    directory::Directory& directory, const CallContext& call,
    const std::vector<std::string>& organisation_ids, absl::Time now);

struct Region {
  std::string text;                       // as the partnerships spell it
  std::vector<std::string> partnerships;  // ids of those serving it
};

// The region whose RegionSlug is `slug`; NOT_FOUND ("regions/{slug} does not
// exist: no partnership serves it") when no partnership has it.
absl::StatusOr<Region> ResolveRegion(directory::Directory& directory,
                                     const CallContext& call,
                                     const std::string& slug);

}  // namespace samen::vacancies

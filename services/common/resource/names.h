#pragma once

// Resource names (AIP-122) shared by every service: ids chosen by clients,
// person ids from identity providers, and names like "partnerships/{id}" or
// "starters/{starter}/bookings/{booking}". Pure; errors name the request field.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace samen::resource {

// The part of a name after its collection, for a name already validated:
// "organisations/x" -> "x".
std::string Tail(absl::string_view name);

// Resource ids chosen by clients (and server-made ids): 2 to 63 characters
// [a-z0-9-], starting with a letter, not ending with a hyphen.
absl::Status ValidateId(absl::string_view id, absl::string_view field);

// Person ids are identity-provider subjects: 1 to 128 of [A-Za-z0-9-._@|:].
absl::Status ValidatePersonId(absl::string_view id, absl::string_view field);

// Whether ids in `collection` (or a `{variable}` of a pattern) are person ids:
// people, starters, coaches, mentors and calendar feeds are named after the
// person they belong to; everything else takes ValidateId's ids.
bool IsPersonCollection(absl::string_view collection);

// "<collection>/<id>" -> id; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseName(absl::string_view name,
                                      absl::string_view collection,
                                      absl::string_view field);

// Matches `name` against a pattern such as
// "partnerships/{partnership}/memberships/{membership}" and returns the ids in
// the order of the pattern's variables. A variable written "{partnership|-}"
// also accepts the wildcard "-" (AIP-159, returned as "-"); {person},
// {starter}, {coach} and {mentor} take person ids, every other variable
// ValidateId's ids.
absl::StatusOr<std::vector<std::string>> ParseNamePattern(
    absl::string_view name, absl::string_view pattern, absl::string_view field);
// ParseNamePattern for a pattern with one variable
// ("people/{person}/vacancyProfile"): its id.
absl::StatusOr<std::string> ParseNameId(absl::string_view name,
                                        absl::string_view pattern,
                                        absl::string_view field);

}  // namespace samen::resource

#pragma once

// Pure decisions about programmes and starters: what a valid programme or
// starter is, which fields an update may touch, and which quota applies to a
// starter of a given kind in a given year (maatwerk). No I/O.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/field_mask.pb.h"
#include "samen/induction/v1/programmes.pb.h"

namespace samen::induction {

namespace v1 = ::samen::induction::v1;

// Whole-resource checks after create defaults or after an update was merged.
absl::Status ValidateProgramme(const v1::Programme& p);
// Checks a starter after create defaults or a merged update;
// `programme_years` is the duration of the starter's programme.
absl::Status ValidateStarter(const v1::Starter& s, int programme_years);

// What one year of a programme asks of a starter of one kind.
struct YearQuota {
  int coaching_sessions = 0;
  int lesson_visits = 0;
  int intervision_meetings = 0;
};
// The variant's year for `kind` when it has one, else the programme's year;
// zeros when the programme has no such year.
YearQuota QuotaFor(const v1::Programme& p, v1::StarterKind kind, int year);

// Weeks without a held session before a starter is flagged (default 6).
int AtRiskWeeks(const v1::Programme& p);

// Owner of a programme: "organisations/x" or "partnerships/x".
struct Owner {
  bool is_partnership = false;
  std::string id;
};
absl::StatusOr<Owner> ParseOwner(absl::string_view owner,
                                 absl::string_view field);

const std::vector<std::string>& UpdatableProgrammeFields();
const std::vector<std::string>& UpdatableStarterFields();

}  // namespace samen::induction

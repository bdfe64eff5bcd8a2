#pragma once

// Pure decisions of the Partners service: what a valid partnership,
// organisation, membership or person is, which fields an update may touch, who
// may do what, and the paging rules. No I/O: everything here is unit-tested
// exhaustively.

#include <cstdint>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/auth/auth.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

// ---- Names
// -------------------------------------------------------------------------
// Generic names, ids, text, masks, etags and paging: services/common/resource/.

struct MembershipName {
  std::string partnership_id;
  std::string organisation_id;
};
absl::StatusOr<MembershipName> ParseMembershipName(absl::string_view name,
                                                   absl::string_view field);
// "partnerships/{id}" or "partnerships/-" (returns "-").
absl::StatusOr<std::string> ParseMembershipParent(absl::string_view parent,
                                                  absl::string_view field);

// ---- Field validation
// ----------------------------------------------------------

// Whole-resource checks (after create defaults or after an update was merged).
// `prefix` is the request field holding the resource ("partnership").
absl::Status ValidatePartnership(const v1::Partnership& p,
                                 absl::string_view prefix);
absl::Status ValidateOrganisation(const v1::Organisation& o,
                                  absl::string_view prefix);
absl::Status ValidateMembership(const v1::Membership& m,
                                absl::string_view prefix);
absl::Status ValidatePerson(const v1::Person& p, absl::string_view prefix);

// ---- Updates
// -------------------------------------------------------------------

// Fields an update may name, per resource.
const std::vector<std::string>& UpdatablePartnershipFields();
const std::vector<std::string>& UpdatableOrganisationFields();
const std::vector<std::string>& UpdatableMembershipFields();
const std::vector<std::string>& UpdatablePersonFields();

// ---- Authorization
// ------------------------------------------------------------ Each returns OK
// or PERMISSION_DENIED saying what is missing.

absl::Status MayCreatePartnership(const auth::Principal& who);
absl::Status MayUpdatePartnership(const auth::Principal& who,
                                  absl::string_view partnership_id);
absl::Status MayDeletePartnership(const auth::Principal& who);
absl::Status MayCreateOrganisation(const auth::Principal& who);
// `member_of`: ids of partnerships the organisation is a member of.
absl::Status MayUpdateOrganisation(const auth::Principal& who,
                                   absl::string_view organisation_id,
                                   const std::vector<std::string>& member_of);
absl::Status MayDeleteOrganisation(const auth::Principal& who);
absl::Status MayChangeMemberships(const auth::Principal& who,
                                  absl::string_view partnership_id);

// What the directory knows about the organisations involved in a people
// request: for each organisation id, the partnerships it is a member of.
struct OrganisationScope {
  std::string organisation_id;
  std::vector<std::string> partnerships;
};

// Whether `who` reads the whole directory (every person, every role grant):
// administrators and Samen's own services (the unscoped `service` role, e.g.
// the notification workers looking up whom to write to).
bool ReadsWholeDirectory(const auth::Principal& who);

// Whether `who` may see people affiliated with one of `orgs` (self is handled
// apart): ReadsWholeDirectory, or a grant in one of them, or coordinating one
// of their partnerships.
bool CanSeePeopleOf(const auth::Principal& who,
                    const std::vector<OrganisationScope>& orgs);
// Whether `who` may manage (create, change, remove) people affiliated with all
// of `orgs`.
bool CanManagePeopleOf(const auth::Principal& who,
                       const std::vector<OrganisationScope>& orgs);

// The role's token name ("school_educator") for a directory role.
absl::string_view RoleName(v1::Role role);

}  // namespace samen::partners

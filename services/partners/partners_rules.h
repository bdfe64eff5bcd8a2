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

// ---- Names and ids
// -------------------------------------------------------------

// Resource ids chosen by clients: 2 to 63 characters [a-z0-9-], starting with a
// letter, not ending with a hyphen. `field` names the request field for the
// error.
absl::Status ValidateResourceId(absl::string_view id, absl::string_view field);
// Person ids are identity-provider subjects: 1 to 128 of [A-Za-z0-9-._@|:].
absl::Status ValidatePersonId(absl::string_view id, absl::string_view field);

// Parses "<collection>/<id>" and returns the id; INVALID_ARGUMENT naming
// `field` otherwise.
absl::StatusOr<std::string> ParseName(absl::string_view name,
                                      absl::string_view collection,
                                      absl::string_view field);

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

// A display name: 1 to `max_chars` characters of valid UTF-8 without control
// characters.
absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t max_chars, bool required);
// A calendar date "YYYY-MM-DD" that exists.
absl::Status ValidateDate(absl::string_view date, absl::string_view field,
                          bool required);

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

// The mask to apply: `mask` itself when it has paths (each must be updatable;
// "*" means all updatable fields), else the updatable fields that are set in
// `resource` (AIP-134's implied mask). INVALID_ARGUMENT names "update_mask" for
// unknown paths.
absl::StatusOr<google::protobuf::FieldMask> EffectiveMask(
    const google::protobuf::FieldMask& mask,
    const google::protobuf::Message& resource,
    const std::vector<std::string>& updatable);

// Copies the masked fields from `patch` into `target` (repeated fields are
// replaced).
void ApplyMask(const google::protobuf::FieldMask& mask,
               const google::protobuf::Message& patch,
               google::protobuf::Message* target);

// ---- Concurrency
// ---------------------------------------------------------------

// The etag of a stored row: opaque, changes with every write, differs between
// resources.
std::string MakeEtag(absl::string_view name, int64_t version,
                     absl::Time create_time);
// ABORTED (reason ETAG_MISMATCH) when `requested` is set and differs from
// `stored`.
absl::Status CheckEtag(absl::string_view requested, absl::string_view stored);

// ---- Paging
// --------------------------------------------------------------------

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

// 0 -> default, above the maximum -> maximum, negative -> INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int32_t requested);

// Page tokens are opaque to clients: they carry the last key of the previous
// page and a fingerprint of the filters, so a token cannot be replayed with
// other filters.
std::string EncodePageToken(absl::string_view last_key,
                            absl::string_view filter_fingerprint);
// Returns the last key; "" for an empty token. INVALID_ARGUMENT for a token
// that is malformed or belongs to other filters.
absl::StatusOr<std::string> DecodePageToken(
    absl::string_view token, absl::string_view filter_fingerprint);

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

// Whether `who` may see people affiliated with one of `orgs` (self is handled
// apart).
bool CanSeePeopleOf(const auth::Principal& who,
                    const std::vector<OrganisationScope>& orgs);
// Whether `who` may manage (create, change, remove) people affiliated with all
// of `orgs`.
bool CanManagePeopleOf(const auth::Principal& who,
                       const std::vector<OrganisationScope>& orgs);

// The role's token name ("school_educator") for a directory role.
absl::string_view RoleName(v1::Role role);

}  // namespace samen::partners

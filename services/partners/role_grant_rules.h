#pragma once

// Pure decisions about role grants: which role goes with which kind of scope
// (exactly the grants the services understand), valid dates, overlap, which
// grants hold on a day, and who may read and change grants. No I/O:
// unit-tested exhaustively in tests/unit/partners.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/auth/auth.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

// ---- Names ------------------------------------------------------------------

struct RoleGrantName {
  std::string person_id;
  std::string role_grant_id;
};
// "people/{person}/roleGrants/{role_grant}".
absl::StatusOr<RoleGrantName> ParseRoleGrantName(absl::string_view name,
                                                 absl::string_view field);
// "people/{person}" or "people/-" (returns "-").
absl::StatusOr<std::string> ParseRoleGrantParent(absl::string_view parent,
                                                 absl::string_view field);
std::string RoleGrantResourceName(absl::string_view person_id,
                                  absl::string_view role_grant_id);

// ---- Validation -------------------------------------------------------------

// What kind of scope a role takes.
enum class ScopeKind { kNone, kPartnership, kOrganisation };
// The kind of scope `role` takes: none for admin, service and integration;
// a partnership for coordinator; an organisation for every other role.
// INVALID_ARGUMENT naming `field` for a role that is not known.
absl::StatusOr<ScopeKind> ScopeKindOf(absl::string_view role,
                                      absl::string_view field);

// Role known, scope of the kind the role takes (a well-formed name; whether it
// exists is the repository's check), dates valid and end not before start.
// `prefix` is the request field holding the grant ("role_grant").
absl::Status ValidateRoleGrant(const v1::RoleGrant& g,
                               absl::string_view prefix);

// Fields an update may name: start_date and end_date.
const std::vector<std::string>& UpdatableRoleGrantFields();

// ---- Time -------------------------------------------------------------------

// Europe/Amsterdam, loaded once (aborts without tzdata rather than computing
// days in UTC).
const absl::TimeZone& Amsterdam();
// The calendar day `now` falls on in Europe/Amsterdam.
absl::CivilDay TodayInAmsterdam(absl::Time now);
// Whether `g` holds on `day`: start_date on or before it, end_date empty or on
// or after it. Dates are "YYYY-MM-DD" (compared as text).
bool IsActiveOn(const v1::RoleGrant& g, absl::string_view day);
// Whether the periods [start_a, end_a] and [start_b, end_b] share a day; an
// empty end is open.
bool PeriodsOverlap(absl::string_view start_a, absl::string_view end_a,
                    absl::string_view start_b, absl::string_view end_b);

// ---- Authorization ----------------------------------------------------------

// What the directory says about a grant's scope: for
// "organisations/{id}", the ids of the partnerships the organisation is a
// member of today.
struct ScopeFacts {
  std::vector<std::string> member_of;
};

// Ids of the partnerships `who` coordinates.
std::vector<std::string> CoordinatedPartnerships(const auth::Principal& who);
// Whether `who` coordinates a partnership `scope` lies in: the partnership
// itself, or an organisation that is currently its member.
bool ManagesScope(const auth::Principal& who, absl::string_view scope,
                  const ScopeFacts& facts);

// Before the directory is read: administrators may grant anything; coordinators
// any role but admin, integration and service; nobody else. PERMISSION_DENIED
// saying what is missing.
absl::Status MayGrantRole(const auth::Principal& who, absl::string_view role);
// MayGrantRole, and for coordinators: the scope lies in a partnership they
// coordinate. For create, update and delete alike.
absl::Status MayChangeRoleGrant(const auth::Principal& who,
                                absl::string_view role, absl::string_view scope,
                                const ScopeFacts& facts);

// Which grants a read may show.
struct GrantReadScope {
  bool all = false;                 // every grant (of the person, or all)
  std::vector<std::string> scopes;  // else only grants in these scopes
};
// For a read of `person_id`'s grants ("-" for everyone) filtered by
// `requested_scope` (empty: no filter): administrators, Samen's own services
// (the unscoped `service` role: ReadsWholeDirectory) and people reading their
// own see all; coordinators the scopes they manage (`managed`: every scope
// within the partnerships they coordinate, from the directory).
// PERMISSION_DENIED when nothing could be shown.
absl::StatusOr<GrantReadScope> ReadableGrants(
    const auth::Principal& who, absl::string_view person_id,
    absl::string_view requested_scope, const std::vector<std::string>& managed);
// Whether a read allowed with `read` may show a grant in `scope`.
bool MayShow(const GrantReadScope& read, absl::string_view scope);

// LookUpSignInProfile: the unscoped service role or administrators.
absl::Status MayLookUpSignInProfile(const auth::Principal& who);
// A look-up e-mail address: one '@' with text either side, no spaces.
absl::Status ValidateLookUpEmail(absl::string_view email,
                                 absl::string_view field);

}  // namespace samen::partners

#include "services/partners/role_grant_rules.h"
#include "services/common/timestamp.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/partners/partners_rules.h"

namespace samen::partners {
namespace {

constexpr absl::string_view kPartnerships = "partnerships/";
constexpr absl::string_view kOrganisations = "organisations/";

// Roles only administrators grant: the operator, machine clients and Samen's
// own services.
bool AdminOnly(absl::string_view role) {
  return role == auth::kAdmin || role == auth::kIntegration ||
         role == auth::kService;
}

std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

absl::Status CheckScope(absl::string_view role, ScopeKind kind,
                        absl::string_view scope, absl::string_view field) {
  switch (kind) {
    case ScopeKind::kNone:
      if (!scope.empty()) {
        return InvalidField(field, absl::StrCat("must be empty for the ", role,
                                                " role, which holds "
                                                "everywhere"));
      }
      return absl::OkStatus();
    case ScopeKind::kPartnership:
      if (!absl::StartsWith(scope, kPartnerships)) {
        return InvalidField(
            field, absl::StrCat("must be partnerships/{partnership} for the ",
                                role, " role"));
      }
      return resource::ParseName(scope, "partnerships", field).status();
    case ScopeKind::kOrganisation:
      if (!absl::StartsWith(scope, kOrganisations)) {
        return InvalidField(
            field, absl::StrCat("must be organisations/{organisation} for the ",
                                role, " role"));
      }
      return resource::ParseName(scope, "organisations", field).status();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RoleGrantName> ParseRoleGrantName(absl::string_view name,
                                                 absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids,
                   resource::ParseNamePattern(
                       name, "people/{person}/roleGrants/{role_grant}", field));
  return RoleGrantName{std::move(ids[0]), std::move(ids[1])};
}

absl::StatusOr<std::string> ParseRoleGrantParent(absl::string_view parent,
                                                 absl::string_view field) {
  if (parent == "people/-") {
    return std::string("-");
  }
  return resource::ParseName(parent, "people", field);
}

std::string RoleGrantResourceName(absl::string_view person_id,
                                  absl::string_view role_grant_id) {
  return absl::StrCat("people/", person_id, "/roleGrants/", role_grant_id);
}

absl::StatusOr<ScopeKind> ScopeKindOf(absl::string_view role,
                                      absl::string_view field) {
  if (role.empty()) {
    return InvalidField(field, "is required");
  }
  if (!auth::IsKnownRole(role)) {
    return InvalidField(
        field, absl::StrCat("\"", role,
                            "\" is not a role: use student, starter, coach, "
                            "mentor, school_educator, institute_educator, hr, "
                            "coordinator, integration, admin or service"));
  }
  if (AdminOnly(role)) {
    return ScopeKind::kNone;
  }
  if (role == auth::kCoordinator) {
    return ScopeKind::kPartnership;
  }
  return ScopeKind::kOrganisation;
}

absl::Status ValidateRoleGrant(const v1::RoleGrant& g,
                               absl::string_view prefix) {
  ASSIGN_OR_RETURN(ScopeKind kind,
                   ScopeKindOf(g.role(), Field(prefix, "role")));
  RETURN_IF_ERROR(
      CheckScope(g.role(), kind, g.scope(), Field(prefix, "scope")));
  RETURN_IF_ERROR(resource::ValidateDate(g.start_date(),
                                         Field(prefix, "start_date"), true));
  RETURN_IF_ERROR(
      resource::ValidateDate(g.end_date(), Field(prefix, "end_date"), false));
  if (!g.end_date().empty() && g.end_date() < g.start_date()) {
    return InvalidField(Field(prefix, "end_date"),
                        "cannot be before start_date");
  }
  return absl::OkStatus();
}

const std::vector<std::string>& UpdatableRoleGrantFields() {
  static const auto* fields =
      new std::vector<std::string>{"start_date", "end_date"};
  return *fields;
}

const absl::TimeZone& Amsterdam() {
  return AmsterdamZone();  // services/common/timestamp.h
}

absl::CivilDay TodayInAmsterdam(absl::Time now) {
  return absl::ToCivilDay(now, Amsterdam());
}

bool IsActiveOn(const v1::RoleGrant& g, absl::string_view day) {
  return g.start_date() <= day && (g.end_date().empty() || day <= g.end_date());
}

bool PeriodsOverlap(absl::string_view start_a, absl::string_view end_a,
                    absl::string_view start_b, absl::string_view end_b) {
  const bool a_ends_before_b = !end_a.empty() && end_a < start_b;
  const bool b_ends_before_a = !end_b.empty() && end_b < start_a;
  return !a_ends_before_b && !b_ends_before_a;
}

std::vector<std::string> CoordinatedPartnerships(const auth::Principal& who) {
  std::vector<std::string> ids;
  for (const auto& scope : who.ScopesWithRole(auth::kCoordinator)) {
    if (absl::StartsWith(scope, kPartnerships)) {
      ids.push_back(scope.substr(kPartnerships.size()));
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool ManagesScope(const auth::Principal& who, absl::string_view scope,
                  const ScopeFacts& facts) {
  if (absl::StartsWith(scope, kPartnerships)) {
    return who.HasRoleIn(auth::kCoordinator, scope);
  }
  if (!absl::StartsWith(scope, kOrganisations)) {
    return false;
  }
  return std::any_of(facts.member_of.begin(), facts.member_of.end(),
                     [&](const std::string& p) {
                       return who.HasRoleIn(auth::kCoordinator,
                                            absl::StrCat(kPartnerships, p));
                     });
}

absl::Status MayGrantRole(const auth::Principal& who, absl::string_view role) {
  if (who.IsAdmin()) {
    return absl::OkStatus();
  }
  if (AdminOnly(role)) {
    return absl::PermissionDeniedError(
        absl::StrCat("only administrators grant the ", role, " role"));
  }
  if (CoordinatedPartnerships(who).empty()) {
    return absl::PermissionDeniedError(
        "only administrators and coordinators change role grants");
  }
  return absl::OkStatus();
}

absl::Status MayChangeRoleGrant(const auth::Principal& who,
                                absl::string_view role, absl::string_view scope,
                                const ScopeFacts& facts) {
  RETURN_IF_ERROR(MayGrantRole(who, role));
  if (who.IsAdmin() || ManagesScope(who, scope, facts)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "coordinators change grants only within their partnership and its "
      "current member organisations; ",
      scope, " is not"));
}

absl::StatusOr<GrantReadScope> ReadableGrants(
    const auth::Principal& who, absl::string_view person_id,
    absl::string_view requested_scope,
    const std::vector<std::string>& managed) {
  GrantReadScope read;
  // Admins, Samen's own services (sign-in, the weekly HR digest) and the
  // person themself read every grant.
  if (ReadsWholeDirectory(who) ||
      (!who.subject.empty() && person_id == who.subject)) {
    read.all = true;
    return read;
  }
  if (!requested_scope.empty()) {
    if (std::find(managed.begin(), managed.end(), requested_scope) ==
        managed.end()) {
      return absl::PermissionDeniedError(absl::StrCat(
          "you may only read grants within the partnerships you coordinate; ",
          requested_scope, " is not"));
    }
    read.scopes = {std::string(requested_scope)};
    return read;
  }
  if (managed.empty()) {
    return absl::PermissionDeniedError(
        "you may only read your own role grants");
  }
  read.scopes = managed;
  return read;
}

bool MayShow(const GrantReadScope& read, absl::string_view scope) {
  return read.all || std::find(read.scopes.begin(), read.scopes.end(), scope) !=
                         read.scopes.end();
}

absl::Status MayLookUpSignInProfile(const auth::Principal& who) {
  if (who.IsAdmin() || who.HasRoleIn(auth::kService, "")) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only Samen's own services (role service) and administrators look up "
      "sign-in profiles");
}

absl::Status ValidateLookUpEmail(absl::string_view email,
                                 absl::string_view field) {
  RETURN_IF_ERROR(resource::ValidateText(email, field, 254, true));
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != absl::string_view::npos ||
      absl::StrContains(email, " ")) {
    return InvalidField(field, "must be an e-mail address");
  }
  return absl::OkStatus();
}

}  // namespace samen::partners

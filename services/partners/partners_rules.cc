#include "services/partners/partners_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"

namespace samen::partners {
namespace {

using google::protobuf::FieldMask;
using google::protobuf::util::FieldMaskUtil;

// Counts code points of valid UTF-8; -1 when invalid or containing control
// characters.
std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

// `url` when empty, else a printable https:// URL with a host, at most 500
// characters (a website or logo the public sees: never plain http).
absl::Status ValidateHttpsUrl(const std::string& url,
                              const std::string& field) {
  if (url.empty()) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(resource::ValidateText(url, field, 500, false));
  constexpr absl::string_view kHttps = "https://";
  if (!absl::StartsWith(url, kHttps) || url.size() == kHttps.size() ||
      url[kHttps.size()] == '/' || absl::StrContains(url, " ")) {
    return InvalidField(field, "must be an https:// URL");
  }
  return absl::OkStatus();
}

// "1234 AB" (or "1234AB"): four digits, the first not 0, and two capitals.
bool IsDutchPostalCode(absl::string_view given) {
  std::string code(given);
  if (code.size() == 7 && code[4] == ' ') {
    code.erase(4, 1);
  }
  if (code.size() != 6 || code[0] == '0') {
    return false;
  }
  for (size_t i = 0; i < 6; ++i) {
    const bool ok =
        i < 4 ? absl::ascii_isdigit(code[i]) : absl::ascii_isupper(code[i]);
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool IsScopedAs(const auth::Principal& who, absl::string_view role,
                absl::string_view scope) {
  return who.HasRoleIn(role, scope);
}

bool CoordinatesAny(const auth::Principal& who,
                    const std::vector<std::string>& partnerships) {
  for (const auto& p : partnerships) {
    if (who.HasRoleIn(auth::kCoordinator, absl::StrCat("partnerships/", p))) {
      return true;
    }
  }
  return false;
}

absl::Status Denied(absl::string_view what) {
  return absl::PermissionDeniedError(what);
}

}  // namespace

absl::StatusOr<MembershipName> ParseMembershipName(absl::string_view name,
                                                   absl::string_view field) {
  ASSIGN_OR_RETURN(
      auto ids,
      resource::ParseNamePattern(
          name, "partnerships/{partnership}/memberships/{membership}", field));
  return MembershipName{std::move(ids[0]), std::move(ids[1])};
}

absl::StatusOr<std::string> ParseMembershipParent(absl::string_view parent,
                                                  absl::string_view field) {
  if (parent == "partnerships/-") {
    return std::string("-");
  }
  return resource::ParseName(parent, "partnerships", field);
}

absl::Status ValidatePartnership(const v1::Partnership& p,
                                 absl::string_view prefix) {
  RETURN_IF_ERROR(resource::ValidateText(
      p.display_name(), Field(prefix, "display_name"), 200, true));
  RETURN_IF_ERROR(
      resource::ValidateText(p.region(), Field(prefix, "region"), 100, true));
  if (p.status() == v1::Partnership::STATUS_UNSPECIFIED) {
    return InvalidField(Field(prefix, "status"),
                        "is required: ASPIRING or ACCREDITED");
  }
  if (p.founding_year() != 0 &&
      (p.founding_year() < 1900 || p.founding_year() > 2200)) {
    return InvalidField(Field(prefix, "founding_year"),
                        "must be between 1900 and 2200");
  }
  if (p.accreditation_year() != 0) {
    if (p.accreditation_year() < 1900 || p.accreditation_year() > 2200) {
      return InvalidField(Field(prefix, "accreditation_year"),
                          "must be between 1900 and 2200");
    }
    if (p.founding_year() != 0 && p.accreditation_year() < p.founding_year()) {
      return InvalidField(Field(prefix, "accreditation_year"),
                          "cannot be before the founding year");
    }
  }
  std::set<int> sectors;
  for (int i = 0; i < p.sectors_size(); ++i) {
    if (p.sectors(i) == v1::SECTOR_UNSPECIFIED) {
      return InvalidField(Field(prefix, absl::StrCat("sectors[", i, "]")),
                          "must be PO, VO, VSO or MBO");
    }
    if (!sectors.insert(p.sectors(i)).second) {
      return InvalidField(Field(prefix, absl::StrCat("sectors[", i, "]")),
                          "is listed twice");
    }
  }
  if (p.clusters_size() > 50) {
    return InvalidField(Field(prefix, "clusters"), "at most 50 clusters");
  }
  std::set<std::string> cluster_ids;
  for (int i = 0; i < p.clusters_size(); ++i) {
    const std::string f = Field(prefix, absl::StrCat("clusters[", i, "]"));
    RETURN_IF_ERROR(resource::ValidateId(p.clusters(i).id(), f + ".id"));
    if (!cluster_ids.insert(p.clusters(i).id()).second) {
      return InvalidField(f + ".id", "is listed twice");
    }
    RETURN_IF_ERROR(resource::ValidateText(p.clusters(i).display_name(),
                                           f + ".display_name", 200, true));
  }
  return absl::OkStatus();
}

absl::Status ValidateOrganisation(const v1::Organisation& o,
                                  absl::string_view prefix) {
  RETURN_IF_ERROR(resource::ValidateText(
      o.display_name(), Field(prefix, "display_name"), 200, true));
  if (o.type() == v1::Organisation::TYPE_UNSPECIFIED) {
    return InvalidField(Field(prefix, "type"),
                        "is required: SCHOOL_BOARD, SCHOOL or INSTITUTE");
  }
  if (o.type() == v1::Organisation::SCHOOL &&
      o.sector() == v1::SECTOR_UNSPECIFIED) {
    return InvalidField(Field(prefix, "sector"),
                        "is required for a school: PO, VO, VSO or MBO");
  }
  if (o.type() != v1::Organisation::SCHOOL &&
      o.sector() != v1::SECTOR_UNSPECIFIED) {
    return InvalidField(Field(prefix, "sector"), "is only for schools");
  }
  if (o.type() == v1::Organisation::INSTITUTE &&
      o.institute_kind() == v1::Organisation::INSTITUTE_KIND_UNSPECIFIED) {
    return InvalidField(
        Field(prefix, "institute_kind"),
        "is required for an institute: HBO, UNIVERSITY, PABO or MBO_PROGRAMME");
  }
  if (o.type() != v1::Organisation::INSTITUTE &&
      o.institute_kind() != v1::Organisation::INSTITUTE_KIND_UNSPECIFIED) {
    return InvalidField(Field(prefix, "institute_kind"),
                        "is only for institutes");
  }
  if (!o.board().empty()) {
    if (o.type() != v1::Organisation::SCHOOL) {
      return InvalidField(Field(prefix, "board"),
                          "only schools belong to a board");
    }
    if (auto id = resource::ParseName(o.board(), "organisations",
                                      Field(prefix, "board"));
        !id.ok()) {
      return id.status();
    }
  }
  RETURN_IF_ERROR(
      resource::ValidateText(o.city(), Field(prefix, "city"), 100, false));
  RETURN_IF_ERROR(ValidateHttpsUrl(o.website(), Field(prefix, "website")));
  RETURN_IF_ERROR(ValidateHttpsUrl(o.logo_url(), Field(prefix, "logo_url")));
  RETURN_IF_ERROR(resource::ValidateText(
      o.street_address(), Field(prefix, "street_address"), 200, false));
  if (!o.postal_code().empty() && !IsDutchPostalCode(o.postal_code())) {
    return InvalidField(Field(prefix, "postal_code"),
                        "must be a Dutch postal code such as \"8251 AB\"");
  }
  return absl::OkStatus();
}

absl::Status ValidateMembership(const v1::Membership& m,
                                absl::string_view prefix) {
  if (auto id = resource::ParseName(m.organisation(), "organisations",
                                    Field(prefix, "organisation"));
      !id.ok()) {
    return id.status();
  }
  if (m.role() == v1::Membership::ROLE_UNSPECIFIED) {
    return InvalidField(
        Field(prefix, "role"),
        "is required: PARTNER, FOLLOWING, COOPERATING, CANDIDATE or INFORMAL");
  }
  RETURN_IF_ERROR(resource::ValidateDate(m.start_date(),
                                         Field(prefix, "start_date"), true));
  RETURN_IF_ERROR(
      resource::ValidateDate(m.end_date(), Field(prefix, "end_date"), false));
  if (!m.end_date().empty() && m.end_date() < m.start_date()) {
    return InvalidField(Field(prefix, "end_date"),
                        "cannot be before start_date");
  }
  if (!m.cluster().empty()) {
    RETURN_IF_ERROR(
        resource::ValidateId(m.cluster(), Field(prefix, "cluster")));
  }
  return absl::OkStatus();
}

absl::Status ValidatePerson(const v1::Person& p, absl::string_view prefix) {
  RETURN_IF_ERROR(resource::ValidateText(
      p.display_name(), Field(prefix, "display_name"), 200, true));
  if (!p.email().empty()) {
    RETURN_IF_ERROR(
        resource::ValidateText(p.email(), Field(prefix, "email"), 254, false));
    const size_t at = p.email().find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= p.email().size() ||
        p.email().find('@', at + 1) != std::string::npos ||
        absl::StrContains(p.email(), " ")) {
      return InvalidField(Field(prefix, "email"), "must be an e-mail address");
    }
  }
  if (p.affiliations_size() == 0) {
    return InvalidField(Field(prefix, "affiliations"),
                        "at least one affiliation is required");
  }
  if (p.affiliations_size() > 20) {
    return InvalidField(Field(prefix, "affiliations"),
                        "at most 20 affiliations");
  }
  std::set<std::string> orgs;
  for (int i = 0; i < p.affiliations_size(); ++i) {
    const auto& a = p.affiliations(i);
    const std::string f = Field(prefix, absl::StrCat("affiliations[", i, "]"));
    if (auto id = resource::ParseName(a.organisation(), "organisations",
                                      f + ".organisation");
        !id.ok()) {
      return id.status();
    }
    if (!orgs.insert(a.organisation()).second) {
      return InvalidField(f + ".organisation", "is listed twice");
    }
    if (a.roles_size() == 0) {
      return InvalidField(f + ".roles", "at least one role is required");
    }
    std::set<int> roles;
    for (int r = 0; r < a.roles_size(); ++r) {
      if (a.roles(r) == v1::ROLE_UNSPECIFIED) {
        return InvalidField(absl::StrCat(f, ".roles[", r, "]"),
                            "must be a known role");
      }
      if (!roles.insert(a.roles(r)).second) {
        return InvalidField(absl::StrCat(f, ".roles[", r, "]"),
                            "is listed twice");
      }
    }
  }
  return absl::OkStatus();
}

const std::vector<std::string>& UpdatablePartnershipFields() {
  static const auto* fields = new std::vector<std::string>{
      "display_name",       "region",  "status",  "academic", "founding_year",
      "accreditation_year", "sectors", "clusters"};
  return *fields;
}

const std::vector<std::string>& UpdatableOrganisationFields() {
  static const auto* fields = new std::vector<std::string>{
      "display_name",   "sector",         "board",
      "city",           "institute_kind", "website",
      "street_address", "postal_code",    "logo_url"};
  return *fields;
}

const std::vector<std::string>& UpdatableMembershipFields() {
  static const auto* fields =
      new std::vector<std::string>{"role", "start_date", "end_date", "cluster"};
  return *fields;
}

const std::vector<std::string>& UpdatablePersonFields() {
  static const auto* fields =
      new std::vector<std::string>{"display_name", "email", "affiliations"};
  return *fields;
}

absl::Status MayCreatePartnership(const auth::Principal& who) {
  return who.IsAdmin() ? absl::OkStatus()
                       : Denied("only administrators create partnerships");
}

absl::Status MayUpdatePartnership(const auth::Principal& who,
                                  absl::string_view partnership_id) {
  if (who.IsAdmin() ||
      IsScopedAs(who, auth::kCoordinator,
                 absl::StrCat("partnerships/", partnership_id))) {
    return absl::OkStatus();
  }
  return Denied("only coordinators of this partnership change it");
}

absl::Status MayDeletePartnership(const auth::Principal& who) {
  return who.IsAdmin() ? absl::OkStatus()
                       : Denied("only administrators delete partnerships");
}

absl::Status MayCreateOrganisation(const auth::Principal& who) {
  if (who.IsAdmin() || who.HasRole(auth::kCoordinator)) {
    return absl::OkStatus();
  }
  return Denied("only coordinators and administrators add organisations");
}

absl::Status MayUpdateOrganisation(const auth::Principal& who,
                                   absl::string_view organisation_id,
                                   const std::vector<std::string>& member_of) {
  if (who.IsAdmin() || CoordinatesAny(who, member_of) ||
      IsScopedAs(who, auth::kHr,
                 absl::StrCat("organisations/", organisation_id))) {
    return absl::OkStatus();
  }
  return Denied(
      "only the organisation's HR and coordinators of its partnerships change "
      "it");
}

absl::Status MayDeleteOrganisation(const auth::Principal& who) {
  return who.IsAdmin() ? absl::OkStatus()
                       : Denied("only administrators delete organisations");
}

absl::Status MayChangeMemberships(const auth::Principal& who,
                                  absl::string_view partnership_id) {
  if (who.IsAdmin() ||
      IsScopedAs(who, auth::kCoordinator,
                 absl::StrCat("partnerships/", partnership_id))) {
    return absl::OkStatus();
  }
  return Denied("only coordinators of this partnership change its memberships");
}

bool ReadsWholeDirectory(const auth::Principal& who) {
  return who.IsAdmin() || who.HasRoleIn(auth::kService, "");
}

bool CanSeePeopleOf(const auth::Principal& who,
                    const std::vector<OrganisationScope>& orgs) {
  if (ReadsWholeDirectory(who)) {
    return true;
  }
  const std::vector<std::string> scopes = who.AllScopes();
  for (const auto& org : orgs) {
    const std::string name =
        absl::StrCat("organisations/", org.organisation_id);
    if (std::binary_search(scopes.begin(), scopes.end(), name) ||
        CoordinatesAny(who, org.partnerships)) {
      return true;
    }
  }
  return false;
}

bool CanManagePeopleOf(const auth::Principal& who,
                       const std::vector<OrganisationScope>& orgs) {
  if (who.IsAdmin()) {
    return true;
  }
  if (orgs.empty()) {
    return false;
  }
  for (const auto& org : orgs) {
    const bool hr = who.HasRoleIn(
        auth::kHr, absl::StrCat("organisations/", org.organisation_id));
    if (!hr && !CoordinatesAny(who, org.partnerships)) {
      return false;
    }
  }
  return true;
}

absl::string_view RoleName(v1::Role role) {
  switch (role) {
    case v1::STUDENT:
      return auth::kStudent;
    case v1::STARTER:
      return auth::kStarter;
    case v1::COACH:
      return auth::kCoach;
    case v1::MENTOR:
      return auth::kMentor;
    case v1::SCHOOL_EDUCATOR:
      return auth::kSchoolEducator;
    case v1::INSTITUTE_EDUCATOR:
      return auth::kInstituteEducator;
    case v1::HR:
      return auth::kHr;
    case v1::COORDINATOR:
      return auth::kCoordinator;
    default:
      return "";
  }
}

}  // namespace samen::partners

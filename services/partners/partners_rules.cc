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

namespace samen::partners {
namespace {

using google::protobuf::FieldMask;
using google::protobuf::util::FieldMaskUtil;

bool IsLowerAlnum(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c);
}

// Counts code points of valid UTF-8; -1 when invalid or containing control
// characters.
int64_t CountTextChars(absl::string_view s) {
  int64_t count = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    int len = 0;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      return -1;
    }
    if (i + len > s.size()) {
      return -1;
    }
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                          (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return -1;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      return -1;
    }
    i += len;
    ++count;
  }
  return count;
}

std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

uint64_t Fnv1a(absl::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
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

absl::Status ValidateResourceId(absl::string_view id, absl::string_view field) {
  if (id.empty()) {
    return InvalidField(field, "is required");
  }
  const bool ok = id.size() >= 2 && id.size() <= 63 &&
                  absl::ascii_islower(id.front()) && id.back() != '-' &&
                  std::all_of(id.begin(), id.end(), [](char c) {
                    return IsLowerAlnum(c) || c == '-';
                  });
  if (!ok) {
    return InvalidField(
        field,
        "must be 2 to 63 lower-case letters, digits or hyphens, starting "
        "with a letter and not ending with a hyphen");
  }
  return absl::OkStatus();
}

absl::Status ValidatePersonId(absl::string_view id, absl::string_view field) {
  if (id.empty()) {
    return InvalidField(field, "is required");
  }
  const bool ok =
      id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
               c == '@' || c == '|' || c == ':';
      });
  if (!ok) {
    return InvalidField(
        field, "must be 1 to 128 letters, digits or any of - . _ @ | :");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ParseName(absl::string_view name,
                                      absl::string_view collection,
                                      absl::string_view field) {
  const std::string prefix = absl::StrCat(collection, "/");
  if (name.empty()) {
    return InvalidField(field, "is required");
  }
  if (!absl::StartsWith(name, prefix)) {
    return InvalidField(field,
                        absl::StrCat("must look like ", collection, "/{id}"));
  }
  std::string id(name.substr(prefix.size()));
  absl::Status valid = collection == "people" ? ValidatePersonId(id, field)
                                              : ValidateResourceId(id, field);
  if (!valid.ok()) {
    return InvalidField(field, absl::StrCat("must look like ", collection,
                                            "/{id} with a valid id"));
  }
  return id;
}

absl::StatusOr<MembershipName> ParseMembershipName(absl::string_view name,
                                                   absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "partnerships" ||
      parts[2] != "memberships" || !ValidateResourceId(parts[1], field).ok() ||
      !ValidateResourceId(parts[3], field).ok()) {
    return InvalidField(
        field,
        "must look like partnerships/{partnership}/memberships/{membership}");
  }
  return MembershipName{std::string(parts[1]), std::string(parts[3])};
}

absl::StatusOr<std::string> ParseMembershipParent(absl::string_view parent,
                                                  absl::string_view field) {
  if (parent == "partnerships/-") {
    return std::string("-");
  }
  return ParseName(parent, "partnerships", field);
}

absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t max_chars, bool required) {
  if (text.empty()) {
    return required ? InvalidField(field, "is required") : absl::OkStatus();
  }
  const int64_t chars = CountTextChars(text);
  if (chars < 0) {
    return InvalidField(field,
                        "must be valid UTF-8 without control characters");
  }
  if (static_cast<size_t>(chars) > max_chars) {
    return InvalidField(
        field, absl::StrCat("must be at most ", max_chars, " characters"));
  }
  if (absl::StripAsciiWhitespace(text).empty()) {
    return InvalidField(field, "must not be blank");
  }
  return absl::OkStatus();
}

absl::Status ValidateDate(absl::string_view date, absl::string_view field,
                          bool required) {
  if (date.empty()) {
    return required ? InvalidField(field, "is required") : absl::OkStatus();
  }
  int y = 0;
  int m = 0;
  int d = 0;
  const bool shape = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                     absl::SimpleAtoi(date.substr(0, 4), &y) &&
                     absl::SimpleAtoi(date.substr(5, 2), &m) &&
                     absl::SimpleAtoi(date.substr(8, 2), &d) &&
                     std::all_of(date.begin(), date.end(), [](char c) {
                       return absl::ascii_isdigit(c) || c == '-';
                     });
  const absl::CivilDay day(y, m, d);
  if (!shape || y < 1900 || y > 2200 || day.year() != y || day.month() != m ||
      day.day() != d) {
    return InvalidField(field, "must be a date written YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::Status ValidatePartnership(const v1::Partnership& p,
                                 absl::string_view prefix) {
  if (auto s = ValidateText(p.display_name(), Field(prefix, "display_name"),
                            200, true);
      !s.ok()) {
    return s;
  }
  if (auto s = ValidateText(p.region(), Field(prefix, "region"), 100, true);
      !s.ok()) {
    return s;
  }
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
    if (auto s = ValidateResourceId(p.clusters(i).id(), f + ".id"); !s.ok()) {
      return s;
    }
    if (!cluster_ids.insert(p.clusters(i).id()).second) {
      return InvalidField(f + ".id", "is listed twice");
    }
    if (auto s = ValidateText(p.clusters(i).display_name(), f + ".display_name",
                              200, true);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOrganisation(const v1::Organisation& o,
                                  absl::string_view prefix) {
  if (auto s = ValidateText(o.display_name(), Field(prefix, "display_name"),
                            200, true);
      !s.ok()) {
    return s;
  }
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
    if (auto id = ParseName(o.board(), "organisations", Field(prefix, "board"));
        !id.ok()) {
      return id.status();
    }
  }
  if (auto s = ValidateText(o.city(), Field(prefix, "city"), 100, false);
      !s.ok()) {
    return s;
  }
  if (!o.website().empty()) {
    if (auto s =
            ValidateText(o.website(), Field(prefix, "website"), 500, false);
        !s.ok()) {
      return s;
    }
    if (!absl::StartsWith(o.website(), "https://") &&
        !absl::StartsWith(o.website(), "http://")) {
      return InvalidField(Field(prefix, "website"),
                          "must start with https:// or http://");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateMembership(const v1::Membership& m,
                                absl::string_view prefix) {
  if (auto id = ParseName(m.organisation(), "organisations",
                          Field(prefix, "organisation"));
      !id.ok()) {
    return id.status();
  }
  if (m.role() == v1::Membership::ROLE_UNSPECIFIED) {
    return InvalidField(
        Field(prefix, "role"),
        "is required: PARTNER, FOLLOWING, COOPERATING, CANDIDATE or INFORMAL");
  }
  if (auto s = ValidateDate(m.start_date(), Field(prefix, "start_date"), true);
      !s.ok()) {
    return s;
  }
  if (auto s = ValidateDate(m.end_date(), Field(prefix, "end_date"), false);
      !s.ok()) {
    return s;
  }
  if (!m.end_date().empty() && m.end_date() < m.start_date()) {
    return InvalidField(Field(prefix, "end_date"),
                        "cannot be before start_date");
  }
  if (!m.cluster().empty()) {
    if (auto s = ValidateResourceId(m.cluster(), Field(prefix, "cluster"));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidatePerson(const v1::Person& p, absl::string_view prefix) {
  if (auto s = ValidateText(p.display_name(), Field(prefix, "display_name"),
                            200, true);
      !s.ok()) {
    return s;
  }
  if (!p.email().empty()) {
    if (auto s = ValidateText(p.email(), Field(prefix, "email"), 254, false);
        !s.ok()) {
      return s;
    }
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
    if (auto id =
            ParseName(a.organisation(), "organisations", f + ".organisation");
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
      "display_name", "sector", "board", "city", "institute_kind", "website"};
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

absl::StatusOr<FieldMask> EffectiveMask(
    const FieldMask& mask, const google::protobuf::Message& resource,
    const std::vector<std::string>& updatable) {
  FieldMask out;
  if (mask.paths_size() == 1 && mask.paths(0) == "*") {
    for (const auto& f : updatable) {
      out.add_paths(f);
    }
    return out;
  }
  if (mask.paths_size() > 0) {
    for (const auto& path : mask.paths()) {
      // Accept the JSON (lowerCamelCase) spelling as well as the proto one.
      std::string snake;
      for (char c : path) {
        if (absl::ascii_isupper(c)) {
          snake.push_back('_');
          snake.push_back(absl::ascii_tolower(c));
        } else {
          snake.push_back(c);
        }
      }
      // Output-only fields come back when clients PATCH a resource they read
      // (AIP-203): ignored, not an error.
      if (snake == "name" || snake == "etag" || snake == "create_time" ||
          snake == "update_time") {
        continue;
      }
      if (std::find(updatable.begin(), updatable.end(), snake) ==
          updatable.end()) {
        return InvalidField(
            "update_mask",
            absl::StrCat("field \"", path, "\" cannot be updated"));
      }
      out.add_paths(snake);
    }
    if (out.paths_size() == 0) {
      return InvalidField("update_mask",
                          "nothing to update: name the fields to change");
    }
    return out;
  }
  const auto* descriptor = resource.GetDescriptor();
  const auto* reflection = resource.GetReflection();
  for (const auto& f : updatable) {
    const auto* field = descriptor->FindFieldByName(f);
    if (field == nullptr) {
      continue;
    }
    const bool set = field->is_repeated()
                         ? reflection->FieldSize(resource, field) > 0
                         : reflection->HasField(resource, field);
    if (set) {
      out.add_paths(f);
    }
  }
  if (out.paths_size() == 0) {
    return InvalidField("update_mask",
                        "nothing to update: name the fields to change");
  }
  return out;
}

void ApplyMask(const FieldMask& mask, const google::protobuf::Message& patch,
               google::protobuf::Message* target) {
  FieldMaskUtil::MergeOptions options;
  options.set_replace_repeated_fields(true);
  options.set_replace_message_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, mask, options, target);
}

std::string MakeEtag(absl::string_view name, int64_t version,
                     absl::Time create_time) {
  const int64_t created = absl::ToUnixMicros(create_time);
  return absl::StrFormat("%x-%016x", static_cast<uint64_t>(version),
                         Fnv1a(absl::StrCat(name, "@", created)));
}

absl::Status CheckEtag(absl::string_view requested, absl::string_view stored) {
  absl::string_view r = requested;
  // Accept an HTTP entity tag as well ("W/" prefix and quotes).
  if (absl::StartsWith(r, "W/")) {
    r.remove_prefix(2);
  }
  if (r.size() >= 2 && r.front() == '"' && r.back() == '"') {
    r = r.substr(1, r.size() - 2);
  }
  if (r.empty() || r == stored) {
    return absl::OkStatus();
  }
  return WithReason(
      absl::AbortedError(
          "etag does not match: the resource changed since you read it; "
          "read it again and retry"),
      "ETAG_MISMATCH");
}

absl::StatusOr<int> EffectivePageSize(int32_t requested) {
  if (requested < 0) {
    return InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) {
    return kDefaultPageSize;
  }
  return std::min<int>(requested, kMaxPageSize);
}

std::string EncodePageToken(absl::string_view last_key,
                            absl::string_view filter_fingerprint) {
  return absl::WebSafeBase64Escape(
      absl::StrFormat("1:%016x:%s", Fnv1a(filter_fingerprint), last_key));
}

absl::StatusOr<std::string> DecodePageToken(
    absl::string_view token, absl::string_view filter_fingerprint) {
  if (token.empty()) {
    return std::string();
  }
  std::string raw;
  if (token.size() > 1024 || !absl::WebSafeBase64Unescape(token, &raw)) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(raw, absl::MaxSplits(':', 2));
  if (parts.size() != 3 || parts[0] != "1" || parts[2].empty()) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  if (parts[1] != absl::StrFormat("%016x", Fnv1a(filter_fingerprint))) {
    return InvalidField(
        "page_token",
        "belongs to a listing with other filters; start again without it");
  }
  return std::string(parts[2]);
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

bool CanSeePeopleOf(const auth::Principal& who,
                    const std::vector<OrganisationScope>& orgs) {
  if (who.IsAdmin()) {
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

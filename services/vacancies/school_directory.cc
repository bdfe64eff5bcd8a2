#include "services/vacancies/school_directory.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/vacancies/vacancy_rules.h"

namespace samen::vacancies {
namespace {

partners_v1::Organisation::Type ProtoType(directory::Organisation::Type t) {
  switch (t) {
    case directory::Organisation::Type::kSchool:
      return partners_v1::Organisation::SCHOOL;
    case directory::Organisation::Type::kBoard:
      return partners_v1::Organisation::SCHOOL_BOARD;
    case directory::Organisation::Type::kInstitute:
      return partners_v1::Organisation::INSTITUTE;
    default:
      return partners_v1::Organisation::TYPE_UNSPECIFIED;
  }
}

// The memberships of `organisation_id` current on `today` (YYYY-MM-DD), by
// partnership, each with its partnership's region; `regions` caches regions
// by partnership.
absl::StatusOr<std::vector<School::Membership>> CurrentMemberships(
    directory::Directory& directory, const CallContext& call,
    const std::string& organisation_id, const std::string& today,
    std::map<std::string, std::string>& regions) {
  ASSIGN_OR_RETURN(std::vector<directory::Membership> memberships,
                   directory.MembershipsOf(call, organisation_id));
  std::sort(memberships.begin(), memberships.end(),
            [](const auto& a, const auto& b) {
              return a.partnership_id < b.partnership_id;
            });
  std::vector<School::Membership> out;
  for (const auto& m : memberships) {
    if (!m.end_date.empty() && m.end_date < today) {
      continue;
    }
    auto it = regions.find(m.partnership_id);
    if (it == regions.end()) {
      ASSIGN_OR_RETURN(directory::Partnership p,
                       directory.GetPartnership(call, m.partnership_id));
      it = regions.emplace(m.partnership_id, p.region).first;
    }
    out.push_back({m.partnership_id, it->second, m.end_date});
  }
  return out;
}

}  // namespace

absl::StatusOr<School> LookUpSchool(directory::Directory& directory,
                                    const CallContext& call,
                                    const std::string& school_id,
                                    absl::Time now) {
  ASSIGN_OR_RETURN(directory::Organisation org,
                   directory.GetOrganisation(call, school_id));
  School school;
  school.scope.school_id = school_id;
  school.scope.board_id = org.board_id;
  school.type = ProtoType(org.type);
  school.sector = org.sector;
  school.display_name = org.display_name;
  school.city = org.city;
  school.street_address = org.street_address;
  school.postal_code = org.postal_code;
  school.website = org.website;
  school.logo_url = org.logo_url;
  std::map<std::string, std::string> regions;
  ASSIGN_OR_RETURN(school.memberships,
                   CurrentMemberships(directory, call, school_id,
                                      AmsterdamDate(now), regions));
  for (const auto& m : school.memberships) {
    school.scope.partnerships.push_back(m.partnership_id);
  }
  return school;
}

absl::StatusOr<std::vector<std::string>> RegionsOf(
    directory::Directory& directory, const CallContext& call,
    const std::vector<std::string>& organisation_ids, absl::Time now) {
  const std::string today = AmsterdamDate(now);
  std::map<std::string, std::string> regions;
  std::vector<std::string> out;
  for (const auto& id : organisation_ids) {
    ASSIGN_OR_RETURN(auto current,
                     CurrentMemberships(directory, call, id, today, regions));
    for (auto& m : current) {
      out.push_back(std::move(m.region));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::StatusOr<Region> ResolveRegion(directory::Directory& directory,
                                     const CallContext& call,
                                     const std::string& slug) {
  ASSIGN_OR_RETURN(std::vector<directory::Partnership> partnerships,
                   directory.ListPartnerships(call));
  Region region;
  for (const auto& p : partnerships) {
    if (RegionSlug(p.region) == slug) {
      region.text = p.region;
      region.partnerships.push_back(p.id);
    }
  }
  if (region.partnerships.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "regions/", slug, " does not exist: no partnership serves it"));
  }
  return region;
}

}  // namespace samen::vacancies

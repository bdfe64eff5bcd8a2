#pragma once

// What the Professionalisation service asks the Partners service (DESIGN.md
// decision 3: another service's data only through its API): whether an owner
// exists, and for a host location its name, city and membership of the owning
// partnership. An interface, so handlers can be tested without a peer.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/call.h"
#include "services/professionalisation/professionalisation_rules.h"

namespace samen::professionalisation {

struct LocationInfo {
  std::string display_name;
  std::string city;
};

struct PersonInfo {
  std::string display_name;
  std::vector<std::string> organisations;  // `organisations/{id}`
};

class PartnersDirectory {
 public:
  virtual ~PartnersDirectory() = default;
  // OK when the partnership or organisation exists; INVALID_ARGUMENT naming
  // `field` when it does not; UNAVAILABLE when the Partners service cannot
  // answer.
  virtual absl::Status CheckOwner(const CallContext& call, const Owner& owner,
                                  absl::string_view field) = 0;
  // The organisation's name and city; INVALID_ARGUMENT naming `field` when it
  // does not exist or, for a partnership owner, is not a member of it.
  virtual absl::StatusOr<LocationInfo> CheckLocation(
      const CallContext& call, const Owner& owner,
      const std::string& organisation_id, absl::string_view field) = 0;
  // The person's name and organisations as the directory has them (what the
  // caller may see of them).
  virtual absl::StatusOr<PersonInfo> LookupPerson(
      const CallContext& call, const std::string& person_id) = 0;
};

// Over gRPC to PeerChannel("partners"), forwarding the caller's token.
class GrpcPartnersDirectory final : public PartnersDirectory {
 public:
  absl::Status CheckOwner(const CallContext& call, const Owner& owner,
                          absl::string_view field) override;
  absl::StatusOr<LocationInfo> CheckLocation(const CallContext& call,
                                             const Owner& owner,
                                             const std::string& organisation_id,
                                             absl::string_view field) override;
  absl::StatusOr<PersonInfo> LookupPerson(
      const CallContext& call, const std::string& person_id) override;
};

}  // namespace samen::professionalisation

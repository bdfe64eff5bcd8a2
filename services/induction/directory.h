#pragma once

// What the Induction service asks the Partners directory (through its gRPC API,
// with the caller's token, DESIGN.md decision 3): does a person exist, where do
// they work, and which board owns a school. An interface so handlers can be
// tested without a Partners service.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/call.h"

namespace samen::induction {

struct DirectoryPerson {
  std::string id;
  std::string display_name;
  std::vector<std::string> organisation_ids;
};

class Directory {
 public:
  virtual ~Directory() = default;
  // NOT_FOUND when the person does not exist or is not visible to the caller.
  virtual absl::StatusOr<DirectoryPerson> GetPerson(const CallContext& call,
                                                    const std::string& id) = 0;
  // The board of a school ("" when it has none); NOT_FOUND for no school.
  virtual absl::StatusOr<std::string> BoardOf(const CallContext& call,
                                              const std::string& school_id) = 0;
};

// The Partners service over gRPC (PeerChannel("partners")).
class PartnersDirectory final : public Directory {
 public:
  absl::StatusOr<DirectoryPerson> GetPerson(const CallContext& call,
                                            const std::string& id) override;
  absl::StatusOr<std::string> BoardOf(const CallContext& call,
                                      const std::string& school_id) override;
};

}  // namespace samen::induction

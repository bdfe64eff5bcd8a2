#pragma once

// Who a signed-in person is in Samen and what they may do: their profile and
// current role grants from the Partners directory (LookUpSignInProfile), read
// with the identity service's own `service` token. An interface, so the
// sign-in flows can be tested without a Partners service.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/auth.h"
#include "services/common/peers.h"

namespace samen::identity {

class TokenIssuer;

struct Profile {
  std::string person_id;
  std::string display_name;
  std::string email;
  std::vector<auth::Grant> grants;  // those that hold today

  auth::Principal AsPrincipal() const;
};

class ProfileSource {
 public:
  virtual ~ProfileSource() = default;
  // NOT_FOUND when the directory has no such person (or e-mail address);
  // FAILED_PRECONDITION when several people share the address.
  virtual absl::StatusOr<Profile> ByPerson(const std::string& person_id,
                                           absl::Time deadline) = 0;
  virtual absl::StatusOr<Profile> ByEmail(const std::string& email,
                                          absl::Time deadline) = 0;
};

// The Partners service over gRPC (peers->Channel("partners")).
std::unique_ptr<ProfileSource> PartnersProfileSource(Peers* peers,
                                                     TokenIssuer* issuer);

}  // namespace samen::identity

#pragma once

// The token a service's background work (the mail worker) calls other
// services with, as the `service` role: with a machine client's credentials
// at the identity service (SignInService.IssueToken, client_credentials), or,
// where samen-server verifies HS256 tokens from a shared secret (local runs
// and tests), minted with that secret. Tokens are kept until a minute before
// they run out. Thread-safe.

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/auth/auth.h"
#include "services/common/call.h"
#include "services/common/peers.h"

namespace samen::notify {

struct ServiceCredentials {
  // A machine client holding the `service` grant (identity's CreateClient).
  std::string client_id;
  std::string client_secret;
  // Without a client: mint with this HS256 secret, issuer and audience.
  auth::MintOptions hs256;
  std::string subject = "samen-notifications";
};

class ServiceTokenSource {
 public:
  ServiceTokenSource(ServiceCredentials credentials, Peers* peers)
      : credentials_(std::move(credentials)), peers_(peers) {}

  // Whether any way to get a token is configured.
  bool configured() const {
    return !credentials_.client_id.empty() ||
           !credentials_.hs256.secret.empty();
  }

  // "Bearer <token>"; UNAVAILABLE when the identity service does not answer,
  // FAILED_PRECONDITION when nothing is configured or the client is refused.
  absl::StatusOr<std::string> Authorization(absl::Time deadline);

 private:
  absl::StatusOr<std::string> FromIdentity(absl::Time deadline,
                                           absl::Duration* ttl);

  const ServiceCredentials credentials_;
  Peers* const peers_;
  absl::Mutex mu_;
  std::string token_ ABSL_GUARDED_BY(mu_);
  absl::Time renew_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

// A call made as the service itself: request id `what`, a deadline `timeout`
// from now and the service token.
absl::StatusOr<CallContext> ServiceCall(ServiceTokenSource& tokens,
                                        absl::string_view what,
                                        absl::Duration timeout);

}  // namespace samen::notify

#pragma once

// The edge verifier that follows Samen's signing keys. Samen's access tokens
// are ES256-signed with keys the identity service publishes (and rotates):
// KeyRefresher fetches the JWKS at start and every minute, and when it
// changed builds a new verifier from the configured options plus those keys,
// which SwappableVerifier hands to the Authenticate filter from then on. When
// the identity service does not answer, the previous verifier stays.

#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gateway/session/public_documents.h"
#include "services/common/auth/auth.h"

namespace samen::gateway::session {

// A TokenVerifier whose implementation can be replaced while requests use it.
class SwappableVerifier final : public auth::TokenVerifier {
 public:
  explicit SwappableVerifier(std::shared_ptr<const auth::TokenVerifier> initial)
      : current_(std::move(initial)) {}

  void Swap(std::shared_ptr<const auth::TokenVerifier> next);
  absl::StatusOr<auth::Principal> Verify(absl::string_view token,
                                         absl::Time now) const override;

 private:
  mutable absl::Mutex mu_;
  std::shared_ptr<const auth::TokenVerifier> current_ ABSL_GUARDED_BY(mu_);
};

class KeyRefresher {
 public:
  // Starts refreshing at once. `documents` and `verifier` must outlive it,
  // and so must the gateway's CallRegistry until its calls have ended.
  KeyRefresher(auth::VerifierOptions base, PublicDocumentsCache* documents,
               SwappableVerifier* verifier, absl::Duration interval);
  ~KeyRefresher();

  // Stops the timer; a fetch in flight may still complete.
  void Stop();

 private:
  void Run();
  void Apply(const grpc::Status& status,
             const identity::v1::PublicDocuments& documents);

  const auth::VerifierOptions base_;
  PublicDocumentsCache* const documents_;
  SwappableVerifier* const verifier_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::string jwks_json_ ABSL_GUARDED_BY(mu_);
  // A failure is logged once until the next success.
  bool failing_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace samen::gateway::session

#pragma once

// Samen's public documents (the JWKS and the authorization server metadata)
// from SignInService.GetPublicDocuments, kept for a while: the
// /.well-known/ endpoints and the edge key refresher read them without a
// call each time.

#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gateway/session/sign_in_client.h"
#include "grpcpp/support/status.h"
#include "samen/identity/v1/identity_service.pb.h"

namespace samen::gateway::session {

class PublicDocumentsCache {
 public:
  using Done = std::function<void(const grpc::Status&,
                                  const identity::v1::PublicDocuments&)>;

  // `client` must outlive the cache.
  PublicDocumentsCache(const SignInClient* client, absl::Duration max_age);

  // The documents fetched less than `max_age` ago (`done` runs at once), else
  // fetched now (`done` runs on a gRPC thread).
  void Get(absl::string_view request_id, Done done);
  // Fetches now and keeps the answer when it is OK.
  void Refresh(absl::string_view request_id, Done done);

 private:
  const SignInClient* const client_;
  const absl::Duration max_age_;
  absl::Mutex mu_;
  identity::v1::PublicDocuments documents_ ABSL_GUARDED_BY(mu_);
  absl::Time fetched_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace samen::gateway::session

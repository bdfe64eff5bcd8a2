#include "gateway/session/public_documents.h"

#include <utility>

#include "absl/time/clock.h"

namespace samen::gateway::session {

PublicDocumentsCache::PublicDocumentsCache(const SignInClient* client,
                                           absl::Duration max_age)
    : client_(client), max_age_(max_age) {}

void PublicDocumentsCache::Get(absl::string_view request_id, Done done) {
  identity::v1::PublicDocuments documents;
  {
    absl::MutexLock lock(&mu_);
    if (absl::Now() - fetched_ >= max_age_) {
      documents.Clear();
    } else {
      documents = documents_;
    }
  }
  if (!documents.jwks_json().empty() ||
      !documents.authorization_server_metadata_json().empty()) {
    done(grpc::Status::OK, documents);
    return;
  }
  Refresh(request_id, std::move(done));
}

void PublicDocumentsCache::Refresh(absl::string_view request_id, Done done) {
  client_->GetPublicDocuments(
      request_id,
      [this, done = std::move(done)](const grpc::Status& status,
                                     identity::v1::PublicDocuments& documents) {
        if (status.ok()) {
          absl::MutexLock lock(&mu_);
          documents_ = documents;
          fetched_ = absl::Now();
        }
        done(status, documents);
      });
}

}  // namespace samen::gateway::session

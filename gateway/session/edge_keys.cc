#include "gateway/session/edge_keys.h"

#include <utility>

#include "services/common/logging.h"

namespace samen::gateway::session {

void SwappableVerifier::Swap(std::shared_ptr<const auth::TokenVerifier> next) {
  absl::MutexLock lock(&mu_);
  current_ = std::move(next);
}

absl::StatusOr<auth::Principal> SwappableVerifier::Verify(
    absl::string_view token, absl::Time now) const {
  std::shared_ptr<const auth::TokenVerifier> current;
  {
    absl::ReaderMutexLock lock(&mu_);  // every request: readers share it
    current = current_;
  }
  return current->Verify(token, now);
}

KeyRefresher::KeyRefresher(auth::VerifierOptions base,
                           PublicDocumentsCache* documents,
                           SwappableVerifier* verifier, absl::Duration interval)
    : base_(std::move(base)),
      documents_(documents),
      verifier_(verifier),
      interval_(interval),
      thread_([this] { Run(); }) {}

KeyRefresher::~KeyRefresher() { Stop(); }

void KeyRefresher::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

void KeyRefresher::Run() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    mu_.Unlock();
    documents_->Refresh("",
                        [this](const grpc::Status& status,
                               const identity::v1::PublicDocuments& documents) {
                          Apply(status, documents);
                        });
    mu_.Lock();
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
  }
}

void KeyRefresher::Apply(const grpc::Status& status,
                         const identity::v1::PublicDocuments& documents) {
  absl::MutexLock lock(&mu_);
  if (!status.ok() || documents.jwks_json().empty()) {
    if (!failing_) {
      failing_ = true;
      log::Warning("edge keys not refreshed; keeping the current verifier",
                   {{"error", status.ok() ? std::string("empty JWKS")
                                          : status.error_message()}});
    }
    return;
  }
  if (documents.jwks_json() == jwks_json_) {
    failing_ = false;
    return;
  }
  auth::VerifierOptions options = base_;
  options.jwks_json = documents.jwks_json();
  absl::StatusOr<std::unique_ptr<auth::TokenVerifier>> next =
      auth::TokenVerifier::Create(options);
  if (!next.ok()) {
    if (!failing_) {
      failing_ = true;
      log::Warning(
          "the published JWKS does not make a verifier; keeping "
          "the current one",
          {{"error", std::string(next.status().message())}});
    }
    return;
  }
  failing_ = false;
  jwks_json_ = documents.jwks_json();
  verifier_->Swap(std::shared_ptr<const auth::TokenVerifier>(*std::move(next)));
  log::Info("edge verifier now uses the published signing keys");
}

}  // namespace samen::gateway::session

#pragma once

// A test double of samen.identity.v1.SignInService for the gateway's session
// socket tests (the identity service itself lives elsewhere): an in-process
// gRPC server on 127.0.0.1 with one provider and one person.
//   BeginSignIn       -> https://idp.example/authorize?state=st1, binding b1
//   CompleteSignIn    -> session "sess-1" for state st1 + binding b1 + a code;
//                        FAILED_PRECONDITION for another state or binding,
//                        PERMISSION_DENIED for a provider error or the code
//                        "stranger" (no such person)
//   ResumeSession     -> access token `access_token()` and CSRF token "csrf-1"
//                        for "sess-1" until EndSession; else UNAUTHENTICATED
//   IssueToken        -> client "site" with secret "good": a token; another
//                        secret: UNAUTHENTICATED/invalid_client; grant
//                        "password": INVALID_ARGUMENT/unsupported_grant_type;
//                        client "down": UNAVAILABLE
//   GetPublicDocuments-> `set_jwks_json()` and a small metadata document

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "grpcpp/server.h"
#include "samen/identity/v1/identity_service.grpc.pb.h"

namespace samen::gateway::testing {

class FakeSignInBackend final
    : public samen::identity::v1::SignInService::Service {
 public:
  FakeSignInBackend();
  ~FakeSignInBackend() override;

  std::string address() const { return address_; }
  void set_access_token(std::string token);
  void set_jwks_json(std::string jwks);
  int resume_calls() const;
  int document_calls() const;
  samen::identity::v1::BeginSignInRequest last_begin() const;
  samen::identity::v1::CompleteSignInRequest last_complete() const;
  samen::identity::v1::EndSessionRequest last_end() const;
  samen::identity::v1::IssueTokenRequest last_token() const;

  grpc::Status BeginSignIn(grpc::ServerContext*,
                           const samen::identity::v1::BeginSignInRequest*,
                           samen::identity::v1::BeginSignInResponse*) override;
  grpc::Status CompleteSignIn(
      grpc::ServerContext*, const samen::identity::v1::CompleteSignInRequest*,
      samen::identity::v1::CompleteSignInResponse*) override;
  grpc::Status ResumeSession(
      grpc::ServerContext*, const samen::identity::v1::ResumeSessionRequest*,
      samen::identity::v1::ResumeSessionResponse*) override;
  grpc::Status EndSession(grpc::ServerContext*,
                          const samen::identity::v1::EndSessionRequest*,
                          samen::identity::v1::EndSessionResponse*) override;
  grpc::Status IssueToken(grpc::ServerContext*,
                          const samen::identity::v1::IssueTokenRequest*,
                          samen::identity::v1::IssueTokenResponse*) override;
  grpc::Status GetPublicDocuments(
      grpc::ServerContext*,
      const samen::identity::v1::GetPublicDocumentsRequest*,
      samen::identity::v1::PublicDocuments*) override;

 private:
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  mutable absl::Mutex mu_;
  std::string access_token_ ABSL_GUARDED_BY(mu_) = "at-1";
  std::string jwks_json_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  int resume_calls_ ABSL_GUARDED_BY(mu_) = 0;
  int document_calls_ ABSL_GUARDED_BY(mu_) = 0;
  samen::identity::v1::BeginSignInRequest begin_ ABSL_GUARDED_BY(mu_);
  samen::identity::v1::CompleteSignInRequest complete_ ABSL_GUARDED_BY(mu_);
  samen::identity::v1::EndSessionRequest end_ ABSL_GUARDED_BY(mu_);
  samen::identity::v1::IssueTokenRequest token_ ABSL_GUARDED_BY(mu_);
};

}  // namespace samen::gateway::testing

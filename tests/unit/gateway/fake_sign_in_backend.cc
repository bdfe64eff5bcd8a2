#include "tests/unit/gateway/fake_sign_in_backend.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "samen/rpc/error_info.pb.h"

namespace samen::gateway::testing {
namespace {

namespace id = samen::identity::v1;

grpc::Status OAuthFailure(grpc::StatusCode code, const std::string& message,
                          const std::string& reason) {
  google::rpc::Status rpc;
  rpc.set_code(code);
  rpc.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("samen.dev");
  rpc.add_details()->PackFrom(info);
  return grpc::Status(code, message, rpc.SerializeAsString());
}

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  out->set_seconds(absl::ToUnixSeconds(t));
}

}  // namespace

FakeSignInBackend::FakeSignInBackend() {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(this);
  server_ = builder.BuildAndStart();
  address_ = absl::StrCat("127.0.0.1:", port);
}

FakeSignInBackend::~FakeSignInBackend() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

void FakeSignInBackend::set_access_token(std::string token) {
  absl::MutexLock lock(&mu_);
  access_token_ = std::move(token);
}

void FakeSignInBackend::set_jwks_json(std::string jwks) {
  absl::MutexLock lock(&mu_);
  jwks_json_ = std::move(jwks);
}

int FakeSignInBackend::resume_calls() const {
  absl::MutexLock lock(&mu_);
  return resume_calls_;
}

int FakeSignInBackend::document_calls() const {
  absl::MutexLock lock(&mu_);
  return document_calls_;
}

id::BeginSignInRequest FakeSignInBackend::last_begin() const {
  absl::MutexLock lock(&mu_);
  return begin_;
}

id::CompleteSignInRequest FakeSignInBackend::last_complete() const {
  absl::MutexLock lock(&mu_);
  return complete_;
}

id::EndSessionRequest FakeSignInBackend::last_end() const {
  absl::MutexLock lock(&mu_);
  return end_;
}

id::IssueTokenRequest FakeSignInBackend::last_token() const {
  absl::MutexLock lock(&mu_);
  return token_;
}

grpc::Status FakeSignInBackend::BeginSignIn(grpc::ServerContext*,
                                            const id::BeginSignInRequest* in,
                                            id::BeginSignInResponse* out) {
  absl::MutexLock lock(&mu_);
  begin_ = *in;
  out->set_authorization_url("https://idp.example/authorize?state=st1");
  out->set_browser_binding("b1");
  SetTime(absl::Now() + absl::Minutes(10), out->mutable_expire_time());
  return grpc::Status::OK;
}

grpc::Status FakeSignInBackend::CompleteSignIn(
    grpc::ServerContext*, const id::CompleteSignInRequest* in,
    id::CompleteSignInResponse* out) {
  absl::MutexLock lock(&mu_);
  complete_ = *in;
  if (!in->error().empty()) {
    return grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        absl::StrCat("de provider weigerde de aanmelding: ", in->error()));
  }
  if (in->state() != "st1" || in->browser_binding() != "b1") {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "state does not match this browser's sign-in");
  }
  if (in->code() == "stranger") {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "no person in Samen has this e-mail address");
  }
  ended_ = false;
  out->set_session_secret("sess-1");
  SetTime(absl::Now() + absl::Hours(8), out->mutable_expire_time());
  out->set_return_to(begin_.return_to());
  out->set_person("people/p1");
  return grpc::Status::OK;
}

grpc::Status FakeSignInBackend::ResumeSession(
    grpc::ServerContext*, const id::ResumeSessionRequest* in,
    id::ResumeSessionResponse* out) {
  absl::MutexLock lock(&mu_);
  ++resume_calls_;
  if (in->session_secret() != "sess-1" || ended_) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "the session is unknown or has ended");
  }
  out->set_access_token(access_token_);
  SetTime(absl::Now() + absl::Minutes(15),
          out->mutable_access_token_expire_time());
  out->set_csrf_token("csrf-1");
  out->set_person("people/p1");
  out->set_display_name("Anna de Vries");
  SetTime(absl::Now() + absl::Hours(1), out->mutable_idle_expire_time());
  SetTime(absl::Now() + absl::Hours(8), out->mutable_expire_time());
  out->add_grants("starter@partnerships/osof");
  return grpc::Status::OK;
}

grpc::Status FakeSignInBackend::EndSession(grpc::ServerContext*,
                                           const id::EndSessionRequest* in,
                                           id::EndSessionResponse* out) {
  absl::MutexLock lock(&mu_);
  end_ = *in;
  ended_ = true;
  out->set_logout_url("https://idp.example/logout?post=x");
  return grpc::Status::OK;
}

grpc::Status FakeSignInBackend::IssueToken(grpc::ServerContext*,
                                           const id::IssueTokenRequest* in,
                                           id::IssueTokenResponse* out) {
  absl::MutexLock lock(&mu_);
  token_ = *in;
  if (in->grant_type() == "password") {
    return OAuthFailure(grpc::StatusCode::INVALID_ARGUMENT,
                        "the password grant is not supported",
                        "unsupported_grant_type");
  }
  if (in->client_id() == "down") {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "database down");
  }
  if (in->client_id() != "site" || in->client_secret() != "good") {
    return OAuthFailure(grpc::StatusCode::UNAUTHENTICATED,
                        "client authentication failed", "invalid_client");
  }
  out->set_access_token("machine-token");
  out->set_token_type("Bearer");
  out->set_expires_in(900);
  out->set_scope("integration");
  return grpc::Status::OK;
}

grpc::Status FakeSignInBackend::GetPublicDocuments(
    grpc::ServerContext*, const id::GetPublicDocumentsRequest*,
    id::PublicDocuments* out) {
  absl::MutexLock lock(&mu_);
  ++document_calls_;
  out->set_jwks_json(jwks_json_);
  out->set_authorization_server_metadata_json(
      R"({"issuer":"https://samen.example","token_endpoint":"https://samen.example/oauth/token"})");
  out->set_issuer("https://samen.example");
  return grpc::Status::OK;
}

}  // namespace samen::gateway::testing

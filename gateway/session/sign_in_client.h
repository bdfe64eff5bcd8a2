#pragma once

// The gateway's client of samen.identity.v1.SignInService: asynchronous
// unary calls through the generated stub's callback API, each with a
// deadline and the request id, registered with the gateway's CallRegistry so
// shutdown cancels them. `done` runs on a gRPC thread and must not block.

#include <functional>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/call_registry.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"
#include "samen/identity/v1/identity_service.grpc.pb.h"

namespace samen::gateway::session {

class SignInClient {
 public:
  template <typename Response>
  using Done = std::function<void(const grpc::Status&, Response&)>;

  // `calls` must outlive the client and every call it starts.
  SignInClient(std::shared_ptr<grpc::Channel> channel, CallRegistry* calls,
               absl::Duration timeout);

  void BeginSignIn(identity::v1::BeginSignInRequest request,
                   absl::string_view request_id,
                   Done<identity::v1::BeginSignInResponse> done) const;
  void CompleteSignIn(identity::v1::CompleteSignInRequest request,
                      absl::string_view request_id,
                      Done<identity::v1::CompleteSignInResponse> done) const;
  void ResumeSession(identity::v1::ResumeSessionRequest request,
                     absl::string_view request_id,
                     Done<identity::v1::ResumeSessionResponse> done) const;
  void EndSession(identity::v1::EndSessionRequest request,
                  absl::string_view request_id,
                  Done<identity::v1::EndSessionResponse> done) const;
  void IssueToken(identity::v1::IssueTokenRequest request,
                  absl::string_view request_id,
                  Done<identity::v1::IssueTokenResponse> done) const;
  void GetPublicDocuments(absl::string_view request_id,
                          Done<identity::v1::PublicDocuments> done) const;

 private:
  template <typename Request, typename Response>
  using Method = void (identity::v1::SignInService::Stub::async::*)(
      grpc::ClientContext*, const Request*, Response*,
      std::function<void(grpc::Status)>);

  template <typename Request, typename Response>
  void Call(const char* name, Method<Request, Response> method, Request request,
            absl::string_view request_id, Done<Response> done) const;

  const std::unique_ptr<identity::v1::SignInService::Stub> stub_;
  CallRegistry* const calls_;
  const absl::Duration timeout_;
};

}  // namespace samen::gateway::session

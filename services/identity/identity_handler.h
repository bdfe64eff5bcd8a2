#pragma once

// gRPC surface of the identity service: SignInService (the gateway's calls,
// each carrying its own credential) and IdentityService (administrators).
// Each RPC runs through the call runtime and hands its request to SignInFlows;
// `flows` is null when the service has no signing keys (every RPC then says
// sign-in is not configured).

#include "db/pool.h"
#include "samen/identity/v1/identity_service.grpc.pb.h"
#include "services/common/call.h"
#include "services/identity/sign_in_flows.h"

namespace samen::identity {

class SignInHandler final : public v1::SignInService::CallbackService {
 public:
  SignInHandler(CallRuntime* runtime, SignInFlows* flows)
      : runtime_(runtime), flows_(flows) {}

  SAMEN_UNARY_RPC(BeginSignIn, v1::BeginSignInRequest, v1::BeginSignInResponse);
  SAMEN_UNARY_RPC(CompleteSignIn, v1::CompleteSignInRequest,
                  v1::CompleteSignInResponse);
  SAMEN_UNARY_RPC(ResumeSession, v1::ResumeSessionRequest,
                  v1::ResumeSessionResponse);
  SAMEN_UNARY_RPC(EndSession, v1::EndSessionRequest, v1::EndSessionResponse);
  SAMEN_UNARY_RPC(IssueToken, v1::IssueTokenRequest, v1::IssueTokenResponse);
  SAMEN_UNARY_RPC(GetPublicDocuments, v1::GetPublicDocumentsRequest,
                  v1::PublicDocuments);

 private:
  CallRuntime* const runtime_;
  SignInFlows* const flows_;
};

class IdentityHandler final : public v1::IdentityService::CallbackService {
 public:
  // `pool` is samen_identity, for a person's export and erasure (which work
  // without signing keys too).
  IdentityHandler(CallRuntime* runtime, SignInFlows* flows, db::Pool* pool)
      : runtime_(runtime), flows_(flows), pool_(pool) {}

  SAMEN_UNARY_RPC(RevokePersonSessions, v1::RevokePersonSessionsRequest,
                  v1::RevokePersonSessionsResponse);
  SAMEN_UNARY_RPC(ListClients, v1::ListClientsRequest, v1::ListClientsResponse);
  SAMEN_UNARY_RPC(CreateClient, v1::CreateClientRequest, v1::ClientWithSecret);
  SAMEN_UNARY_RPC(RotateClientSecret, v1::RotateClientSecretRequest,
                  v1::ClientWithSecret);
  SAMEN_UNARY_RPC(DeleteClient, v1::DeleteClientRequest,
                  google::protobuf::Empty);
  // A person's data (identity_handler_privacy.cc).
  SAMEN_UNARY_RPC(ExportPersonData, privacy::v1::ExportPersonDataRequest,
                  privacy::v1::PersonData);
  SAMEN_UNARY_RPC(ErasePersonData, privacy::v1::ErasePersonDataRequest,
                  privacy::v1::ErasePersonDataResponse);

 private:
  CallRuntime* const runtime_;
  SignInFlows* const flows_;
  db::Pool* const pool_;
};

}  // namespace samen::identity

#include "services/identity/identity_handler.h"

namespace samen::identity {
namespace {

// Without signing keys the service runs (so `--services=all` stays healthy)
// but neither signs anyone in nor issues tokens.
absl::Status NotConfigured() {
  return absl::FailedPreconditionError(
      "sign-in is not configured here: samen-server needs --signing_keys and "
      "--jwt_issuer (docs/security.md)");
}

}  // namespace

// SignInService: no bearer token (ServePublic); the credential is in the
// request and SignInFlows checks it.
#define SAMEN_SIGN_IN_RPC(Method, Request, Response)                          \
  grpc::ServerUnaryReactor* SignInHandler::Method(                            \
      grpc::CallbackServerContext* ctx, const Request* req, Response* resp) { \
    return runtime_->ServePublic(                                             \
        ctx, #Method, req, resp,                                              \
        [this](const CallContext& call, const auto& req, auto* resp) {        \
          return flows_->Method(req, call.deadline, resp);                    \
        });                                                                   \
  }

SAMEN_SIGN_IN_RPC(BeginSignIn, v1::BeginSignInRequest, v1::BeginSignInResponse)
SAMEN_SIGN_IN_RPC(CompleteSignIn, v1::CompleteSignInRequest,
                  v1::CompleteSignInResponse)
SAMEN_SIGN_IN_RPC(ResumeSession, v1::ResumeSessionRequest,
                  v1::ResumeSessionResponse)
SAMEN_SIGN_IN_RPC(EndSession, v1::EndSessionRequest, v1::EndSessionResponse)
SAMEN_SIGN_IN_RPC(IssueToken, v1::IssueTokenRequest, v1::IssueTokenResponse)
#undef SAMEN_SIGN_IN_RPC

grpc::ServerUnaryReactor* SignInHandler::GetPublicDocuments(
    grpc::CallbackServerContext* ctx, const v1::GetPublicDocumentsRequest* req,
    v1::PublicDocuments* resp) {
  return runtime_->ServePublic(
      ctx, "GetPublicDocuments", req, resp,
      [this](const CallContext&, const auto&, auto* resp) {
        if (flows_ == nullptr) {
          return NotConfigured();
        }
        flows_->PublicDocuments(resp);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* IdentityHandler::RevokePersonSessions(
    grpc::CallbackServerContext* ctx,
    const v1::RevokePersonSessionsRequest* req,
    v1::RevokePersonSessionsResponse* resp) {
  return runtime_->Serve(
      ctx, "RevokePersonSessions", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        if (flows_ == nullptr) {
          return NotConfigured();
        }
        return flows_->RevokePersonSessions(call, req, resp);
      });
}

grpc::ServerUnaryReactor* IdentityHandler::ListClients(
    grpc::CallbackServerContext* ctx, const v1::ListClientsRequest* req,
    v1::ListClientsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListClients", req, resp,
      [this](const CallContext& call, const auto&, auto* resp) {
        if (flows_ == nullptr) {
          return NotConfigured();
        }
        return flows_->ListClients(call, resp);
      });
}

grpc::ServerUnaryReactor* IdentityHandler::CreateClient(
    grpc::CallbackServerContext* ctx, const v1::CreateClientRequest* req,
    v1::ClientWithSecret* resp) {
  return runtime_->Serve(
      ctx, "CreateClient", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        if (flows_ == nullptr) {
          return NotConfigured();
        }
        return flows_->CreateClient(call, req, resp);
      });
}

grpc::ServerUnaryReactor* IdentityHandler::RotateClientSecret(
    grpc::CallbackServerContext* ctx, const v1::RotateClientSecretRequest* req,
    v1::ClientWithSecret* resp) {
  return runtime_->Serve(
      ctx, "RotateClientSecret", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        if (flows_ == nullptr) {
          return NotConfigured();
        }
        return flows_->RotateClientSecret(call, req, resp);
      });
}

grpc::ServerUnaryReactor* IdentityHandler::DeleteClient(
    grpc::CallbackServerContext* ctx, const v1::DeleteClientRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteClient", req, resp,
      [this](const CallContext& call, const auto& req, auto*) {
        if (flows_ == nullptr) {
          return NotConfigured();
        }
        return flows_->DeleteClient(call, req);
      });
}

}  // namespace samen::identity

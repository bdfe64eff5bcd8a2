#include "gateway/session/sign_in_client.h"

#include <chrono>
#include <cstdint>
#include <utility>

#include "grpcpp/client_context.h"
#include "services/common/logging.h"

namespace samen::gateway::session {

namespace id = identity::v1;

namespace {

// The service's fault or its absence, not the caller's.
bool IsServiceFailure(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::INTERNAL ||
         code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::UNIMPLEMENTED ||
         code == grpc::StatusCode::DATA_LOSS;
}

}  // namespace

SignInClient::SignInClient(std::shared_ptr<grpc::Channel> channel,
                           CallRegistry* calls, absl::Duration timeout)
    : stub_(id::SignInService::NewStub(std::move(channel))),
      calls_(calls),
      timeout_(timeout) {}

template <typename Request, typename Response>
void SignInClient::Call(const char* name, Method<Request, Response> method,
                        Request request, absl::string_view request_id,
                        Done<Response> done) const {
  struct State {
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  auto state = std::make_shared<State>();
  state->request = std::move(request);
  state->context.set_deadline(std::chrono::system_clock::now() +
                              absl::ToChronoMilliseconds(timeout_));
  if (!request_id.empty()) {
    state->context.AddMetadata("x-request-id", std::string(request_id));
  }
  CallRegistry* calls = calls_;
  const auto key = reinterpret_cast<std::uintptr_t>(state.get());
  calls->Add(key, [weak = std::weak_ptr<State>(state)] {
    if (std::shared_ptr<State> live = weak.lock()) {
      live->context.TryCancel();
    }
  });
  State* raw = state.get();
  (stub_->async()->*method)(
      &raw->context, &raw->request, &raw->response,
      [state = std::move(state), done = std::move(done), calls, key, name,
       id = std::string(request_id)](grpc::Status status) mutable {
        // Background fetches (no request id) report failures themselves.
        if (!id.empty() && IsServiceFailure(status.error_code())) {
          log::Warning("SignInService call failed",
                       {{"method", name},
                        {"code", std::to_string(status.error_code())},
                        {"error", status.error_message()},
                        {"request_id", id}});
        }
        done(status, state->response);
        // What refers to the gateway goes first; the registry hears last.
        done = nullptr;
        state.reset();
        calls->Remove(key);
      });
}

void SignInClient::BeginSignIn(id::BeginSignInRequest request,
                               absl::string_view request_id,
                               Done<id::BeginSignInResponse> done) const {
  Call<id::BeginSignInRequest, id::BeginSignInResponse>(
      "BeginSignIn", &id::SignInService::Stub::async::BeginSignIn,
      std::move(request), request_id, std::move(done));
}

void SignInClient::CompleteSignIn(id::CompleteSignInRequest request,
                                  absl::string_view request_id,
                                  Done<id::CompleteSignInResponse> done) const {
  Call<id::CompleteSignInRequest, id::CompleteSignInResponse>(
      "CompleteSignIn", &id::SignInService::Stub::async::CompleteSignIn,
      std::move(request), request_id, std::move(done));
}

void SignInClient::ResumeSession(id::ResumeSessionRequest request,
                                 absl::string_view request_id,
                                 Done<id::ResumeSessionResponse> done) const {
  Call<id::ResumeSessionRequest, id::ResumeSessionResponse>(
      "ResumeSession", &id::SignInService::Stub::async::ResumeSession,
      std::move(request), request_id, std::move(done));
}

void SignInClient::EndSession(id::EndSessionRequest request,
                              absl::string_view request_id,
                              Done<id::EndSessionResponse> done) const {
  Call<id::EndSessionRequest, id::EndSessionResponse>(
      "EndSession", &id::SignInService::Stub::async::EndSession,
      std::move(request), request_id, std::move(done));
}

void SignInClient::IssueToken(id::IssueTokenRequest request,
                              absl::string_view request_id,
                              Done<id::IssueTokenResponse> done) const {
  Call<id::IssueTokenRequest, id::IssueTokenResponse>(
      "IssueToken", &id::SignInService::Stub::async::IssueToken,
      std::move(request), request_id, std::move(done));
}

void SignInClient::GetPublicDocuments(absl::string_view request_id,
                                      Done<id::PublicDocuments> done) const {
  Call<id::GetPublicDocumentsRequest, id::PublicDocuments>(
      "GetPublicDocuments", &id::SignInService::Stub::async::GetPublicDocuments,
      id::GetPublicDocumentsRequest(), request_id, std::move(done));
}

}  // namespace samen::gateway::session

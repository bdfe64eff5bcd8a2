#include "services/common/notify/service_token.h"

#include "absl/strings/str_cat.h"
#include "samen/identity/v1/identity_service.grpc.pb.h"
#include "services/common/errors.h"

namespace samen::notify {

absl::StatusOr<std::string> ServiceTokenSource::FromIdentity(
    absl::Time deadline, absl::Duration* ttl) {
  auto stub = identity::v1::SignInService::NewStub(peers_->Channel("identity"));
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(deadline));
  identity::v1::IssueTokenRequest req;
  req.set_grant_type("client_credentials");
  req.set_client_id(credentials_.client_id);
  req.set_client_secret(credentials_.client_secret);
  identity::v1::IssueTokenResponse resp;
  const grpc::Status s = stub->IssueToken(&ctx, req, &resp);
  if (!s.ok()) {
    const absl::Status status = FromGrpcStatus(s);
    if (absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status)) {
      return absl::UnavailableError(
          "the identity service did not answer the service token request");
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "the identity service refused client ", credentials_.client_id,
        " a token (is --service_client_secret_file right, and does the "
        "client hold the service grant?): ",
        status.message()));
  }
  *ttl = absl::Seconds(resp.expires_in());
  return resp.access_token();
}

absl::StatusOr<std::string> ServiceTokenSource::Authorization(
    absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = absl::Now();
  if (!token_.empty() && now < renew_at_) {
    return token_;
  }
  absl::Duration ttl = absl::Minutes(10);
  std::string token;
  if (!credentials_.client_id.empty()) {
    auto issued = FromIdentity(deadline, &ttl);
    if (!issued.ok()) {
      return issued.status();
    }
    token = *std::move(issued);
  } else if (!credentials_.hs256.secret.empty()) {
    auth::Principal principal;
    principal.subject = credentials_.subject;
    principal.display_name = "Samen notifications";
    principal.grants.push_back({"service", ""});
    auth::MintOptions mint = credentials_.hs256;
    mint.ttl = ttl;
    mint.now = now;
    auto minted = auth::MintHs256Token(principal, mint);
    if (!minted.ok()) {
      return minted.status();
    }
    token = *std::move(minted);
  } else {
    return absl::FailedPreconditionError(
        "no service credential: set --service_client_id and "
        "--service_client_secret_file");
  }
  token_ = absl::StrCat("Bearer ", token);
  renew_at_ = now + std::max(ttl - absl::Minutes(1), ttl / 2);
  return token_;
}

absl::StatusOr<CallContext> ServiceCall(ServiceTokenSource& tokens,
                                        absl::string_view what,
                                        absl::Duration timeout) {
  CallContext call;
  call.request_id = std::string(what);
  call.deadline = absl::Now() + timeout;
  auto authorization = tokens.Authorization(call.deadline);
  if (!authorization.ok()) {
    return authorization.status();
  }
  call.authorization = *std::move(authorization);
  return call;
}

}  // namespace samen::notify

#include "gateway/session/cookie_session.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/session/cookies.h"
#include "gateway/session/csrf.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/logging.h"

namespace samen::gateway::session {
namespace {

namespace http = boost::beast::http;
namespace id = identity::v1;

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// The session's token on the request, then the CSRF check, then `next`.
void Continue(SessionState& state, std::shared_ptr<Exchange> exchange,
              Responder respond, const Next& next,
              const std::string& access_token, const std::string& csrf_token) {
  const absl::Status csrf = CheckCsrf(
      {exchange->method, exchange->Header("X-CSRF-Token"),
       exchange->Header(http::field::origin), csrf_token, state.public_origin});
  if (!csrf.ok()) {
    log::Info("cookie request refused",
              {{"request_id", exchange->context.request_id},
               {"reason", std::string(csrf.message())}});
    respond(SessionProblem(csrf.code(), std::string(csrf.message()), *exchange,
                           ""));
    return;
  }
  exchange->request.set(http::field::authorization,
                        absl::StrCat("Bearer ", access_token));
  exchange->success.authenticated = true;
  next(std::move(exchange), std::move(respond));
}

Reply SessionEnded(const Exchange& exchange, std::string detail) {
  Reply reply = SessionProblem(absl::StatusCode::kUnauthenticated,
                               std::move(detail), exchange, "");
  reply.response.insert(http::field::set_cookie, ClearCookie(kSessionCookie));
  return reply;
}

}  // namespace

void AdmitWithCookie(SessionState& state, std::shared_ptr<Exchange> exchange,
                     Responder respond, const Next& next) {
  if (!state.sign_in_enabled() ||
      !exchange->Header(http::field::authorization).empty()) {
    next(std::move(exchange), std::move(respond));
    return;
  }
  absl::StatusOr<std::optional<std::string>> secret =
      RequestCookie(*exchange, kSessionCookie);
  if (!secret.ok()) {
    respond(SessionProblem(absl::StatusCode::kInvalidArgument,
                           std::string(secret.status().message()), *exchange,
                           ""));
    return;
  }
  if (!secret->has_value()) {
    next(std::move(exchange), std::move(respond));
    return;
  }
  if (const absl::Status host = CheckCookieHost(
          exchange->Header(http::field::host), state.public_origin);
      !host.ok()) {
    respond(SessionProblem(host.code(), std::string(host.message()), *exchange,
                           ""));
    return;
  }
  std::string key = SessionCache::KeyFor(**secret);
  if (std::optional<CachedSession> cached =
          state.cache.Find(key, absl::Now())) {
    Continue(state, std::move(exchange), std::move(respond), next,
             cached->access_token, cached->csrf_token);
    return;
  }
  id::ResumeSessionRequest request;
  request.set_session_secret(**secret);
  state.client.ResumeSession(
      std::move(request), exchange->context.request_id,
      [&state, exchange, respond = std::move(respond), next,
       key = std::move(key)](const grpc::Status& status,
                             id::ResumeSessionResponse& session) mutable {
        if (status.ok()) {
          state.cache.Put(key, session.access_token(), session.csrf_token(),
                          ToTime(session.access_token_expire_time()),
                          absl::Now());
          Continue(state, std::move(exchange), std::move(respond), next,
                   session.access_token(), session.csrf_token());
          return;
        }
        const grpc::StatusCode code = status.error_code();
        if (code == grpc::StatusCode::UNAUTHENTICATED ||
            code == grpc::StatusCode::NOT_FOUND ||
            code == grpc::StatusCode::PERMISSION_DENIED ||
            code == grpc::StatusCode::FAILED_PRECONDITION) {
          respond(SessionEnded(*exchange,
                               status.error_message().empty()
                                   ? "the session has ended; sign in again"
                                   : status.error_message()));
          return;
        }
        respond(SessionProblem(static_cast<absl::StatusCode>(code),
                               absl::StrCat("the session cannot be resumed: ",
                                            status.error_message()),
                               *exchange, ""));
      });
}

}  // namespace samen::gateway::session

#include "gateway/session/auth_endpoints.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/session/cookies.h"
#include "gateway/session/csrf.h"
#include "gateway/session/form.h"
#include "gateway/session/session_replies.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/logging.h"

namespace samen::gateway::session {
namespace {

namespace http = boost::beast::http;
namespace id = identity::v1;
using google::protobuf::util::TimeUtil;

constexpr char kLoginRoute[] = "/auth/login";
constexpr char kCallbackRoute[] = "/auth/callback";
constexpr char kSessionRoute[] = "/auth/session";
constexpr char kLogoutRoute[] = "/auth/logout";
constexpr absl::Duration kSignInCookieAge = absl::Minutes(10);

std::string Param(const std::map<std::string, std::string>& params,
                  const char* name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Unknown, ended or expired: the cookie is worth nothing any more.
bool SessionGone(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::NOT_FOUND ||
         code == grpc::StatusCode::PERMISSION_DENIED ||
         code == grpc::StatusCode::FAILED_PRECONDITION;
}

Reply NoSessionProblem(const Exchange& exchange, std::string route,
                       absl::string_view detail, bool clear) {
  Reply reply = SessionProblem(absl::StatusCode::kUnauthenticated,
                               std::string(detail), exchange, std::move(route));
  if (clear) {
    reply.response.insert(http::field::set_cookie, ClearCookie(kSessionCookie));
  }
  return reply;
}

void RememberSession(SessionState& state, const std::string& secret,
                     const id::ResumeSessionResponse& session) {
  state.cache.Put(SessionCache::KeyFor(secret), session.access_token(),
                  session.csrf_token(),
                  ToTime(session.access_token_expire_time()), absl::Now());
}

// The answer when the session could not be resumed: 401 clearing the cookie
// when it has ended, else the service's error.
Reply ResumeFailure(const grpc::Status& status, const Exchange& exchange,
                    const char* route) {
  return SessionGone(status.error_code())
             ? NoSessionProblem(exchange, route, status.error_message(), true)
             : SessionProblem(
                   static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message(), exchange, route);
}

}  // namespace

void Login(SessionState& state, std::shared_ptr<Exchange> exchange,
           Responder respond) {
  absl::StatusOr<std::map<std::string, std::string>> params =
      ParseForm(exchange->query);
  if (!params.ok()) {
    respond(SignInErrorPage(400, params.status().message(), kLoginRoute));
    return;
  }
  id::BeginSignInRequest request;
  request.set_provider(Param(*params, "provider"));
  request.set_return_to(SafeReturnPath(Param(*params, "return_to")));
  request.set_redirect_uri(absl::StrCat(state.public_url, kCallbackRoute));
  state.client.BeginSignIn(
      std::move(request), exchange->context.request_id,
      [respond = std::move(respond)](const grpc::Status& status,
                                     id::BeginSignInResponse& begun) {
        if (!status.ok()) {
          respond(SignInFailurePage(status, kLoginRoute));
          return;
        }
        Reply reply = Redirect(302, begun.authorization_url(), kLoginRoute);
        reply.response.insert(http::field::set_cookie,
                              SetCookie(kSignInCookie, begun.browser_binding(),
                                        kSignInCookieAge));
        respond(std::move(reply));
      });
}

void Callback(SessionState& state, std::shared_ptr<Exchange> exchange,
              Responder respond) {
  absl::StatusOr<std::map<std::string, std::string>> params =
      ParseForm(exchange->query);
  absl::StatusOr<std::optional<std::string>> binding =
      RequestCookie(*exchange, kSignInCookie);
  if (!params.ok() || !binding.ok()) {
    respond(SignInErrorPage(
        400, (!params.ok() ? params.status() : binding.status()).message(),
        kCallbackRoute));
    return;
  }
  if (!binding->has_value()) {
    respond(SignInErrorPage(
        400,
        "Deze aanmelding is niet in deze browser begonnen of duurde langer "
        "dan tien minuten.",
        kCallbackRoute));
    return;
  }
  id::CompleteSignInRequest request;
  request.set_state(Param(*params, "state"));
  request.set_code(Param(*params, "code"));
  request.set_error(Param(*params, "error"));
  request.set_error_description(Param(*params, "error_description"));
  request.set_browser_binding(**binding);
  request.set_redirect_uri(absl::StrCat(state.public_url, kCallbackRoute));
  request.set_user_agent(exchange->Header(http::field::user_agent));
  state.client.CompleteSignIn(
      std::move(request), exchange->context.request_id,
      [respond = std::move(respond)](const grpc::Status& status,
                                     id::CompleteSignInResponse& done) {
        if (!status.ok()) {
          respond(SignInFailurePage(status, kCallbackRoute));
          return;
        }
        Reply reply =
            Redirect(303, SafeReturnPath(done.return_to()), kCallbackRoute);
        reply.response.insert(
            http::field::set_cookie,
            SetCookie(kSessionCookie, done.session_secret(),
                      done.has_expire_time()
                          ? std::optional<absl::Duration>(
                                ToTime(done.expire_time()) - absl::Now())
                          : std::nullopt));
        reply.response.insert(http::field::set_cookie,
                              ClearCookie(kSignInCookie));
        respond(std::move(reply));
      });
}

void CurrentSession(SessionState& state, std::shared_ptr<Exchange> exchange,
                    Responder respond) {
  absl::StatusOr<std::optional<std::string>> secret =
      RequestCookie(*exchange, kSessionCookie);
  if (!secret.ok()) {
    respond(SessionProblem(absl::StatusCode::kInvalidArgument,
                           std::string(secret.status().message()), *exchange,
                           kSessionRoute));
    return;
  }
  if (!secret->has_value()) {
    respond(NoSessionProblem(*exchange, kSessionRoute, "not signed in", false));
    return;
  }
  id::ResumeSessionRequest request;
  request.set_session_secret(**secret);
  state.client.ResumeSession(
      std::move(request), exchange->context.request_id,
      [&state, exchange, respond = std::move(respond), secret = **secret](
          const grpc::Status& status, id::ResumeSessionResponse& session) {
        if (!status.ok()) {
          respond(ResumeFailure(status, *exchange, kSessionRoute));
          return;
        }
        RememberSession(state, secret, session);
        Reply reply(MakeResponse(200, "application/json; charset=utf-8",
                                 SessionJson(session)),
                    kSessionRoute);
        reply.response.set(http::field::cache_control, "no-store");
        respond(std::move(reply));
      });
}

namespace {

// The logout itself, once the CSRF token checked out.
void EndSession(SessionState& state, std::shared_ptr<Exchange> exchange,
                Responder respond, const std::string& secret) {
  id::EndSessionRequest request;
  request.set_session_secret(secret);
  request.set_post_logout_redirect_uri(absl::StrCat(state.public_url, "/"));
  state.client.EndSession(
      std::move(request), exchange->context.request_id,
      [&state, exchange, respond = std::move(respond),
       key = SessionCache::KeyFor(secret)](const grpc::Status& status,
                                           id::EndSessionResponse& ended) {
        if (!status.ok() && !SessionGone(status.error_code())) {
          respond(
              SessionProblem(static_cast<absl::StatusCode>(status.error_code()),
                             status.error_message(), *exchange, kLogoutRoute));
          return;
        }
        state.cache.Erase(key);
        const std::string next =
            ended.logout_url().empty() ? "/" : ended.logout_url();
        // The app (fetch, Accept: application/json) navigates itself: a
        // redirect to the provider would be an opaque answer to it.
        Reply reply = absl::StrContains(exchange->Header(http::field::accept),
                                        "application/json")
                          ? LogoutJson(next, kLogoutRoute)
                          : Redirect(303, next, kLogoutRoute);
        reply.response.insert(http::field::set_cookie,
                              ClearCookie(kSessionCookie));
        respond(std::move(reply));
      });
}

// X-CSRF-Token, else the form's csrf_token.
std::string SubmittedCsrfToken(const Exchange& exchange) {
  std::string token = exchange.Header("X-CSRF-Token");
  if (token.empty() &&
      IsFormContentType(exchange.Header(http::field::content_type))) {
    absl::StatusOr<std::map<std::string, std::string>> form =
        ParseForm(exchange.request.body());
    if (form.ok()) {
      token = Param(*form, "csrf_token");
    }
  }
  return token;
}

void CheckThenEnd(SessionState& state, std::shared_ptr<Exchange> exchange,
                  Responder respond, const std::string& secret,
                  const std::string& expected_token) {
  const absl::Status csrf =
      CheckCsrf({exchange->method, SubmittedCsrfToken(*exchange),
                 exchange->Header(http::field::origin), expected_token,
                 state.public_origin});
  if (!csrf.ok()) {
    respond(SessionProblem(csrf.code(), std::string(csrf.message()), *exchange,
                           kLogoutRoute));
    return;
  }
  EndSession(state, std::move(exchange), std::move(respond), secret);
}

}  // namespace

void Logout(SessionState& state, std::shared_ptr<Exchange> exchange,
            Responder respond) {
  absl::StatusOr<std::optional<std::string>> secret =
      RequestCookie(*exchange, kSessionCookie);
  if (!secret.ok()) {
    respond(SessionProblem(absl::StatusCode::kInvalidArgument,
                           std::string(secret.status().message()), *exchange,
                           kLogoutRoute));
    return;
  }
  if (!secret->has_value()) {  // signed out already
    Reply reply = Redirect(303, "/", kLogoutRoute);
    reply.response.insert(http::field::set_cookie, ClearCookie(kSessionCookie));
    respond(std::move(reply));
    return;
  }
  const std::string key = SessionCache::KeyFor(**secret);
  if (std::optional<CachedSession> cached =
          state.cache.Find(key, absl::Now())) {
    CheckThenEnd(state, std::move(exchange), std::move(respond), **secret,
                 cached->csrf_token);
    return;
  }
  id::ResumeSessionRequest request;
  request.set_session_secret(**secret);
  state.client.ResumeSession(
      std::move(request), exchange->context.request_id,
      [&state, exchange, respond = std::move(respond), secret = **secret](
          const grpc::Status& status,
          id::ResumeSessionResponse& session) mutable {
        if (!status.ok()) {
          respond(ResumeFailure(status, *exchange, kLogoutRoute));
          return;
        }
        RememberSession(state, secret, session);
        CheckThenEnd(state, std::move(exchange), std::move(respond), secret,
                     session.csrf_token());
      });
}

}  // namespace samen::gateway::session

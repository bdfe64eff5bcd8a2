#include "gateway/session/token_endpoints.h"

#include <map>
#include <string>
#include <utility>

#include "gateway/session/form.h"
#include "gateway/session/oauth.h"

namespace samen::gateway::session {
namespace {

namespace http = boost::beast::http;
namespace id = identity::v1;

constexpr char kTokenRoute[] = "/oauth/token";
constexpr char kJwksRoute[] = "/.well-known/jwks.json";
constexpr char kMetadataRoute[] = "/.well-known/oauth-authorization-server";

// RFC 6749 5.1: token responses are never cached.
void NoStore(Reply& reply) {
  reply.response.set(http::field::cache_control, "no-store");
  reply.response.set(http::field::pragma, "no-cache");
}

Reply OAuthErrorReply(const OAuthError& error) {
  Reply reply(
      MakeResponse(static_cast<unsigned>(error.http_status),
                   "application/json; charset=utf-8", OAuthErrorJson(error)),
      kTokenRoute);
  NoStore(reply);
  if (error.basic_challenge) {
    reply.response.set(http::field::www_authenticate,
                       "Basic realm=\"samen\", charset=\"UTF-8\"");
  }
  return reply;
}

using Pick = const std::string& (id::PublicDocuments::*)() const;

void Document(SessionState& state, const std::shared_ptr<Exchange>& exchange,
              Responder respond, Pick pick, const char* content_type,
              const char* route) {
  state.documents.Get(
      exchange->context.request_id,
      [exchange, respond = std::move(respond), pick, content_type, route](
          const grpc::Status& status, const id::PublicDocuments& documents) {
        const std::string& body = (documents.*pick)();
        if (!status.ok() || body.empty()) {
          respond(SessionProblem(
              absl::StatusCode::kUnavailable,
              status.ok() ? "the identity service published no document"
                          : status.error_message(),
              *exchange, route));
          return;
        }
        Reply reply(MakeResponse(200, content_type, body), route);
        reply.response.set(http::field::cache_control, "public, max-age=300");
        respond(std::move(reply));
      });
}

}  // namespace

void Token(SessionState& state, std::shared_ptr<Exchange> exchange,
           Responder respond) {
  if (!IsFormContentType(exchange->Header(http::field::content_type))) {
    respond(OAuthErrorReply(InvalidRequest(
        "the token request must be application/x-www-form-urlencoded")));
    return;
  }
  absl::StatusOr<std::map<std::string, std::string>> form =
      ParseForm(exchange->request.body());
  if (!form.ok()) {
    respond(OAuthErrorReply(InvalidRequest(form.status().message())));
    return;
  }
  absl::StatusOr<id::IssueTokenRequest> request =
      TokenRequestFrom(*form, exchange->Header(http::field::authorization));
  if (!request.ok()) {
    respond(OAuthErrorReply(InvalidRequest(request.status().message())));
    return;
  }
  const bool used_basic = request->client_auth_method() == "basic";
  state.client.IssueToken(
      *std::move(request), exchange->context.request_id,
      [respond = std::move(respond), used_basic](
          const grpc::Status& status, id::IssueTokenResponse& token) {
        if (!status.ok()) {
          respond(OAuthErrorReply(OAuthErrorFromStatus(status, used_basic)));
          return;
        }
        Reply reply(MakeResponse(200, "application/json; charset=utf-8",
                                 TokenResponseJson(token)),
                    kTokenRoute);
        NoStore(reply);
        respond(std::move(reply));
      });
}

void Jwks(SessionState& state, std::shared_ptr<Exchange> exchange,
          Responder respond) {
  Document(state, exchange, std::move(respond), &id::PublicDocuments::jwks_json,
           "application/jwk-set+json", kJwksRoute);
}

void AuthorizationServerMetadata(SessionState& state,
                                 std::shared_ptr<Exchange> exchange,
                                 Responder respond) {
  Document(state, exchange, std::move(respond),
           &id::PublicDocuments::authorization_server_metadata_json,
           "application/json", kMetadataRoute);
}

}  // namespace samen::gateway::session

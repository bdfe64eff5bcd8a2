#include "gateway/session/oauth.h"

#include "absl/strings/escaping.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "samen/rpc/error_info.pb.h"

namespace samen::gateway::session {
namespace {

grpc::Status WithReason(grpc::StatusCode code, const std::string& message,
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

TEST(TokenRequestFrom, TakesFormCredentials) {
  auto request = TokenRequestFrom({{"grant_type", "client_credentials"},
                                   {"client_id", "site"},
                                   {"client_secret", "s"},
                                   {"scope", "a b"}},
                                  "");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->grant_type(), "client_credentials");
  EXPECT_EQ(request->client_id(), "site");
  EXPECT_EQ(request->client_secret(), "s");
  EXPECT_EQ(request->client_auth_method(), "post");
  EXPECT_EQ(request->scope(), "a b");
}

TEST(TokenRequestFrom, TakesBasicCredentials) {
  auto request =
      TokenRequestFrom({{"grant_type", "client_credentials"}},
                       "Basic " + absl::Base64Escape("site:s%40cret"));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->client_id(), "site");
  EXPECT_EQ(request->client_secret(), "s@cret");
  EXPECT_EQ(request->client_auth_method(), "basic");
}

TEST(TokenRequestFrom, PublicClientHasNoAuthMethod) {
  auto request = TokenRequestFrom({{"grant_type", "refresh_token"},
                                   {"client_id", "app"},
                                   {"refresh_token", "r"}},
                                  "");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->client_auth_method(), "");
  EXPECT_EQ(request->refresh_token(), "r");
}

TEST(TokenRequestFrom, RefusesBasicAndFormTogether) {
  auto request = TokenRequestFrom(
      {{"grant_type", "client_credentials"}, {"client_secret", "s"}},
      "Basic " + absl::Base64Escape("site:s"));
  EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TokenRequestFrom, ResourceStandsInForAudience) {
  auto request = TokenRequestFrom({{"resource", "https://samen"}}, "");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->audience(), "https://samen");
}

TEST(OAuthErrorFromStatus, ReasonIsTheErrorCode) {
  OAuthError error =
      OAuthErrorFromStatus(WithReason(grpc::StatusCode::INVALID_ARGUMENT,
                                      "the code was used", "invalid_grant"),
                           false);
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.error, "invalid_grant");
  EXPECT_EQ(error.description, "the code was used");
  EXPECT_FALSE(error.basic_challenge);
}

TEST(OAuthErrorFromStatus, InvalidClientAfterBasicIs401WithChallenge) {
  const grpc::Status status = WithReason(grpc::StatusCode::UNAUTHENTICATED,
                                         "unknown client", "invalid_client");
  OAuthError basic = OAuthErrorFromStatus(status, true);
  EXPECT_EQ(basic.http_status, 401);
  EXPECT_TRUE(basic.basic_challenge);
  OAuthError post = OAuthErrorFromStatus(status, false);
  EXPECT_EQ(post.http_status, 400);
  EXPECT_FALSE(post.basic_challenge);
}

TEST(OAuthErrorFromStatus, UnavailableIsTemporarilyUnavailable) {
  OAuthError error = OAuthErrorFromStatus(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "connect failed"), true);
  EXPECT_EQ(error.http_status, 503);
  EXPECT_EQ(error.error, "temporarily_unavailable");
}

TEST(OAuthErrorFromStatus, WithoutReasonTheCodeDecides) {
  EXPECT_EQ(OAuthErrorFromStatus(
                grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "x"), false)
                .error,
            "invalid_request");
  OAuthError internal = OAuthErrorFromStatus(
      grpc::Status(grpc::StatusCode::INTERNAL, "boom"), false);
  EXPECT_EQ(internal.error, "server_error");
  EXPECT_EQ(internal.http_status, 500);
}

TEST(OAuthErrorJson, EscapesTheDescription) {
  EXPECT_EQ(
      OAuthErrorJson(InvalidRequest("a \"quoted\" word")),
      R"({"error":"invalid_request","error_description":"a \"quoted\" word"})");
}

TEST(TokenResponseJson, LeavesOutEmptyOptionalMembers) {
  identity::v1::IssueTokenResponse token;
  token.set_access_token("at");
  token.set_expires_in(900);
  EXPECT_EQ(TokenResponseJson(token),
            R"({"access_token":"at","token_type":"Bearer","expires_in":900})");
  token.set_refresh_token("rt");
  token.set_scope("coach");
  EXPECT_EQ(TokenResponseJson(token),
            R"({"access_token":"at","token_type":"Bearer","expires_in":900,)"
            R"("refresh_token":"rt","scope":"coach"})");
}

}  // namespace
}  // namespace samen::gateway::session

#include "gateway/session/session_replies.h"

#include "gtest/gtest.h"

namespace samen::gateway::session {
namespace {

TEST(SafeReturnPath, KeepsPathsOnThisSite) {
  EXPECT_EQ(SafeReturnPath("/app/bookings?week=3#x"), "/app/bookings?week=3#x");
  EXPECT_EQ(SafeReturnPath("/"), "/");
}

TEST(SafeReturnPath, AnythingElseBecomesRoot) {
  for (const char* target :
       {"", "https://evil.example/", "//evil.example", "/\\evil.example",
        "relative", "/a\\b", "/a\r\nSet-Cookie: x"}) {
    EXPECT_EQ(SafeReturnPath(target), "/") << target;
  }
}

TEST(SignInFailureStatus, MapsTheCodes) {
  EXPECT_EQ(SignInFailureStatus(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(SignInFailureStatus(grpc::StatusCode::FAILED_PRECONDITION), 400);
  EXPECT_EQ(SignInFailureStatus(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(SignInFailureStatus(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(SignInFailureStatus(grpc::StatusCode::UNAVAILABLE), 503);
  EXPECT_EQ(SignInFailureStatus(grpc::StatusCode::INTERNAL), 502);
}

TEST(SignInErrorPage, EscapesTheMessageAndLinksToLogin) {
  Reply reply = SignInErrorPage(403, "<script>x</script> & co", "/auth/x");
  EXPECT_EQ(reply.response.result_int(), 403u);
  const std::string& body = reply.response.body();
  EXPECT_NE(body.find("&lt;script&gt;x&lt;/script&gt; &amp; co"),
            std::string::npos);
  EXPECT_EQ(body.find("<script>"), std::string::npos);
  EXPECT_NE(body.find("href=\"/auth/login\""), std::string::npos);
  EXPECT_NE(body.find("lang=\"nl\""), std::string::npos);
  EXPECT_EQ(reply.response[boost::beast::http::field::cache_control],
            "no-store");
}

TEST(SessionJson, HasTheAppsFields) {
  identity::v1::ResumeSessionResponse session;
  session.set_person("people/p1");
  session.set_display_name("Anna \"A\" de Vries");
  session.add_grants("coach@partnerships/osof");
  session.add_grants("starter");
  session.set_csrf_token("c1");
  session.mutable_expire_time()->set_seconds(1'800'000'000);
  session.mutable_idle_expire_time()->set_seconds(1'799'990'000);
  EXPECT_EQ(SessionJson(session),
            R"({"person":"people/p1","displayName":"Anna \"A\" de Vries",)"
            R"("grants":["coach@partnerships/osof","starter"],)"
            R"("csrfToken":"c1","expireTime":"2027-01-15T08:00:00Z",)"
            R"("idleExpireTime":"2027-01-15T05:13:20Z"})");
}

}  // namespace
}  // namespace samen::gateway::session

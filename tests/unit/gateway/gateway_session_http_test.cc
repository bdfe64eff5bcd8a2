// The web sign-in, cookie sessions and the token endpoints over real sockets:
// an in-process gateway in front of the fake Partners backend and a fake
// SignInService (the identity service is not part of this tree's tests).

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/gateway_app.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
#include "tests/support/http_client.h"
#include "tests/unit/auth/test_tokens.h"
#include "tests/unit/gateway/fake_partners_backend.h"
#include "tests/unit/gateway/fake_sign_in_backend.h"

namespace samen::gateway::testing {
namespace {

using ::samen::testing::Headers;
using ::samen::testing::HttpResponse;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPartners[] = "samen.partners.v1.PartnersService";
constexpr char kIdentity[] = "samen.identity.v1.IdentityService";
constexpr char kPublicUrl[] = "http://localhost:8080";
constexpr char kSecret[] = "0123456789abcdef0123456789abcdef";
constexpr char kSessionCookie[] = "__Host-samen_session=sess-1";
constexpr char kOsof[] = "/v1/partnerships/osof";

std::string Token(const std::string& subject) {
  auth::Principal principal;
  principal.subject = subject;
  auth::MintOptions mint;
  mint.secret = kSecret;
  mint.ttl = absl::Minutes(15);
  return auth::MintHs256Token(principal, mint).value();
}

class SessionHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    identity_.set_access_token(session_token_);
    identity_.set_jwks_json(R"({"keys":[]})");
    Start(BaseOptions());
  }
  void TearDown() override {
    client_.reset();
    app_.reset();
  }

  Options BaseOptions() {
    Options options;
    options.http.listen = "127.0.0.1:0";
    options.http.threads = 2;
    options.services = {kPartners, kIdentity};
    options.backends.default_target = "";
    options.backends.per_service[kPartners] = partners_.address();
    options.backends.per_service[kIdentity] = identity_.address();
    options.gateway.session.public_url = kPublicUrl;
    auth::VerifierOptions verifier;
    verifier.hs256_secret = kSecret;
    options.auth = verifier;
    return options;
  }

  void Start(const Options& options) {
    client_.reset();
    app_.reset();
    auto app = GatewayApp::Start(options);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    client_ =
        std::make_unique<samen::testing::HttpClient>("127.0.0.1", app_->port());
  }

  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "", Headers headers = {}) {
    // As a browser addresses the gateway: by its public host.
    headers.insert(headers.begin(), {"Host", "localhost:8080"});
    HttpResponse r = client_->Request(method, target, body, headers);
    EXPECT_NE(r.status, 0) << "transport failure: " << r.body;
    return r;
  }

  HttpResponse Form(const std::string& target, const std::string& body,
                    Headers headers = {}) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return Send("POST", target, body, headers);
  }

  // The forwarded Authorization header ("" when none).
  std::string ForwardedAuthorization() const {
    const SeenCall seen = partners_.last();
    auto it = seen.metadata.find("authorization");
    return it == seen.metadata.end() ? "" : it->second;
  }

  const std::string session_token_ = Token("p1");
  FakePartnersBackend partners_;
  FakeSignInBackend identity_;
  std::unique_ptr<GatewayApp> app_;
  std::unique_ptr<samen::testing::HttpClient> client_;
};

// --- Sign-in -----------------------------------------------------------------

TEST_F(SessionHttpTest, LoginRedirectsToTheProviderWithABindingCookie) {
  HttpResponse r =
      Send("GET", "/auth/login?return_to=%2Fapp%2Fweek&provider=osof");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("location"), "https://idp.example/authorize?state=st1");
  EXPECT_EQ(r.header("set-cookie"),
            "__Host-samen_signin=b1; Path=/; HttpOnly; Secure; SameSite=Lax; "
            "Max-Age=600");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_EQ(identity_.last_begin().redirect_uri(),
            "http://localhost:8080/auth/callback");
  EXPECT_EQ(identity_.last_begin().return_to(), "/app/week");
  EXPECT_EQ(identity_.last_begin().provider(), "osof");
}

TEST_F(SessionHttpTest, LoginKeepsReturnToOnThisSite) {
  Send("GET", "/auth/login?return_to=https://evil.example/");
  EXPECT_EQ(identity_.last_begin().return_to(), "/");
}

TEST_F(SessionHttpTest, CallbackSetsTheSessionCookieAndRedirects) {
  Send("GET", "/auth/login?return_to=/app/week");
  HttpResponse r =
      Send("GET", "/auth/callback?state=st1&code=c1", "",
           {{"Cookie", "__Host-samen_signin=b1"}, {"User-Agent", "Firefox"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/app/week");
  EXPECT_THAT(r.header("set-cookie"),
              HasSubstr("__Host-samen_session=sess-1; Path=/; HttpOnly; "
                        "Secure; SameSite=Lax; Max-Age=2879"));
  EXPECT_THAT(r.header("set-cookie"),
              HasSubstr("__Host-samen_signin=; Path=/; HttpOnly; Secure; "
                        "SameSite=Lax; Max-Age=0"));
  EXPECT_EQ(identity_.last_complete().user_agent(), "Firefox");
  EXPECT_EQ(identity_.last_complete().redirect_uri(),
            "http://localhost:8080/auth/callback");
  EXPECT_EQ(identity_.last_complete().code(), "c1");
}

TEST_F(SessionHttpTest, CallbackWithoutTheBindingCookieIsAnErrorPage) {
  HttpResponse r = Send("GET", "/auth/callback?state=st1&code=c1");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.header("content-type"), HasSubstr("text/html"));
  EXPECT_THAT(r.body, HasSubstr("href=\"/auth/login\""));
  EXPECT_EQ(r.header("set-cookie"), "");
}

TEST_F(SessionHttpTest, FailedCallbackShowsWhyAndSetsNoCookie) {
  HttpResponse refused =
      Send("GET", "/auth/callback?state=st1&error=access_denied", "",
           {{"Cookie", "__Host-samen_signin=b1"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.body, HasSubstr("de provider weigerde de aanmelding"));
  EXPECT_EQ(refused.header("set-cookie"), "");
  EXPECT_EQ(identity_.last_complete().error(), "access_denied");

  HttpResponse stale = Send("GET", "/auth/callback?state=other&code=c1", "",
                            {{"Cookie", "__Host-samen_signin=b1"}});
  EXPECT_EQ(stale.status, 400);
  EXPECT_THAT(stale.body, HasSubstr("state does not match"));
  EXPECT_EQ(stale.header("set-cookie"), "");
}

TEST_F(SessionHttpTest, OtherMethodsOnTheEndpointsAre405) {
  HttpResponse r = Send("POST", "/auth/login");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD");
  HttpResponse logout = Send("GET", "/auth/logout");
  EXPECT_EQ(logout.status, 405);
  EXPECT_EQ(logout.header("allow"), "POST");
  EXPECT_EQ(Send("GET", "/oauth/token").header("allow"), "POST");
}

// --- The session
// ---------------------------------------------------------------

TEST_F(SessionHttpTest, SessionDescribesWhoIsSignedIn) {
  HttpResponse r =
      Send("GET", "/auth/session", "", {{"Cookie", kSessionCookie}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_THAT(r.body, HasSubstr(R"("person":"people/p1")"));
  EXPECT_THAT(r.body, HasSubstr(R"("displayName":"Anna de Vries")"));
  EXPECT_THAT(r.body, HasSubstr(R"("grants":["starter@partnerships/osof"])"));
  EXPECT_THAT(r.body, HasSubstr(R"("csrfToken":"csrf-1")"));
  EXPECT_THAT(r.body, HasSubstr(R"("idleExpireTime":")"));
  EXPECT_EQ(
      Send("HEAD", "/auth/session", "", {{"Cookie", kSessionCookie}}).status,
      200);
}

TEST_F(SessionHttpTest, SessionWithoutOrWithAnUnknownCookieIs401) {
  HttpResponse none = Send("GET", "/auth/session");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("content-type"), "application/problem+json");
  HttpResponse unknown = Send("GET", "/auth/session", "",
                              {{"Cookie", "__Host-samen_session=forged"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_THAT(unknown.header("set-cookie"),
              HasSubstr("__Host-samen_session=; Path=/"));
}

// --- API calls with the cookie
// ---------------------------------------------------

TEST_F(SessionHttpTest, CookieBecomesTheSessionsBearerToken) {
  HttpResponse r = Send("GET", kOsof, "", {{"Cookie", kSessionCookie}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ForwardedAuthorization(), "Bearer " + session_token_);
  EXPECT_EQ(r.header("cache-control"), "private, no-cache");
  // Resumed once, then from the cache.
  const int resumed = identity_.resume_calls();
  EXPECT_EQ(Send("GET", kOsof, "", {{"Cookie", kSessionCookie}}).status, 200);
  EXPECT_EQ(identity_.resume_calls(), resumed);
}

TEST_F(SessionHttpTest, UnknownSessionIs401AndClearsTheCookie) {
  const int calls = partners_.calls();
  HttpResponse r =
      Send("GET", kOsof, "", {{"Cookie", "__Host-samen_session=forged"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.header("set-cookie"),
              HasSubstr("__Host-samen_session=; Path=/; HttpOnly; Secure; "
                        "SameSite=Lax; Max-Age=0"));
  EXPECT_EQ(partners_.calls(), calls);
}

TEST_F(SessionHttpTest, TwoSessionCookiesAreRefused) {
  HttpResponse r = Send(
      "GET", kOsof, "",
      {{"Cookie", "__Host-samen_session=sess-1; __Host-samen_session=other"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("more than once"));
}

TEST_F(SessionHttpTest, UnsafeCookieRequestsNeedTheCsrfTokenAndOurOrigin) {
  const int calls = partners_.calls();
  HttpResponse missing =
      Send("DELETE", kOsof, "", {{"Cookie", kSessionCookie}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_THAT(missing.body, HasSubstr("X-CSRF-Token"));
  HttpResponse wrong = Send(
      "DELETE", kOsof, "", {{"Cookie", kSessionCookie}, {"X-CSRF-Token", "x"}});
  EXPECT_EQ(wrong.status, 403);
  HttpResponse foreign = Send("DELETE", kOsof, "",
                              {{"Cookie", kSessionCookie},
                               {"X-CSRF-Token", "csrf-1"},
                               {"Origin", "https://evil.example"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_THAT(foreign.body, HasSubstr("Origin"));
  EXPECT_EQ(partners_.calls(), calls);

  HttpResponse ok = Send("DELETE", kOsof, "",
                         {{"Cookie", kSessionCookie},
                          {"X-CSRF-Token", "csrf-1"},
                          {"Origin", kPublicUrl}});
  EXPECT_NE(ok.status, 403) << ok.body;
  EXPECT_EQ(partners_.calls(), calls + 1);
}

TEST_F(SessionHttpTest, AnAuthorizationHeaderWinsOverTheCookie) {
  const std::string other = Token("machine");
  HttpResponse r =
      Send("DELETE", kOsof, "",
           {{"Cookie", kSessionCookie}, {"Authorization", "Bearer " + other}});
  EXPECT_NE(r.status, 403) << r.body;
  EXPECT_EQ(ForwardedAuthorization(), "Bearer " + other);
}

// --- Logout
// ----------------------------------------------------------------------

TEST_F(SessionHttpTest, LogoutNeedsTheCsrfTokenThenEndsTheSession) {
  HttpResponse refused = Form("/auth/logout", "", {{"Cookie", kSessionCookie}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.header("set-cookie"), "");
  EXPECT_EQ(
      Send("GET", "/auth/session", "", {{"Cookie", kSessionCookie}}).status,
      200);

  HttpResponse r = Form("/auth/logout", "csrf_token=csrf-1",
                        {{"Cookie", kSessionCookie}, {"Origin", kPublicUrl}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "https://idp.example/logout?post=x");
  EXPECT_THAT(r.header("set-cookie"), HasSubstr("__Host-samen_session=;"));
  EXPECT_THAT(r.header("set-cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(identity_.last_end().post_logout_redirect_uri(),
            "http://localhost:8080/");
  // Dropped from the cache: the cookie no longer works.
  EXPECT_EQ(Send("GET", kOsof, "", {{"Cookie", kSessionCookie}}).status, 401);
}

TEST_F(SessionHttpTest, LogoutAcceptsTheTokenInAHeader) {
  HttpResponse r =
      Send("POST", "/auth/logout", "",
           {{"Cookie", kSessionCookie}, {"X-CSRF-Token", "csrf-1"}});
  EXPECT_EQ(r.status, 303);
}

// --- The token endpoint
// ------------------------------------------------------------

TEST_F(SessionHttpTest, TokenForAClientWithFormCredentials) {
  HttpResponse r = Form("/oauth/token",
                        "grant_type=client_credentials&client_id=site&client_"
                        "secret=good");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"access_token":"machine-token","token_type":"Bearer",)"
                    R"("expires_in":900,"scope":"integration"})");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_EQ(r.header("pragma"), "no-cache");
  EXPECT_EQ(identity_.last_token().client_auth_method(), "post");
}

TEST_F(SessionHttpTest, TokenErrorsFollowRfc6749) {
  HttpResponse basic =
      Form("/oauth/token", "grant_type=client_credentials",
           {{"Authorization", "Basic " + absl::Base64Escape("site:bad")}});
  EXPECT_EQ(basic.status, 401);
  EXPECT_THAT(basic.header("www-authenticate"), HasSubstr("Basic"));
  EXPECT_THAT(basic.body, HasSubstr(R"("error":"invalid_client")"));
  EXPECT_EQ(identity_.last_token().client_auth_method(), "basic");

  HttpResponse post = Form("/oauth/token",
                           "grant_type=client_credentials&client_id=site&"
                           "client_secret=bad");
  EXPECT_EQ(post.status, 400);
  EXPECT_THAT(post.body, HasSubstr(R"("error":"invalid_client")"));
  EXPECT_EQ(post.header("www-authenticate"), "");

  HttpResponse grant = Form("/oauth/token", "grant_type=password");
  EXPECT_EQ(grant.status, 400);
  EXPECT_THAT(grant.body, HasSubstr(R"("error":"unsupported_grant_type")"));

  HttpResponse down =
      Form("/oauth/token", "grant_type=client_credentials&client_id=down");
  EXPECT_EQ(down.status, 503);
  EXPECT_THAT(down.body, HasSubstr(R"("error":"temporarily_unavailable")"));
}

TEST_F(SessionHttpTest, TokenRequestsTheGatewayRefusesItself) {
  HttpResponse json = Send("POST", "/oauth/token", R"({"grant_type":"x"})");
  EXPECT_EQ(json.status, 400);
  EXPECT_THAT(json.body, HasSubstr(R"("error":"invalid_request")"));
  HttpResponse both =
      Form("/oauth/token", "grant_type=client_credentials&client_id=site",
           {{"Authorization", "Basic " + absl::Base64Escape("site:good")}});
  EXPECT_EQ(both.status, 400);
  EXPECT_THAT(both.body, HasSubstr(R"("error":"invalid_request")"));
  HttpResponse twice = Form("/oauth/token", "grant_type=a&grant_type=b");
  EXPECT_EQ(twice.status, 400);
}

TEST_F(SessionHttpTest, TokenRequestsAreRateLimitedPerClientAddress) {
  Options options = BaseOptions();
  options.gateway.anonymous_rate_limit.rps = 0.01;
  options.gateway.anonymous_rate_limit.burst = 2;
  Start(options);
  const std::string form = "grant_type=client_credentials&client_id=site";
  EXPECT_EQ(Form("/oauth/token", form).status, 400);
  EXPECT_EQ(Form("/oauth/token", form).status, 400);
  HttpResponse limited = Form("/oauth/token", form);
  EXPECT_EQ(limited.status, 429);
  EXPECT_NE(limited.header("retry-after"), "");
  EXPECT_THAT(limited.header("ratelimit-policy"), HasSubstr("sign-in"));
  // The documents are not limited.
  EXPECT_EQ(Send("GET", "/.well-known/jwks.json").status, 200);
}

// --- Public documents
// -----------------------------------------------------------------

TEST_F(SessionHttpTest, PublicDocumentsAreServedAndCached) {
  HttpResponse jwks = Send("GET", "/.well-known/jwks.json");
  EXPECT_EQ(jwks.status, 200);
  EXPECT_EQ(jwks.body, R"({"keys":[]})");
  EXPECT_EQ(jwks.header("content-type"), "application/jwk-set+json");
  EXPECT_EQ(jwks.header("cache-control"), "public, max-age=300");
  const int calls = identity_.document_calls();
  HttpResponse metadata =
      Send("GET", "/.well-known/oauth-authorization-server");
  EXPECT_EQ(metadata.status, 200);
  EXPECT_THAT(metadata.body, HasSubstr("token_endpoint"));
  EXPECT_EQ(metadata.header("content-type"), "application/json");
  EXPECT_EQ(identity_.document_calls(), calls);
}

// --- Edge keys
// -------------------------------------------------------------------------

TEST_F(SessionHttpTest, EdgeVerifierFollowsThePublishedKeys) {
  const auth::testing::TestKey key = auth::testing::TestKey::EcP256();
  const std::string es256 = key.Token(
      R"({"alg":"ES256","typ":"JWT","kid":"samen-1"})",
      absl::StrCat(R"({"sub":"p1","exp":)",
                   absl::ToUnixSeconds(absl::Now() + absl::Minutes(15)), "}"));
  // Unknown keys: the edge refuses the token.
  EXPECT_EQ(
      Send("GET", kOsof, "", {{"Authorization", "Bearer " + es256}}).status,
      401);
  identity_.set_jwks_json(auth::testing::Jwks({key.PublicJwk("samen-1")}));
  Options options = BaseOptions();
  options.gateway.session.key_refresh_interval = absl::Milliseconds(100);
  Start(options);
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status =
        Send("GET", kOsof, "", {{"Authorization", "Bearer " + es256}}).status;
    if (status != 200) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(status, 200);
  // The configured HS256 secret still counts.
  EXPECT_EQ(Send("GET", kOsof, "", {{"Authorization", "Bearer " + Token("p2")}})
                .status,
            200);
  // An identity service that publishes nothing usable keeps the last keys.
  identity_.set_jwks_json("not json");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(
      Send("GET", kOsof, "", {{"Authorization", "Bearer " + es256}}).status,
      200);
}

TEST_F(SessionHttpTest, ACookieSentToAnotherHostIsRefused) {
  HttpResponse r = Send("GET", kOsof, "",
                        {{"Host", "evil.example"}, {"Cookie", kSessionCookie}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_THAT(r.body, HasSubstr("evil.example"));
  EXPECT_EQ(ForwardedAuthorization(), "");
}

// --- Without --public_url
// --------------------------------------------------------------

TEST_F(SessionHttpTest, WithoutAPublicUrlThereIsNoWebSignIn) {
  Options options = BaseOptions();
  options.gateway.session.public_url = "";
  Start(options);
  EXPECT_EQ(Send("GET", "/auth/login").status, 404);
  EXPECT_EQ(
      Send("GET", "/auth/session", "", {{"Cookie", kSessionCookie}}).status,
      404);
  // The cookie is ignored: no token, so the edge refuses.
  EXPECT_EQ(Send("GET", kOsof, "", {{"Cookie", kSessionCookie}}).status, 401);
  // The token endpoint needs no public URL.
  EXPECT_EQ(Form("/oauth/token",
                 "grant_type=client_credentials&client_id=site&client_"
                 "secret=good")
                .status,
            200);
}

TEST_F(SessionHttpTest, ABadPublicUrlIsRefusedAtStart) {
  Options options = BaseOptions();
  options.gateway.session.public_url = "localhost:8080";
  EXPECT_FALSE(GatewayApp::Start(options).ok());
}

}  // namespace
}  // namespace samen::gateway::testing

// Signing in as schools do (docs/security.md), end to end: a real OpenID
// Connect provider (idp/), the identity service, and the gateway as the web
// app's backend for frontend, driven by a cookie-keeping, redirect-following
// client; native apps through token exchange and rotating refresh tokens;
// machine clients through client credentials.

#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/sign_in_stack.h"
#include "tests/support/test_env.h"

namespace samen::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kSession[] = "__Host-samen_session";
constexpr int kVerifierLeewaySeconds = 30;
constexpr char kNoor[] = "noor.jansen@almerecollege.example";
constexpr char kFemke[] = "femke.devries@osof.example";
constexpr char kRuben[] = "ruben.dekker@almerecollege.example";
constexpr char kIdToken[] = "urn:ietf:params:oauth:token-type:id_token";
constexpr char kExchange[] = "urn:ietf:params:oauth:grant-type:token-exchange";

class SignInTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new SignInStack(); }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  static std::string Gateway(const std::string& path) {
    return stack_->gateway_url() + path;
  }

  HttpResponse Token(
      const std::vector<std::pair<std::string, std::string>>& form,
      Headers headers = {}) {
    headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    return Browser().Send("POST", Gateway("/oauth/token"), FormEncode(form),
                          headers);
  }

  HttpResponse Exchange(const std::string& id_token) {
    return Token({{"grant_type", kExchange},
                  {"client_id", "samen-app"},
                  {"subject_token", id_token},
                  {"subject_token_type", kIdToken}});
  }

  static HttpResponse Api(const std::string& method, const std::string& path,
                          const std::string& token,
                          const std::string& body = "") {
    return Browser().Send(method, Gateway(path), body,
                          {{"Authorization", "Bearer " + token}});
  }

  // A developer token as samen-server mint-token makes it, for Samen's issuer.
  static std::string Admin() {
    return MintTestToken("demo-admin", "admin", stack_->gateway_url(), "samen");
  }

  static SignInStack* stack_;
};

SignInStack* SignInTest::stack_ = nullptr;

TEST_F(SignInTest, WebSignInCallsTheApiAndSignOutEndsTheSession) {
  Browser browser;
  Browser::Page page =
      stack_->SignIn(browser, kNoor, "/v1/people/starter-noor");
  ASSERT_EQ(page.response.status, 200) << page.url << "\n"
                                       << page.response.body;
  EXPECT_THAT(page.response.body, HasSubstr("Noor Jansen"));
  const std::string session = browser.cookie(kSession);
  ASSERT_FALSE(session.empty());

  HttpResponse who = browser.Send("GET", Gateway("/auth/session"), "", {});
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(JsonField(who.body, "person"), "people/starter-noor");
  EXPECT_EQ(who.header("cache-control"), "no-store");
  const std::string csrf = JsonField(who.body, "csrfToken");
  ASSERT_FALSE(csrf.empty());

  HttpResponse out = browser.Send("POST", Gateway("/auth/logout"), "",
                                  {{"X-CSRF-Token", csrf}});
  ASSERT_EQ(out.status, 303) << out.body;
  EXPECT_THAT(out.header("location"), StartsWith(stack_->idp_url()));
  EXPECT_THAT(out.header("location"), HasSubstr("id_token_hint="));
  EXPECT_TRUE(browser.cookie(kSession).empty());

  // The cookie kept by someone who copied it no longer works.
  browser.set_cookie(kSession, session);
  EXPECT_EQ(
      browser.Send("GET", Gateway("/v1/people/starter-noor"), "", {}).status,
      401);
  EXPECT_EQ(browser.Send("GET", Gateway("/auth/session"), "", {}).status, 401);
}

TEST_F(SignInTest, StateChangingCookieRequestsNeedTheCsrfTokenAndOurOrigin) {
  Browser browser;
  ASSERT_EQ(stack_->SignIn(browser, kFemke, "/auth/session").response.status,
            200);
  const std::string csrf = JsonField(
      browser.Send("GET", Gateway("/auth/session"), "", {}).body, "csrfToken");
  const std::string patch = R"({"region":"Flevoland-Noord"})";
  const std::string path = "/v1/partnerships/osof";
  EXPECT_EQ(browser.Send("PATCH", Gateway(path), patch, {}).status, 403);
  EXPECT_EQ(
      browser.Send("PATCH", Gateway(path), patch, {{"X-CSRF-Token", "nope"}})
          .status,
      403);
  EXPECT_EQ(
      browser
          .Send("PATCH", Gateway(path), patch,
                {{"X-CSRF-Token", csrf}, {"Origin", "http://evil.example"}})
          .status,
      403);
  HttpResponse unchanged = browser.Send("GET", Gateway(path), "", {});
  ASSERT_EQ(unchanged.status, 200) << unchanged.body;
  EXPECT_NE(JsonField(unchanged.body, "region"), "Flevoland-Noord");
  HttpResponse ok =
      browser.Send("PATCH", Gateway(path), patch,
                   {{"X-CSRF-Token", csrf}, {"Origin", stack_->gateway_url()}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(JsonField(ok.body, "region"), "Flevoland-Noord");
}

// Starts a sign-in in `browser` and returns the callback URL the provider
// sends it to, without fetching it.
std::string CallbackFor(SignInStack& stack, Browser& browser,
                        const std::string& email) {
  const std::string callback = stack.gateway_url() + "/auth/callback";
  Browser::Page login = browser.Get(stack.gateway_url() + "/auth/login");
  const HtmlForm form = FirstForm(login.response.body);
  std::vector<std::pair<std::string, std::string>> fields = form.hidden;
  fields.push_back({"email", email});
  fields.push_back({"password", kDemoPassword});
  return browser.PostForm(stack.idp_url() + form.action, fields, {}, callback)
      .stopped_at;
}

TEST_F(SignInTest, CallbackRefusesForgedStateAnotherBrowserAndReplay) {
  Browser browser;
  const std::string callback = CallbackFor(*stack_, browser, kNoor);
  ASSERT_THAT(callback, HasSubstr("code="));
  const std::string state = QueryParam(callback, "state");
  std::string forged = callback;
  forged.replace(forged.find(state), state.size(), "forged-state");
  HttpResponse wrong = browser.Send("GET", forged, "", {});
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_THAT(wrong.body, HasSubstr("state"));
  EXPECT_TRUE(browser.cookie(kSession).empty());

  // Opened in another browser: without the sign-in's binding cookie, or
  // with another sign-in's.
  Browser thief;
  HttpResponse stolen = thief.Send("GET", callback, "", {});
  EXPECT_EQ(stolen.status, 400) << stolen.body;
  EXPECT_THAT(stolen.body, HasSubstr("niet in deze browser"));
  EXPECT_TRUE(thief.cookie(kSession).empty());
  CallbackFor(*stack_, thief, kFemke);  // the thief's own binding cookie
  HttpResponse mixed = thief.Send("GET", callback, "", {});
  EXPECT_EQ(mixed.status, 403) << mixed.body;
  EXPECT_TRUE(thief.cookie(kSession).empty());

  Browser again;
  const std::string second = CallbackFor(*stack_, again, kNoor);
  HttpResponse done = again.Send("GET", second, "", {});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_FALSE(again.cookie(kSession).empty());
  again.forget_cookie(kSession);
  HttpResponse replay = again.Send("GET", second, "", {});
  EXPECT_EQ(replay.status, 400) << replay.body;
  EXPECT_TRUE(again.cookie(kSession).empty());
}

TEST_F(SignInTest, AccountsSamenDoesNotKnowAreRefused) {
  for (const char* email :
       {"onbekend@example.org", "onbevestigd@almerecollege.example"}) {
    Browser browser;
    Browser::Page page = stack_->SignIn(browser, email);
    EXPECT_EQ(page.response.status, 403) << email << page.response.body;
    EXPECT_TRUE(browser.cookie(kSession).empty()) << email;
  }
}

TEST_F(SignInTest, NativeAppExchangesItsIdTokenAndRefreshTokensRotate) {
  const std::string id_token = stack_->NativeIdToken(kNoor);
  ASSERT_FALSE(id_token.empty());
  HttpResponse first = Exchange(id_token);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("cache-control"), "no-store");
  EXPECT_EQ(JsonField(first.body, "token_type"), "Bearer");
  EXPECT_EQ(JsonField(first.body, "issued_token_type"),
            "urn:ietf:params:oauth:token-type:access_token");
  const std::string access = JsonField(first.body, "access_token");
  const std::string refresh1 = JsonField(first.body, "refresh_token");
  ASSERT_FALSE(refresh1.empty());
  EXPECT_EQ(Api("GET", "/v1/people/starter-noor", access).status, 200);

  HttpResponse second = Token({{"grant_type", "refresh_token"},
                               {"client_id", "samen-app"},
                               {"refresh_token", refresh1}});
  ASSERT_EQ(second.status, 200) << second.body;
  const std::string refresh2 = JsonField(second.body, "refresh_token");
  EXPECT_NE(refresh2, refresh1);

  HttpResponse reuse = Token({{"grant_type", "refresh_token"},
                              {"client_id", "samen-app"},
                              {"refresh_token", refresh1}});
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(JsonField(reuse.body, "error"), "invalid_grant");
  EXPECT_THAT(JsonField(reuse.body, "error_description"),
              HasSubstr("used before"));
  // Reuse revoked the family: the newest token is dead too.
  HttpResponse after = Token({{"grant_type", "refresh_token"},
                              {"client_id", "samen-app"},
                              {"refresh_token", refresh2}});
  EXPECT_EQ(after.status, 400);
  EXPECT_EQ(JsonField(after.body, "error"), "invalid_grant");
}

TEST_F(SignInTest, ForgedForeignOrMalformedTokenRequestsAreRefused) {
  std::string forged = stack_->NativeIdToken(kNoor);
  ASSERT_FALSE(forged.empty());
  forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
  HttpResponse bad_signature = Exchange(forged);
  EXPECT_EQ(bad_signature.status, 400);
  EXPECT_EQ(JsonField(bad_signature.body, "error"), "invalid_grant");

  // Signed by someone else entirely (Samen's test secret, another issuer).
  HttpResponse foreign = Exchange(MintTestToken("starter-noor", "admin"));
  EXPECT_EQ(foreign.status, 400);
  EXPECT_EQ(JsonField(foreign.body, "error"), "invalid_grant");

  HttpResponse wrong_type = Token({{"grant_type", kExchange},
                                   {"client_id", "samen-app"},
                                   {"subject_token", "x"},
                                   {"subject_token_type", "saml"}});
  EXPECT_EQ(JsonField(wrong_type.body, "error"), "invalid_request");
  HttpResponse not_native = Token({{"grant_type", kExchange},
                                   {"client_id", "samen-web"},
                                   {"subject_token", "x"},
                                   {"subject_token_type", kIdToken}});
  EXPECT_EQ(JsonField(not_native.body, "error"), "invalid_client");
  HttpResponse unknown = Token({{"grant_type", "password"}});
  EXPECT_EQ(JsonField(unknown.body, "error"), "unsupported_grant_type");
}

TEST_F(SignInTest, TheVacancySiteUsesClientCredentialsWithRotatableSecrets) {
  const std::string admin = Admin();
  const std::string coordinator =
      MintTestToken("coord-osof", "coordinator@partnerships/osof",
                    stack_->gateway_url(), "samen");
  EXPECT_EQ(Api("GET", "/v1/clients", coordinator).status, 403);
  EXPECT_EQ(Api("POST", "/v1/clients?client_id=sneaky", coordinator,
                R"({"displayName":"Sneaky","grants":["integration"]})")
                .status,
            403);
  HttpResponse created =
      Api("POST", "/v1/clients?client_id=vacaturesite-test", admin,
          R"({"displayName":"Vacaturesite test","grants":["integration"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = JsonField(created.body, "clientSecret");
  ASSERT_EQ(secret.size(), 43u);
  auto credentials = [&](const std::string& s) {
    return Token({{"grant_type", "client_credentials"},
                  {"client_id", "vacaturesite-test"},
                  {"client_secret", s}});
  };
  HttpResponse token = credentials(secret);
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(JsonField(token.body, "scope"), "integration");
  EXPECT_EQ(
      Api("GET", "/v1/vacancies:sync", JsonField(token.body, "access_token"))
          .status,
      200);
  // RFC 6749 section 5.2: 400 for form credentials, 401 with a Basic
  // challenge for HTTP Basic ones.
  HttpResponse wrong = credentials("not-the-secret");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(JsonField(wrong.body, "error"), "invalid_client");
  HttpResponse wrong_basic =
      Token({{"grant_type", "client_credentials"}},
            {{"Authorization", "Basic dmFjYXR1cmVzaXRlLXRlc3Q6bm9wZQ=="}});
  EXPECT_EQ(wrong_basic.status, 401);
  EXPECT_THAT(wrong_basic.header("www-authenticate"), StartsWith("Basic"));

  HttpResponse rotated =
      Api("POST", "/v1/clients/vacaturesite-test:rotateSecret", admin,
          R"({"overlapSeconds":"0"})");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_EQ(JsonField(credentials(secret).body, "error"), "invalid_client");
  EXPECT_EQ(credentials(JsonField(rotated.body, "clientSecret")).status, 200);
}

TEST_F(SignInTest, ARemovedGrantIsRefusedWithinOneAccessTokenLifetime) {
  HttpResponse exchanged = Exchange(stack_->NativeIdToken(kRuben));
  ASSERT_EQ(exchanged.status, 200) << exchanged.body;
  const std::string access = JsonField(exchanged.body, "access_token");
  const std::string tracking = "/v1/organisations/-/starterTracking";
  ASSERT_EQ(Api("GET", tracking, access).status, 200);

  const std::string admin = Admin();
  HttpResponse grants = Api("GET", "/v1/people/hr-almere/roleGrants", admin);
  ASSERT_EQ(grants.status, 200) << grants.body;
  const size_t at = grants.body.find("people/hr-almere/roleGrants/");
  ASSERT_NE(at, std::string::npos) << grants.body;
  const std::string grant =
      grants.body.substr(at, grants.body.find('"', at) - at);
  ASSERT_THAT(Api("DELETE", "/v1/" + grant, admin).status, AnyOf(200, 204));

  // The refreshed token carries the grants as they are now ...
  HttpResponse refreshed =
      Token({{"grant_type", "refresh_token"},
             {"client_id", "samen-app"},
             {"refresh_token", JsonField(exchanged.body, "refresh_token")}});
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_EQ(
      Api("GET", tracking, JsonField(refreshed.body, "access_token")).status,
      403);
  // ... and the old one ends with its lifetime (plus the verifiers' 30 s
  // clock-skew leeway).
  std::this_thread::sleep_for(
      std::chrono::seconds(kAccessTokenSeconds + kVerifierLeewaySeconds + 1));
  EXPECT_EQ(Api("GET", tracking, access).status, 401);
}

TEST_F(SignInTest, RevokingAPersonsSessionsIsOneCall) {
  Browser browser;
  ASSERT_EQ(stack_->SignIn(browser, kNoor, "/auth/session").response.status,
            200);
  HttpResponse native = Exchange(stack_->NativeIdToken(kNoor));
  ASSERT_EQ(native.status, 200);
  HttpResponse revoked =
      Api("POST", "/v1/people/starter-noor:revokeSessions", Admin(), "{}");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_NE(JsonField(revoked.body, "sessionsEnded"), "0");
  EXPECT_EQ(browser.Send("GET", Gateway("/auth/session"), "", {}).status, 401);
  HttpResponse refresh =
      Token({{"grant_type", "refresh_token"},
             {"client_id", "samen-app"},
             {"refresh_token", JsonField(native.body, "refresh_token")}});
  EXPECT_EQ(JsonField(refresh.body, "error"), "invalid_grant");
}

TEST_F(SignInTest, PublishesItsKeysAndMetadataAtWellKnownUrls) {
  Browser browser;
  HttpResponse metadata = browser.Send(
      "GET", Gateway("/.well-known/oauth-authorization-server"), "", {});
  ASSERT_EQ(metadata.status, 200);
  EXPECT_EQ(JsonField(metadata.body, "issuer"), stack_->gateway_url());
  EXPECT_EQ(JsonField(metadata.body, "token_endpoint"),
            Gateway("/oauth/token"));
  HttpResponse jwks =
      browser.Send("GET", Gateway("/.well-known/jwks.json"), "", {});
  ASSERT_EQ(jwks.status, 200);
  EXPECT_THAT(jwks.body, HasSubstr("\"crv\":\"P-256\""));
  EXPECT_THAT(jwks.body, Not(HasSubstr("\"d\"")));  // no private part
}

}  // namespace
}  // namespace samen::testing

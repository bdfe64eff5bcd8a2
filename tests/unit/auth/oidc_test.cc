// OidcProvider against a local fake OpenID provider (discovery, JWKS, token
// endpoint) whose ID tokens are signed with SigningKeys.

#include "services/common/auth/oidc.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/signer.h"
#include "services/common/http/http_client.h"
#include "tests/support/local_http_server.h"

namespace samen::auth {
namespace {

using ::samen::testing::LocalHttpServer;
using ::samen::testing::LocalRequest;
using ::samen::testing::LocalResponse;
using ::testing::HasSubstr;

constexpr char kClient[] = "samen-web";
constexpr char kNonce[] = "n-0S6_WzA2Mj";

std::unique_ptr<SigningKeys> Keys(int count) {
  std::vector<std::string> pems;
  for (int i = 0; i < count; ++i) {
    pems.push_back(*GenerateEcP256PrivateKeyPem());
  }
  return *SigningKeys::FromPems(pems);
}

LocalResponse Json(int status, std::string body) {
  LocalResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = {{"Content-Type", "application/json"}};
  return response;
}

// A fake OpenID provider on 127.0.0.1.
class FakeProvider {
 public:
  FakeProvider()
      : server_(
            [this](const LocalRequest& request) { return Handle(request); }) {}

  std::string issuer() const { return server_.Url(""); }
  int requests() const { return server_.request_count(); }

  void SetKeys(const SigningKeys& keys) {
    absl::MutexLock lock(&mu_);
    jwks_ = keys.PublicJwksJson();
  }
  void SetDocumentIssuer(std::string issuer) {
    absl::MutexLock lock(&mu_);
    document_issuer_ = std::move(issuer);
  }
  void SetTokenAnswer(LocalResponse response) {
    absl::MutexLock lock(&mu_);
    token_answer_ = std::move(response);
  }
  LocalRequest last_token_request() {
    absl::MutexLock lock(&mu_);
    return last_token_request_;
  }

 private:
  LocalResponse Handle(const LocalRequest& request) {
    absl::MutexLock lock(&mu_);
    if (request.target == "/.well-known/openid-configuration") {
      const std::string base = server_.Url("");
      return Json(
          200, absl::StrCat(R"({"issuer":")",
                            document_issuer_.empty() ? base : document_issuer_,
                            R"(","authorization_endpoint":")", base,
                            R"(/authorize","token_endpoint":")", base,
                            R"(/token","jwks_uri":")", base,
                            R"(/jwks","end_session_endpoint":")", base,
                            R"(/logout"})"));
    }
    if (request.target == "/jwks") {
      return Json(200, jwks_);
    }
    if (request.target == "/token" && request.method == "POST") {
      last_token_request_ = request;
      return token_answer_;
    }
    return Json(404, "{}");
  }

  absl::Mutex mu_;
  std::string jwks_ ABSL_GUARDED_BY(mu_);
  std::string document_issuer_ ABSL_GUARDED_BY(mu_);
  LocalResponse token_answer_ ABSL_GUARDED_BY(mu_);
  LocalRequest last_token_request_ ABSL_GUARDED_BY(mu_);
  LocalHttpServer server_;  // Last: stops before the state it reads goes.
};

class OidcProviderTest : public ::testing::Test {
 protected:
  OidcProviderTest() : keys_(Keys(1)) { fake_.SetKeys(*keys_); }

  std::unique_ptr<OidcProvider> Provider() {
    OidcProviderOptions options;
    options.issuer = fake_.issuer();
    options.now = [this] { return now_; };
    return std::make_unique<OidcProvider>(std::move(options));
  }

  // Claims with `extra` members spliced in (they override nothing; tests
  // leave out what they replace).
  std::string Claims(absl::string_view extra = "",
                     absl::string_view aud = "\"samen-web\"") {
    return absl::StrCat(R"({"iss":")", fake_.issuer(),
                        R"(","sub":"248289761001")", R"(,"aud":)", aud,
                        R"(,"nonce":")", kNonce, R"(")", R"(,"exp":)",
                        absl::ToUnixSeconds(now_ + absl::Minutes(5)),
                        R"(,"iat":)", absl::ToUnixSeconds(now_), extra, "}");
  }
  std::string Sign(const std::string& claims,
                   const SigningKeys* keys = nullptr) {
    return *(keys != nullptr ? keys : keys_.get())
                ->Sign(claims, TokenType::kJwt);
  }
  absl::Status Verify(OidcProvider& provider, const std::string& token,
                      absl::string_view nonce = kNonce) {
    return provider.VerifyIdToken(token, kClient, nonce, now_).status();
  }

  FakeProvider fake_;
  std::unique_ptr<SigningKeys> keys_;
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
};

void ExpectRefused(const absl::Status& status, absl::string_view message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << status;
  EXPECT_THAT(status.message(), HasSubstr(message));
}

TEST_F(OidcProviderTest, VerifiesAValidIdToken) {
  auto provider = Provider();
  EXPECT_EQ(fake_.requests(), 0);  // Lazy.
  const std::string token = Sign(
      Claims(R"(,"email":"a.jansen@school.example","email_verified":true,)"
             R"("name":"Anne Jansen","auth_time":1799999990,"sid":"s-1")"));
  auto claims = provider->VerifyIdToken(token, kClient, kNonce, now_);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->issuer, fake_.issuer());
  EXPECT_EQ(claims->subject, "248289761001");
  EXPECT_EQ(claims->email, "a.jansen@school.example");
  EXPECT_TRUE(claims->email_verified);
  EXPECT_EQ(claims->name, "Anne Jansen");
  EXPECT_EQ(claims->auth_time, absl::FromUnixSeconds(1799999990));
  EXPECT_EQ(claims->sid, "s-1");
  EXPECT_EQ(claims->expires, now_ + absl::Minutes(5));
  EXPECT_EQ(fake_.requests(), 2);  // Discovery and JWKS.
  EXPECT_TRUE(Verify(*provider, token).ok());
  EXPECT_EQ(fake_.requests(), 2);  // Both cached.
}

TEST_F(OidcProviderTest, RefusesAWrongNonce) {
  auto provider = Provider();
  const std::string token = Sign(Claims());
  ExpectRefused(Verify(*provider, token, "another-nonce"),
                "ID token nonce does not match");
  EXPECT_TRUE(Verify(*provider, token, "").ok());  // Not asked for.
}

TEST_F(OidcProviderTest, RefusesAnotherAudience) {
  auto provider = Provider();
  ExpectRefused(Verify(*provider, Sign(Claims("", "\"other-app\""))),
                "ID token audience does not include this client");
  ExpectRefused(
      Verify(*provider, Sign(Claims("", R"(["other-app","samen-web"])"))),
      "ID token has several audiences and no azp");
  ExpectRefused(Verify(*provider, Sign(Claims(R"(,"azp":"other-app")",
                                              R"(["other-app","samen-web"])"))),
                "ID token azp is not this client");
  EXPECT_TRUE(Verify(*provider, Sign(Claims(R"(,"azp":"samen-web")",
                                            R"(["other-app","samen-web"])")))
                  .ok());
}

TEST_F(OidcProviderTest, RefusesAnExpiredToken) {
  auto provider = Provider();
  const std::string token = Sign(Claims());
  const absl::Time exp = now_ + absl::Minutes(5);
  EXPECT_TRUE(
      provider->VerifyIdToken(token, kClient, kNonce, exp + absl::Seconds(29))
          .ok());  // Leeway.
  ExpectRefused(
      provider->VerifyIdToken(token, kClient, kNonce, exp + absl::Seconds(30))
          .status(),
      "ID token expired");
  ExpectRefused(
      provider->VerifyIdToken(token, kClient, kNonce, now_ - absl::Seconds(31))
          .status(),
      "ID token issued in the future");
}

TEST_F(OidcProviderTest, RefusesAlgNoneAndHmac) {
  auto provider = Provider();
  const std::string payload = absl::StrCat(".", [&] {
    std::string encoded;
    absl::WebSafeBase64Escape(Claims(), &encoded);
    return encoded;
  }());
  std::string none_header;
  absl::WebSafeBase64Escape(R"({"alg":"none"})", &none_header);
  ExpectRefused(Verify(*provider, none_header + payload + "."),
                "ID token alg is not RS256 or ES256");
  std::string hs_header;
  absl::WebSafeBase64Escape(R"({"alg":"HS256"})", &hs_header);
  ExpectRefused(Verify(*provider, hs_header + payload + ".c2lnbmF0dXJl"),
                "ID token alg is not RS256 or ES256");
  EXPECT_EQ(fake_.requests(), 0);  // Refused before any fetch.
}

TEST_F(OidcProviderTest, RefusesAnotherIssuersToken) {
  auto provider = Provider();
  std::string claims = Claims();
  const std::string issuer = fake_.issuer();
  claims.replace(claims.find(issuer), issuer.size(), "https://evil.example");
  ExpectRefused(
      Verify(*provider, Sign(claims)),
      absl::StrCat("ID token issuer \"https://evil.example\" is not \"", issuer,
                   "\""));
}

TEST_F(OidcProviderTest, RefusesADiscoveryDocumentForAnotherIssuer) {
  fake_.SetDocumentIssuer("https://evil.example");
  auto provider = Provider();
  auto metadata = provider->Metadata();
  EXPECT_EQ(metadata.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(metadata.status().message(),
              HasSubstr("issuer \"https://evil.example\" is not the "
                        "configured issuer"));
  EXPECT_EQ(Verify(*provider, Sign(Claims())).code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(OidcProviderTest, RefusesForgedAndTamperedTokens) {
  auto provider = Provider();
  auto stranger = Keys(1);
  ExpectRefused(Verify(*provider, Sign(Claims(), stranger.get())),
                "ID token is signed with a key the provider does not list");
  std::string token = Sign(Claims());
  std::string other = Sign(Claims(R"(,"email":"x@evil.example")"));
  const size_t dot = token.find('.');
  const size_t other_dot = other.rfind('.');
  std::string spliced =
      absl::StrCat(token.substr(0, dot),
                   other.substr(other.find('.'), other_dot - other.find('.')),
                   token.substr(token.rfind('.')));
  ExpectRefused(Verify(*provider, spliced),
                "ID token signature does not verify");
}

TEST_F(OidcProviderTest, FollowsKeyRotation) {
  auto provider = Provider();
  EXPECT_TRUE(Verify(*provider, Sign(Claims())).ok());
  // The provider publishes a new key beside the old one and signs with it.
  auto rotated = Keys(2);
  fake_.SetKeys(*rotated);
  EXPECT_TRUE(Verify(*provider, Sign(Claims(), rotated.get())).ok());
}

TEST_F(OidcProviderTest, RefreshesMetadataHourly) {
  auto provider = Provider();
  ASSERT_TRUE(provider->Metadata().ok());
  now_ += absl::Minutes(59);
  auto metadata = provider->Metadata();
  ASSERT_TRUE(metadata.ok());
  EXPECT_EQ(fake_.requests(), 1);
  EXPECT_EQ(metadata->token_endpoint, fake_.issuer() + "/token");
  EXPECT_EQ(metadata->end_session_endpoint, fake_.issuer() + "/logout");
  EXPECT_EQ(metadata->userinfo_endpoint, "");
  now_ += absl::Minutes(1);
  ASSERT_TRUE(provider->Metadata().ok());
  EXPECT_EQ(fake_.requests(), 2);
}

TEST_F(OidcProviderTest, BuildsTheAuthorizationUrl) {
  auto provider = Provider();
  auto url = provider->AuthorizationUrl(kClient, "https://samen.example/cb",
                                        "openid email", "st", kNonce, "ch");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(*url, fake_.issuer() +
                      "/authorize?response_type=code&client_id=samen-web&"
                      "redirect_uri=https%3A%2F%2Fsamen.example%2Fcb&scope="
                      "openid+email&state=st&nonce=n-0S6_WzA2Mj&code_"
                      "challenge=ch&code_challenge_method=S256");
}

TEST_F(OidcProviderTest, ExchangesACode) {
  fake_.SetTokenAnswer(Json(
      200, R"({"id_token":"header.payload.sig","access_token":"at",)"
           R"("refresh_token":"rt","token_type":"Bearer","expires_in":3600})"));
  auto provider = Provider();
  auto tokens = provider->ExchangeCode("c0de/+", "https://samen.example/cb",
                                       "verifier", kClient, "s3cret:&");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(tokens->id_token, "header.payload.sig");
  EXPECT_EQ(tokens->access_token, "at");
  EXPECT_EQ(tokens->refresh_token, "rt");
  EXPECT_EQ(tokens->token_type, "Bearer");
  EXPECT_EQ(tokens->expires_in, absl::Hours(1));

  const LocalRequest sent = fake_.last_token_request();
  EXPECT_EQ(sent.headers.at("authorization"),
            "Basic " + absl::Base64Escape("samen-web:s3cret%3A%26"));
  EXPECT_EQ(sent.headers.at("content-type"),
            "application/x-www-form-urlencoded");
  auto form = http::FormUrlDecode(sent.body);
  ASSERT_TRUE(form.ok());
  EXPECT_THAT(*form,
              ::testing::ElementsAre(
                  ::testing::Pair("grant_type", "authorization_code"),
                  ::testing::Pair("code", "c0de/+"),
                  ::testing::Pair("redirect_uri", "https://samen.example/cb"),
                  ::testing::Pair("code_verifier", "verifier")));
}

TEST_F(OidcProviderTest, ReportsTheProvidersOAuthError) {
  fake_.SetTokenAnswer(Json(
      400, R"({"error":"invalid_grant","error_description":"Code expired"})"));
  auto provider = Provider();
  auto tokens = provider->ExchangeCode("c", "https://samen.example/cb", "v",
                                       kClient, "secret");
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(tokens.status().message(), HasSubstr("invalid_grant"));
  EXPECT_THAT(tokens.status().message(), HasSubstr("Code expired"));

  fake_.SetTokenAnswer(Json(502, "<html>bad gateway</html>"));
  tokens = provider->ExchangeCode("c", "https://samen.example/cb", "v", kClient,
                                  "secret");
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(tokens.status().message(), HasSubstr("502"));

  fake_.SetTokenAnswer(Json(200, R"({"access_token":"at"})"));
  tokens = provider->ExchangeCode("c", "https://samen.example/cb", "v", kClient,
                                  "secret");
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(tokens.status().message(), HasSubstr("no id_token"));
}

TEST(ParseProviderMetadata, RequiresTheEndpoints) {
  const char* issuer = "https://idp.example";
  EXPECT_THAT(
      ParseProviderMetadata(R"({"issuer":"https://idp.example"})", issuer)
          .status()
          .message(),
      HasSubstr("no authorization_endpoint"));
  EXPECT_THAT(
      ParseProviderMetadata(
          R"({"issuer":"https://idp.example/","authorization_endpoint":)"
          R"("https://idp.example/a","token_endpoint":"https://idp.)"
          R"(example/t","jwks_uri":"https://idp.example/k"})",
          issuer)
          .status()
          .message(),
      HasSubstr("is not the configured issuer"));
  EXPECT_THAT(ParseProviderMetadata(
                  R"({"issuer":"https://idp.example","authorization_endpoint":)"
                  R"("https://idp.example/a","token_endpoint":"https://idp.)"
                  R"(example/t","jwks_uri":"file:///etc/passwd"})",
                  issuer)
                  .status()
                  .message(),
              HasSubstr("jwks_uri is not an http(s) URL"));
}

}  // namespace
}  // namespace samen::auth

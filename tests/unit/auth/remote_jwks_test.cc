// RemoteJwks against a local HTTP server publishing a JWKS: lazy first fetch,
// Cache-Control freshness, key rotation, the unknown-kid throttle, failures;
// and TokenVerifier with VerifierOptions::jwks_url.

#include "services/common/auth/remote_jwks.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
#include "tests/support/local_http_server.h"
#include "tests/unit/auth/test_tokens.h"

namespace samen::auth {
namespace {

using ::samen::auth::testing::Jwks;
using ::samen::auth::testing::TestKey;
using ::samen::testing::LocalHttpServer;
using ::samen::testing::LocalRequest;
using ::samen::testing::LocalResponse;
using ::testing::HasSubstr;

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

const TestKey& Ec1() {
  static const TestKey* key = new TestKey(TestKey::EcP256());
  return *key;
}
const TestKey& Ec2() {
  static const TestKey* key = new TestKey(TestKey::EcP256());
  return *key;
}

// A JWKS publisher whose document, Cache-Control and status tests change.
class Publisher {
 public:
  Publisher()
      : server_([this](const LocalRequest&) {
          absl::MutexLock lock(&mu_);
          LocalResponse response;
          response.status = status_;
          response.body = jwks_;
          response.headers = {{"Content-Type", "application/json"}};
          if (!cache_control_.empty()) {
            response.headers.emplace_back("Cache-Control", cache_control_);
          }
          return response;
        }) {}

  void Set(std::string jwks, std::string cache_control = "", int status = 200) {
    absl::MutexLock lock(&mu_);
    jwks_ = std::move(jwks);
    cache_control_ = std::move(cache_control);
    status_ = status;
  }
  std::string url() const { return server_.Url("/jwks.json"); }
  int requests() const { return server_.request_count(); }

 private:
  absl::Mutex mu_;
  std::string jwks_ ABSL_GUARDED_BY(mu_);
  std::string cache_control_ ABSL_GUARDED_BY(mu_);
  int status_ ABSL_GUARDED_BY(mu_) = 200;
  LocalHttpServer server_;
};

class RemoteJwksTest : public ::testing::Test {
 protected:
  std::unique_ptr<RemoteJwks> Make() {
    RemoteJwksOptions options;
    options.url = publisher_.url();
    options.now = [this] { return now_; };
    return std::make_unique<RemoteJwks>(std::move(options));
  }
  std::vector<std::string> Kids(RemoteJwks& jwks, absl::string_view kid) {
    auto keys = jwks.Keys(kid);
    EXPECT_TRUE(keys.ok()) << keys.status();
    std::vector<std::string> kids;
    if (keys.ok()) {
      for (const auto& key : **keys) {
        kids.push_back(key.kid);
      }
    }
    return kids;
  }

  Publisher publisher_;
  absl::Time now_ = kStart;
};

using ::testing::ElementsAre;

TEST_F(RemoteJwksTest, FetchesOnFirstUseNotAtConstruction) {
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}));
  auto jwks = Make();
  EXPECT_EQ(publisher_.requests(), 0);
  EXPECT_THAT(Kids(*jwks, "k1"), ElementsAre("k1"));
  EXPECT_THAT(Kids(*jwks, ""), ElementsAre("k1"));
  EXPECT_EQ(publisher_.requests(), 1);
}

TEST_F(RemoteJwksTest, KeepsTheSetForTheResponsesMaxAge) {
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}), "public, max-age=120");
  auto jwks = Make();
  Kids(*jwks, "k1");
  publisher_.Set(Jwks({Ec2().PublicJwk("k2")}), "max-age=120");
  now_ = kStart + absl::Seconds(119);
  EXPECT_THAT(Kids(*jwks, ""), ElementsAre("k1"));
  now_ = kStart + absl::Seconds(120);
  EXPECT_THAT(Kids(*jwks, ""), ElementsAre("k2"));
  EXPECT_EQ(publisher_.requests(), 2);
}

TEST_F(RemoteJwksTest, ClampsMaxAgeToAMinuteAndADay) {
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}), "max-age=5");
  auto jwks = Make();
  Kids(*jwks, "");
  now_ = kStart + absl::Seconds(59);
  Kids(*jwks, "");
  EXPECT_EQ(publisher_.requests(), 1);
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}), "max-age=9999999");
  now_ = kStart + absl::Seconds(60);
  Kids(*jwks, "");
  EXPECT_EQ(publisher_.requests(), 2);
  now_ += absl::Hours(24) - absl::Seconds(1);
  Kids(*jwks, "");
  EXPECT_EQ(publisher_.requests(), 2);
  now_ += absl::Seconds(1);
  Kids(*jwks, "");
  EXPECT_EQ(publisher_.requests(), 3);
}

TEST_F(RemoteJwksTest, DefaultsToTenMinutesWithoutCacheControl) {
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}));
  auto jwks = Make();
  Kids(*jwks, "");
  now_ = kStart + absl::Minutes(10) - absl::Seconds(1);
  Kids(*jwks, "");
  EXPECT_EQ(publisher_.requests(), 1);
  now_ = kStart + absl::Minutes(10);
  Kids(*jwks, "");
  EXPECT_EQ(publisher_.requests(), 2);
}

TEST_F(RemoteJwksTest, RefetchesForANewKidAtMostEveryThirtySeconds) {
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}), "max-age=3600");
  auto jwks = Make();
  Kids(*jwks, "k1");
  // Rotation: k2 appears and a token names it.
  publisher_.Set(Jwks({Ec1().PublicJwk("k1"), Ec2().PublicJwk("k2")}),
                 "max-age=3600");
  now_ = kStart + absl::Seconds(1);
  EXPECT_THAT(Kids(*jwks, "k2"), ElementsAre("k1", "k2"));
  EXPECT_EQ(publisher_.requests(), 2);
  // Junk kids: no refetch within 30 s of the last one.
  now_ = kStart + absl::Seconds(30);
  EXPECT_THAT(Kids(*jwks, "junk"), ElementsAre("k1", "k2"));
  EXPECT_THAT(Kids(*jwks, "other"), ElementsAre("k1", "k2"));
  EXPECT_EQ(publisher_.requests(), 2);
  now_ = kStart + absl::Seconds(31);
  Kids(*jwks, "junk");
  EXPECT_EQ(publisher_.requests(), 3);
  // A known kid never refetches while fresh.
  now_ = kStart + absl::Seconds(100);
  Kids(*jwks, "k2");
  EXPECT_EQ(publisher_.requests(), 3);
}

TEST_F(RemoteJwksTest, KeepsTheLastGoodSetWhenAFetchFails) {
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}), "max-age=60");
  auto jwks = Make();
  Kids(*jwks, "");
  publisher_.Set("oops", "", 503);
  now_ = kStart + absl::Seconds(60);
  EXPECT_THAT(Kids(*jwks, ""), ElementsAre("k1"));
  EXPECT_EQ(publisher_.requests(), 2);
  // Not retried on every call while the publisher is down ...
  now_ += absl::Seconds(4);
  Kids(*jwks, "");
  EXPECT_EQ(publisher_.requests(), 2);
  // ... but after the retry interval; an invalid document is a failure too.
  publisher_.Set(R"({"keys":[]})");
  now_ += absl::Seconds(1);
  EXPECT_THAT(Kids(*jwks, ""), ElementsAre("k1"));
  EXPECT_EQ(publisher_.requests(), 3);
  publisher_.Set(Jwks({Ec2().PublicJwk("k2")}));
  now_ += absl::Seconds(5);
  EXPECT_THAT(Kids(*jwks, ""), ElementsAre("k2"));
}

TEST_F(RemoteJwksTest, FailsUntilThePublisherIsUp) {
  publisher_.Set("not yet", "", 503);
  auto jwks = Make();
  auto keys = jwks->Keys("k1");
  EXPECT_EQ(keys.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(keys.status().message(), HasSubstr("503"));
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}));
  EXPECT_FALSE(jwks->Keys("k1").ok());  // Within the retry interval.
  now_ += absl::Seconds(5);
  EXPECT_THAT(Kids(*jwks, "k1"), ElementsAre("k1"));
  EXPECT_EQ(jwks->fetch_count(), 2);
}

TEST_F(RemoteJwksTest, ConcurrentFirstCallsShareOneFetch) {
  publisher_.Set(Jwks({Ec1().PublicJwk("k1")}));
  auto jwks = Make();
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] { EXPECT_TRUE(jwks->Keys("k1").ok()); });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(publisher_.requests(), 1);
}

TEST(CacheControlMaxAge, ReadsTheDirective) {
  EXPECT_EQ(CacheControlMaxAge("public, max-age=300, must-revalidate"),
            absl::Seconds(300));
  EXPECT_EQ(CacheControlMaxAge("Max-Age=\"60\""), absl::Seconds(60));
  EXPECT_EQ(CacheControlMaxAge("no-store"), absl::ZeroDuration());
  EXPECT_EQ(CacheControlMaxAge("public"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge("max-age=-1"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge(""), std::nullopt);
}

std::string Payload() {
  return absl::StrCat(R"({"sub":"person-1","exp":)",
                      absl::ToUnixSeconds(absl::Now() + absl::Hours(1)), "}");
}

TEST(TokenVerifierWithJwksUrl, VerifiesWithFetchedKeysAndFollowsRotation) {
  Publisher publisher;
  publisher.Set(Jwks({Ec1().PublicJwk("k1")}));
  VerifierOptions options;
  options.jwks_url = publisher.url();
  options.cache_entries = 0;
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_EQ(publisher.requests(), 0);  // Lazy.

  const std::string token1 =
      Ec1().Token(R"({"alg":"ES256","kid":"k1"})", Payload());
  auto principal = (*verifier)->Verify(token1, absl::Now());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "person-1");

  publisher.Set(Jwks({Ec1().PublicJwk("k1"), Ec2().PublicJwk("k2")}));
  const std::string token2 =
      Ec2().Token(R"({"alg":"ES256","kid":"k2"})", Payload());
  EXPECT_TRUE((*verifier)->Verify(token2, absl::Now()).ok());
  EXPECT_EQ(publisher.requests(), 2);

  const std::string forged =
      Ec1().Token(R"({"alg":"ES256","kid":"k2"})", Payload());
  EXPECT_EQ((*verifier)->Verify(forged, absl::Now()).status().message(),
            "signature does not verify");
  const std::string unknown =
      Ec1().Token(R"({"alg":"ES256","kid":"k9"})", Payload());
  EXPECT_EQ((*verifier)->Verify(unknown, absl::Now()).status().message(),
            "unknown key id");
  EXPECT_EQ(publisher.requests(), 2);  // Throttled.
}

TEST(TokenVerifierWithJwksUrl, UsesFileAndUrlKeysTogether) {
  Publisher publisher;
  publisher.Set(Jwks({Ec2().PublicJwk("url-key")}));
  VerifierOptions options;
  options.jwks_file = testing::WriteTempFile(
      "file_jwks.json", Jwks({Ec1().PublicJwk("file-key")}));
  options.jwks_url = publisher.url();
  options.cache_entries = 0;
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE((*verifier)
                  ->Verify(Ec1().Token(R"({"alg":"ES256","kid":"file-key"})",
                                       Payload()),
                           absl::Now())
                  .ok());
  EXPECT_EQ(publisher.requests(), 0);  // Found in the file.
  EXPECT_TRUE(
      (*verifier)
          ->Verify(Ec2().Token(R"({"alg":"ES256","kid":"url-key"})", Payload()),
                   absl::Now())
          .ok());
  EXPECT_EQ(publisher.requests(), 1);
  // Without a kid, two ES256 keys are candidates.
  EXPECT_EQ(
      (*verifier)
          ->Verify(Ec2().Token(R"({"alg":"ES256"})", Payload()), absl::Now())
          .status()
          .message(),
      "token has no key id");
}

TEST(TokenVerifierWithJwksUrl, AcceptsATokenWithoutKidWhenOneKeyFits) {
  Publisher publisher;
  publisher.Set(Jwks({Ec1().PublicJwk("only")}));
  VerifierOptions options;
  options.jwks_url = publisher.url();
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok());
  EXPECT_TRUE(
      (*verifier)
          ->Verify(Ec1().Token(R"({"alg":"ES256"})", Payload()), absl::Now())
          .ok());
}

TEST(TokenVerifierWithJwksUrl, ChecksHs256OnlyAgainstTheSecret) {
  Publisher publisher;
  publisher.Set(Jwks({Ec1().PublicJwk("k1")}));
  VerifierOptions options;
  options.jwks_url = publisher.url();
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok());
  const std::string hs = testing::Hs256Token(R"({"alg":"HS256","kid":"k1"})",
                                             Payload(), std::string(32, 's'));
  EXPECT_EQ((*verifier)->Verify(hs, absl::Now()).status().message(),
            "unsupported alg HS256");
  EXPECT_EQ(publisher.requests(), 0);
}

TEST(TokenVerifierWithJwksUrl, UnreachablePublisherIsUnauthenticated) {
  Publisher publisher;
  publisher.Set("", "", 500);
  VerifierOptions options;
  options.jwks_url = publisher.url();
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok());
  auto result = (*verifier)->Verify(
      Ec1().Token(R"({"alg":"ES256","kid":"k1"})", Payload()), absl::Now());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(result.status().message(), "signing keys are unavailable");
}

TEST(TokenVerifierWithJwksUrl, RejectsABadUrlAtCreation) {
  VerifierOptions options;
  options.jwks_url = "ftp://keys.example/jwks";
  EXPECT_EQ(TokenVerifier::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace samen::auth

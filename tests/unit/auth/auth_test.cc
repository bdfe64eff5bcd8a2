// HS256 verification and claims. Creating verifiers, the Authorization
// header, minting and Principal: mint_and_principal_test.cc; RS256/ES256 and
// JWKS: jwks_test.cc.

#include "services/common/auth/auth.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/auth/hs256_fixtures.h"
#include "tests/unit/auth/test_tokens.h"

namespace samen::auth {
namespace {

using ::samen::auth::testing::B64;
using ::samen::auth::testing::ExpectUnauthenticated;
using ::samen::auth::testing::Hs256Token;
using ::samen::auth::testing::kHs256Header;
using ::samen::auth::testing::kNow;
using ::samen::auth::testing::kSecret;
using ::samen::auth::testing::MakeVerifier;
using ::samen::auth::testing::Mint;
using ::samen::auth::testing::Payload;
using ::samen::auth::testing::SamplePrincipal;
using ::samen::auth::testing::WriteTempFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// ---- HS256 round trip and signature ----

TEST(TokenVerifier, AcceptsMintedHs256TokenWithGrants) {
  auto token = MintHs256Token(SamplePrincipal(), Mint());
  ASSERT_TRUE(token.ok()) << token.status();
  auto principal = MakeVerifier()->Verify(*token, kNow + absl::Minutes(5));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "idp|42");
  EXPECT_EQ(principal->display_name, "Fatima \"Tima\" de Vries\n");
  EXPECT_EQ(principal->expires, kNow + absl::Hours(1));
  EXPECT_THAT(principal->grants,
              ElementsAre(Grant{"coordinator", "partnerships/osof"},
                          Grant{"hr", "organisations/almere-college-dronten"},
                          Grant{"admin", ""}));
}

TEST(TokenVerifier, AcceptsHandBuiltHs256Token) {
  auto principal = MakeVerifier()->Verify(
      Hs256Token(kHs256Header, Payload(), kSecret), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "person-1");
  EXPECT_THAT(principal->grants, IsEmpty());
}

TEST(TokenVerifier, RejectsTokenSignedWithAnotherSecret) {
  const std::string token = Hs256Token(kHs256Header, Payload(),
                                       "another-secret-of-at-least-32-bytes!!");
  ExpectUnauthenticated(MakeVerifier()->Verify(token, kNow),
                        "signature does not verify");
}

TEST(TokenVerifier, RejectsTamperedPayload) {
  const std::string token = Hs256Token(kHs256Header, Payload(), kSecret);
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  parts[1] = B64(absl::StrCat(R"({"sub":"someone-else","exp":)",
                              absl::ToUnixSeconds(kNow + absl::Hours(1)), "}"));
  ExpectUnauthenticated(MakeVerifier()->Verify(absl::StrJoin(parts, "."), kNow),
                        "signature does not verify");
}

TEST(TokenVerifier, RejectsTruncatedSignature) {
  std::string token = Hs256Token(kHs256Header, Payload(), kSecret);
  token.resize(token.size() - 4);
  ExpectUnauthenticated(MakeVerifier()->Verify(token, kNow),
                        "signature does not verify");
}

TEST(TokenVerifier, RejectsAlgNone) {
  const std::string unsigned_token = absl::StrCat(
      B64(R"({"alg":"none","typ":"JWT"})"), ".", B64(Payload()), ".");
  ExpectUnauthenticated(MakeVerifier()->Verify(unsigned_token, kNow),
                        "unsupported alg none");
  // Even carrying a valid HMAC, "none" is not a way in.
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          Hs256Token(R"({"alg":"none"})", Payload(), kSecret), kNow),
      "unsupported alg none");
}

TEST(TokenVerifier, RejectsOtherAlgorithms) {
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          Hs256Token(R"({"alg":"HS512"})", Payload(), kSecret), kNow),
      "unsupported alg HS512");
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          Hs256Token(R"({"alg":"hs256"})", Payload(), kSecret), kNow),
      "unsupported alg hs256");
}

TEST(TokenVerifier, DoesNotEchoHostileAlgValue) {
  const std::string token =
      Hs256Token(R"({"alg":"<script>alert(1)</script>"})", Payload(), kSecret);
  ExpectUnauthenticated(MakeVerifier()->Verify(token, kNow), "unsupported alg");
}

TEST(TokenVerifier, RejectsRs256WhenOnlyHs256IsConfigured) {
  const std::string input =
      absl::StrCat(B64(R"({"alg":"RS256"})"), ".", B64(Payload()));
  ExpectUnauthenticated(
      MakeVerifier()->Verify(absl::StrCat(input, ".", B64("sig")), kNow),
      "unsupported alg RS256");
}

TEST(TokenVerifier, RejectsCriticalHeaderExtensions) {
  const std::string token = Hs256Token(
      R"({"alg":"HS256","crit":["exp"],"exp":1})", Payload(), kSecret);
  ExpectUnauthenticated(MakeVerifier()->Verify(token, kNow),
                        "unsupported crit header");
}

// ---- Time ----

TEST(TokenVerifier, RejectsExpiredToken) {
  auto token = MintHs256Token(SamplePrincipal(), Mint(kNow - absl::Hours(2)));
  ASSERT_TRUE(token.ok()) << token.status();
  ExpectUnauthenticated(MakeVerifier()->Verify(*token, kNow), "token expired");
}

TEST(TokenVerifier, AppliesLeewayToExpiry) {
  // Minted at kNow-1h with a 1h ttl: expired exactly at kNow.
  auto token = MintHs256Token(SamplePrincipal(), Mint(kNow - absl::Hours(1)));
  ASSERT_TRUE(token.ok()) << token.status();
  VerifierOptions options;
  options.hs256_secret = kSecret;
  options.leeway = absl::Seconds(30);
  auto verifier = MakeVerifier(options);
  EXPECT_TRUE(verifier->Verify(*token, kNow + absl::Seconds(29)).ok());
  ExpectUnauthenticated(verifier->Verify(*token, kNow + absl::Seconds(30)),
                        "token expired");
  options.leeway = absl::ZeroDuration();
  ExpectUnauthenticated(MakeVerifier(options)->Verify(*token, kNow),
                        "token expired");
  EXPECT_TRUE(
      MakeVerifier(options)->Verify(*token, kNow - absl::Seconds(1)).ok());
}

TEST(TokenVerifier, RejectsTokenBeforeNotBefore) {
  const std::string token = Hs256Token(
      kHs256Header,
      Payload(absl::StrCat(R"(,"nbf":)",
                           absl::ToUnixSeconds(kNow + absl::Minutes(10)))),
      kSecret);
  ExpectUnauthenticated(MakeVerifier()->Verify(token, kNow),
                        "token not yet valid");
  EXPECT_TRUE(MakeVerifier()->Verify(token, kNow + absl::Minutes(10)).ok());
}

TEST(TokenVerifier, AppliesLeewayToNotBefore) {
  const std::string token = Hs256Token(
      kHs256Header,
      Payload(absl::StrCat(R"(,"nbf":)",
                           absl::ToUnixSeconds(kNow + absl::Seconds(20)))),
      kSecret);
  EXPECT_TRUE(
      MakeVerifier()->Verify(token, kNow).ok());  // Default leeway 30 s.
  VerifierOptions strict;
  strict.hs256_secret = kSecret;
  strict.leeway = absl::ZeroDuration();
  ExpectUnauthenticated(MakeVerifier(strict)->Verify(token, kNow),
                        "token not yet valid");
}

TEST(TokenVerifier, RequiresNumericExpiry) {
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          Hs256Token(kHs256Header, R"({"sub":"a"})", kSecret), kNow),
      "token has no expiry");
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          Hs256Token(kHs256Header, R"({"sub":"a","exp":"1999999999"})",
                     kSecret),
          kNow),
      "malformed exp claim");
}

TEST(TokenVerifier, AcceptsFractionalAndHugeExpiry) {
  const std::string fractional =
      Hs256Token(kHs256Header,
                 absl::StrCat(R"({"sub":"a","exp":)",
                              absl::ToUnixSeconds(kNow) + 100, ".5}"),
                 kSecret);
  EXPECT_TRUE(MakeVerifier()->Verify(fractional, kNow).ok());
  const std::string huge =
      Hs256Token(kHs256Header, R"({"sub":"a","exp":1e300})", kSecret);
  EXPECT_TRUE(MakeVerifier()->Verify(huge, kNow).ok());
}

// ---- iss, aud, sub ----

TEST(TokenVerifier, RejectsWrongIssuer) {
  VerifierOptions options;
  options.hs256_secret = kSecret;
  options.issuer = "https://id.samen.example";
  auto verifier = MakeVerifier(options);
  ExpectUnauthenticated(
      verifier->Verify(Hs256Token(kHs256Header,
                                  Payload(R"(,"iss":"https://evil")"), kSecret),
                       kNow),
      "wrong issuer");
  ExpectUnauthenticated(
      verifier->Verify(Hs256Token(kHs256Header, Payload(), kSecret), kNow),
      "wrong issuer");
  EXPECT_TRUE(
      verifier
          ->Verify(Hs256Token(kHs256Header,
                              Payload(R"(,"iss":"https://id.samen.example")"),
                              kSecret),
                   kNow)
          .ok());
}

TEST(TokenVerifier, ChecksAudienceAsStringOrArray) {
  VerifierOptions options;
  options.hs256_secret = kSecret;
  options.audience = "samen";
  auto verifier = MakeVerifier(options);
  auto verify = [&](absl::string_view extra) {
    return verifier->Verify(Hs256Token(kHs256Header, Payload(extra), kSecret),
                            kNow);
  };
  EXPECT_TRUE(verify(R"(,"aud":"samen")").ok());
  EXPECT_TRUE(verify(R"(,"aud":["other","samen"])").ok());
  ExpectUnauthenticated(verify(R"(,"aud":"other")"), "wrong audience");
  ExpectUnauthenticated(verify(R"(,"aud":["other"])"), "wrong audience");
  ExpectUnauthenticated(verify(""), "wrong audience");
  ExpectUnauthenticated(verify(R"(,"aud":{"samen":1})"), "wrong audience");
}

TEST(TokenVerifier, IgnoresIssAndAudWhenNotConfigured) {
  EXPECT_TRUE(
      MakeVerifier()
          ->Verify(Hs256Token(kHs256Header, Payload(R"(,"iss":"x","aud":"y")"),
                              kSecret),
                   kNow)
          .ok());
}

TEST(TokenVerifier, RejectsTokenWithoutSubject) {
  const int64_t exp = absl::ToUnixSeconds(kNow + absl::Hours(1));
  for (const std::string& payload :
       {absl::StrCat(R"({"exp":)", exp, "}"),
        absl::StrCat(R"({"sub":"","exp":)", exp, "}"),
        absl::StrCat(R"({"sub":42,"exp":)", exp, "}")}) {
    ExpectUnauthenticated(MakeVerifier()->Verify(
                              Hs256Token(kHs256Header, payload, kSecret), kNow),
                          "token has no subject");
  }
}

// ---- samen_roles ----

TEST(TokenVerifier, ReadsGrantsIgnoringUnknownRoles) {
  const std::string token = Hs256Token(
      kHs256Header,
      Payload(
          R"(,"samen_roles":[{"role":"coach","scope":"partnerships/osof"},)"
          R"({"role":"wizard","scope":"partnerships/osof"},{"role":"admin"},)"
          R"({"role":"coach","scope":"partnerships/osof"}])"),
      kSecret);
  auto principal = MakeVerifier()->Verify(token, kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_THAT(
      principal->grants,
      ElementsAre(Grant{"coach", "partnerships/osof"}, Grant{"admin", ""}));
}

TEST(TokenVerifier, RejectsMalformedRolesClaim) {
  for (absl::string_view roles :
       {R"("admin")", R"({"role":"admin"})", R"(["admin"])",
        R"([{"scope":"x"}])", R"([{"role":7}])", R"([{"role":"hr","scope":3}])",
        R"([null])"}) {
    const std::string token =
        Hs256Token(kHs256Header,
                   Payload(absl::StrCat(R"(,"samen_roles":)", roles)), kSecret);
    ExpectUnauthenticated(MakeVerifier()->Verify(token, kNow),
                          "malformed samen_roles claim");
  }
}

// ---- Hostile and malformed input ----

TEST(TokenVerifier, RejectsMalformedTokens) {
  const std::string good = Hs256Token(kHs256Header, Payload(), kSecret);
  std::vector<std::string> parts = absl::StrSplit(good, '.');
  const std::vector<std::string> bad = {
      "not-a-jwt",
      absl::StrCat(parts[0], ".", parts[1]),
      absl::StrCat(good, ".", parts[2]),
      absl::StrCat(".", parts[1], ".", parts[2]),
      absl::StrCat(parts[0], "..", parts[2]),
      absl::StrCat(parts[0], "!.", parts[1], ".", parts[2]),  // Not base64url.
      absl::StrCat(parts[0], "=.", parts[1], ".", parts[2]),  // Padding.
      absl::StrCat(parts[0], ".", parts[1], ".", parts[2], "=="),
      absl::StrCat(parts[0], ".+", parts[1].substr(1), ".",
                   parts[2]),  // Not url-safe.
      absl::StrCat(B64("{\"alg\":\"HS256\""), ".", parts[1], ".",
                   parts[2]),  // Bad JSON.
      absl::StrCat(B64(R"(["HS256"])"), ".", parts[1], ".",
                   parts[2]),  // Not an object.
      absl::StrCat(B64(R"({"alg":256})"), ".", parts[1], ".", parts[2]),
      absl::StrCat(B64(R"({"typ":"JWT"})"), ".", parts[1], ".", parts[2]),
      absl::StrCat(B64(R"({"alg":"HS256","kid":5})"), ".", parts[1], ".",
                   parts[2]),
      absl::StrCat(B64("{\"alg\":\"HS256\",\"x\":\"\xff\"}"), ".", parts[1],
                   ".", parts[2]),
      absl::StrCat(" ", good),
  };
  auto verifier = MakeVerifier();
  for (const std::string& token : bad) {
    SCOPED_TRACE(token);
    ExpectUnauthenticated(verifier->Verify(token, kNow), "malformed token");
  }
}

TEST(TokenVerifier, RejectsSignedPayloadThatIsNotJsonObject) {
  for (absl::string_view payload :
       {"not json", "[1,2]", "\"sub\"", "{\"sub\":\"a\"} trailing",
        "{\"sub\":\"a\",\"exp\":1e999}"}) {
    SCOPED_TRACE(payload);
    ExpectUnauthenticated(MakeVerifier()->Verify(
                              Hs256Token(kHs256Header, payload, kSecret), kNow),
                          "malformed token");
  }
}

TEST(TokenVerifier, RejectsDuplicateMembers) {
  // RFC 7515 section 4: reject duplicate names rather than guess which one
  // counts.
  const std::string exp =
      absl::StrCat(absl::ToUnixSeconds(kNow + absl::Hours(1)));
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          Hs256Token(
              kHs256Header,
              absl::StrCat(R"({"sub":"a","sub":"admin","exp":)", exp, "}"),
              kSecret),
          kNow),
      "malformed token");
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          Hs256Token(R"({"alg":"HS256","alg":"none"})", Payload(), kSecret),
          kNow),
      "malformed token");
}

TEST(TokenVerifier, RejectsOversizeToken) {
  const std::string big = Hs256Token(
      kHs256Header,
      Payload(absl::StrCat(R"(,"pad":")", std::string(9000, 'a'), "\"")),
      kSecret);
  ExpectUnauthenticated(MakeVerifier()->Verify(big, kNow), "token too large");
}

TEST(TokenVerifier, SurvivesDeeplyNestedJson) {
  const std::string deep =
      absl::StrCat(R"({"alg":"HS256","x":)", std::string(2000, '['),
                   std::string(2000, ']'), "}");
  ExpectUnauthenticated(
      MakeVerifier()->Verify(
          absl::StrCat(B64(deep), ".", B64(Payload()), ".AAAA"), kNow),
      "malformed token");
}

TEST(TokenVerifier, NeverEchoesTheToken) {
  const std::string token = Hs256Token(kHs256Header, Payload(),
                                       "another-secret-of-at-least-32-bytes!!");
  auto result = MakeVerifier()->Verify(token, kNow);
  ASSERT_FALSE(result.ok());
  for (absl::string_view part : absl::StrSplit(token, '.')) {
    EXPECT_THAT(std::string(result.status().message()),
                Not(HasSubstr(std::string(part))));
  }
}

TEST(TokenVerifier, VerifiesConcurrently) {
  auto verifier = MakeVerifier();
  auto token = MintHs256Token(SamplePrincipal(), Mint());
  ASSERT_TRUE(token.ok());
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (!verifier->Verify(*token, kNow).ok()) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_THAT(failures, ::testing::Each(0));
}

// ---- Create ----

}  // namespace
}  // namespace samen::auth

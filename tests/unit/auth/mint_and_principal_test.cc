// Creating verifiers, the Authorization header, minting tokens and Principal.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
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

TEST(TokenVerifierCreate, RequiresAKeySource) {
  auto verifier = TokenVerifier::Create(VerifierOptions{});
  EXPECT_EQ(verifier.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TokenVerifierCreate, RejectsShortHs256Secret) {
  VerifierOptions options;
  options.hs256_secret = std::string(31, 's');
  auto verifier = TokenVerifier::Create(options);
  EXPECT_EQ(verifier.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(verifier.status().message(),
            "HS256 secret must be at least 32 bytes");
  options.hs256_secret = std::string(32, 's');
  EXPECT_TRUE(TokenVerifier::Create(options).ok());
}

TEST(TokenVerifierCreate, RejectsNegativeLeeway) {
  VerifierOptions options;
  options.hs256_secret = kSecret;
  options.leeway = absl::Seconds(-1);
  EXPECT_EQ(TokenVerifier::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TokenVerifierCreate, ReportsUnreadableJwksFileWithPath) {
  VerifierOptions options;
  options.jwks_file = "/nonexistent/samen/jwks.json";
  auto verifier = TokenVerifier::Create(options);
  EXPECT_EQ(verifier.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(verifier.status().message()),
              HasSubstr("/nonexistent/samen/jwks.json"));
}

TEST(TokenVerifierCreate, RejectsJwksThatIsNotJson) {
  VerifierOptions options;
  options.jwks_file = WriteTempFile("garbage.json", "this is not json");
  auto verifier = TokenVerifier::Create(options);
  EXPECT_EQ(verifier.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(verifier.status().message()),
              HasSubstr(options.jwks_file));
}

// ---- AuthenticateHeader ----

TEST(AuthenticateHeader, RejectsMissingHeader) {
  auto verifier = MakeVerifier();
  ExpectUnauthenticated(AuthenticateHeader(*verifier, "", kNow),
                        "missing bearer token");
  ExpectUnauthenticated(AuthenticateHeader(*verifier, "   ", kNow),
                        "missing bearer token");
  ExpectUnauthenticated(AuthenticateHeader(*verifier, "Bearer", kNow),
                        "missing bearer token");
  ExpectUnauthenticated(AuthenticateHeader(*verifier, "Bearer   ", kNow),
                        "missing bearer token");
}

TEST(AuthenticateHeader, RejectsOtherSchemes) {
  auto verifier = MakeVerifier();
  const std::string token = Hs256Token(kHs256Header, Payload(), kSecret);
  for (const std::string& header :
       {absl::StrCat("Basic ", token), absl::StrCat("Bearer:", token),
        absl::StrCat("Bearerx ", token), token}) {
    ExpectUnauthenticated(AuthenticateHeader(*verifier, header, kNow),
                          "authorization header is not a Bearer token");
  }
}

TEST(AuthenticateHeader, AcceptsBearerSchemeCaseInsensitively) {
  auto verifier = MakeVerifier();
  const std::string token = Hs256Token(kHs256Header, Payload(), kSecret);
  for (absl::string_view scheme : {"Bearer ", "bearer ", "BEARER  "}) {
    auto principal =
        AuthenticateHeader(*verifier, absl::StrCat(scheme, token, " "), kNow);
    ASSERT_TRUE(principal.ok()) << principal.status();
    EXPECT_EQ(principal->subject, "person-1");
  }
}

TEST(AuthenticateHeader, PassesOnVerificationFailure) {
  auto verifier = MakeVerifier();
  ExpectUnauthenticated(AuthenticateHeader(*verifier, "Bearer a.b.c", kNow),
                        "malformed token");
}

// ---- MintHs256Token ----

std::string DecodedPayload(const std::string& token) {
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string json;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(parts.at(1), &json));
  return json;
}

TEST(MintHs256Token, WritesClaimsAndOmitsEmptyOnes) {
  Principal p;
  p.subject = "s-1";
  p.grants = {{"admin", ""}, {"hr", "organisations/x"}};
  MintOptions options = Mint();
  options.issuer = "samen-local";
  options.audience = "samen";
  auto token = MintHs256Token(p, options);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(
      DecodedPayload(*token),
      absl::StrCat(R"({"sub":"s-1","iss":"samen-local","aud":"samen","iat":)",
                   absl::ToUnixSeconds(kNow), R"(,"exp":)",
                   absl::ToUnixSeconds(kNow + absl::Hours(1)),
                   R"(,"samen_roles":[{"role":"admin"},)"
                   R"({"role":"hr","scope":"organisations/x"}]})"));
  VerifierOptions verifier_options;
  verifier_options.hs256_secret = kSecret;
  verifier_options.issuer = "samen-local";
  verifier_options.audience = "samen";
  EXPECT_TRUE(MakeVerifier(verifier_options)->Verify(*token, kNow).ok());
}

TEST(MintHs256Token, EscapesStrings) {
  Principal p;
  p.subject = "a\"b\\c";
  p.display_name = "Zoë \x01 </script>";
  auto token = MintHs256Token(p, Mint());
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_THAT(DecodedPayload(*token),
              HasSubstr(R"("sub":"a\"b\\c","name":"Zoë \u0001)"));
  auto principal = MakeVerifier()->Verify(*token, kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "a\"b\\c");
  EXPECT_EQ(principal->display_name, "Zoë \x01 </script>");
}

TEST(MintHs256Token, RejectsUnusableInput) {
  MintOptions short_secret = Mint();
  short_secret.secret = "short";
  EXPECT_EQ(MintHs256Token(SamplePrincipal(), short_secret).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MintHs256Token(Principal{}, Mint()).status().code(),
            absl::StatusCode::kInvalidArgument);
  Principal bad_utf8 = SamplePrincipal();
  bad_utf8.display_name = "\xc3\x28";
  EXPECT_EQ(MintHs256Token(bad_utf8, Mint()).status().code(),
            absl::StatusCode::kInvalidArgument);
  MintOptions no_ttl = Mint();
  no_ttl.ttl = absl::ZeroDuration();
  EXPECT_EQ(MintHs256Token(SamplePrincipal(), no_ttl).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---- Principal ----

TEST(Principal, AnswersRoleQuestions) {
  Principal p;
  p.grants = {{"coach", "partnerships/osof"},
              {"coach", "partnerships/pabo"},
              {"hr", "organisations/svol-porteum"},
              {"coach", "partnerships/osof"}};
  EXPECT_FALSE(p.IsAdmin());
  EXPECT_TRUE(p.HasRole(kCoach));
  EXPECT_FALSE(p.HasRole(kMentor));
  EXPECT_TRUE(p.HasRoleIn(kHr, "organisations/svol-porteum"));
  EXPECT_FALSE(p.HasRoleIn(kHr, "partnerships/osof"));
  EXPECT_FALSE(p.HasRoleIn(kCoach, "partnerships/os"));
  EXPECT_THAT(p.ScopesWithRole(kCoach),
              ElementsAre("partnerships/osof", "partnerships/pabo"));
  EXPECT_THAT(p.ScopesWithRole(kAdmin), IsEmpty());
}

TEST(Principal, AllScopesIsSortedDeduplicatedAndSkipsEmpty) {
  Principal p;
  p.grants = {{"hr", "organisations/b"},
              {"admin", ""},
              {"coach", "organisations/a"},
              {"mentor", "organisations/b"}};
  EXPECT_THAT(p.AllScopes(), ElementsAre("organisations/a", "organisations/b"));
}

TEST(Principal, AdminIsTheUnscopedAdminRole) {
  Principal p;
  p.grants = {{"admin", ""}};
  EXPECT_TRUE(p.IsAdmin());
  Principal scoped;
  scoped.grants = {{"admin", "partnerships/osof"}};
  EXPECT_FALSE(scoped.IsAdmin());
}

TEST(IsKnownRole, KnowsTheDomainRoles) {
  for (absl::string_view role :
       {kStudent, kStarter, kCoach, kMentor, kSchoolEducator,
        kInstituteEducator, kHr, kCoordinator, kIntegration, kAdmin,
        kService}) {
    EXPECT_TRUE(IsKnownRole(role)) << role;
  }
  EXPECT_FALSE(IsKnownRole(""));
  EXPECT_FALSE(IsKnownRole("Admin"));
  EXPECT_FALSE(IsKnownRole("superuser"));
}

}  // namespace
}  // namespace samen::auth

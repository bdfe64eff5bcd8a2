// RS256 and ES256 verification with keys from a JWKS file, key selection,
// algorithm confusion, and JWKS loading.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
#include "tests/unit/auth/test_tokens.h"

namespace samen::auth {
namespace {

using ::samen::auth::testing::B64;
using ::samen::auth::testing::Hs256Token;
using ::samen::auth::testing::Jwks;
using ::samen::auth::testing::SigningInput;
using ::samen::auth::testing::TestKey;
using ::samen::auth::testing::WriteTempFile;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'700'000'000);

std::string Payload() {
  return absl::StrCat(
      R"({"sub":"person-2","exp":)", absl::ToUnixSeconds(kNow + absl::Hours(1)),
      R"(,"samen_roles":[{"role":"starter","scope":"partnerships/osof"}]})");
}

// Keys are generated once per test program: RSA generation is slow.
const TestKey& Rsa1() {
  static const TestKey* key = new TestKey(TestKey::Rsa());
  return *key;
}
const TestKey& Rsa2() {
  static const TestKey* key = new TestKey(TestKey::Rsa());
  return *key;
}
const TestKey& Ec1() {
  static const TestKey* key = new TestKey(TestKey::EcP256());
  return *key;
}
const TestKey& Ec2() {
  static const TestKey* key = new TestKey(TestKey::EcP256());
  return *key;
}

absl::StatusOr<std::unique_ptr<TokenVerifier>> FromJwks(
    const std::string& jwks, std::string hs256_secret = "") {
  VerifierOptions options;
  options.jwks_file = WriteTempFile("jwks.json", jwks);
  options.hs256_secret = std::move(hs256_secret);
  return TokenVerifier::Create(options);
}

std::unique_ptr<TokenVerifier> StandardVerifier() {
  auto verifier =
      FromJwks(Jwks({Rsa1().PublicJwk("rsa-1"), Rsa2().PublicJwk("rsa-2"),
                     Ec1().PublicJwk("ec-1"), Ec2().PublicJwk("ec-2")}));
  EXPECT_TRUE(verifier.ok()) << verifier.status();
  return verifier.ok() ? *std::move(verifier) : nullptr;
}

void ExpectUnauthenticated(const absl::StatusOr<Principal>& result,
                           absl::string_view message) {
  ASSERT_FALSE(result.ok())
      << "accepted a token that should fail with " << message;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated)
      << result.status();
  EXPECT_EQ(result.status().message(), message);
}

// ---- A JWKS document (as the identity service publishes it) ----

TEST(TokenVerifierJwks, AcceptsKeysFromAJwksDocument) {
  VerifierOptions options;
  options.jwks_json = Jwks({Ec1().PublicJwk("ec-1")});
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE(
      (*verifier)
          ->Verify(Ec1().Token(R"({"alg":"ES256","kid":"ec-1"})", Payload()),
                   kNow)
          .ok());
}

TEST(TokenVerifierJwks, DocumentKeysAddToTheFilesKeys) {
  VerifierOptions options;
  options.jwks_file =
      WriteTempFile("jwks.json", Jwks({Rsa1().PublicJwk("rsa-1")}));
  options.jwks_json = Jwks({Ec1().PublicJwk("ec-1")});
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE(
      (*verifier)
          ->Verify(Rsa1().Token(R"({"alg":"RS256","kid":"rsa-1"})", Payload()),
                   kNow)
          .ok());
  EXPECT_TRUE(
      (*verifier)
          ->Verify(Ec1().Token(R"({"alg":"ES256","kid":"ec-1"})", Payload()),
                   kNow)
          .ok());
}

TEST(TokenVerifierJwks, RejectsAnInvalidJwksDocument) {
  VerifierOptions options;
  options.jwks_json = R"({"keys":[]})";
  EXPECT_EQ(TokenVerifier::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ---- RS256 / ES256 ----

TEST(TokenVerifierJwks, AcceptsRs256Token) {
  auto principal = StandardVerifier()->Verify(
      Rsa1().Token(R"({"alg":"RS256","kid":"rsa-1"})", Payload()), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "person-2");
  EXPECT_TRUE(principal->HasRoleIn(kStarter, "partnerships/osof"));
}

TEST(TokenVerifierJwks, AcceptsEs256Token) {
  auto principal = StandardVerifier()->Verify(
      Ec2().Token(R"({"alg":"ES256","kid":"ec-2"})", Payload()), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "person-2");
}

TEST(TokenVerifierJwks, SelectsKeyByKid) {
  auto verifier = StandardVerifier();
  // Signed by rsa-2 but claiming rsa-1: the kid picks the key, so it fails.
  ExpectUnauthenticated(
      verifier->Verify(
          Rsa2().Token(R"({"alg":"RS256","kid":"rsa-1"})", Payload()), kNow),
      "signature does not verify");
  EXPECT_TRUE(
      verifier
          ->Verify(Rsa2().Token(R"({"alg":"RS256","kid":"rsa-2"})", Payload()),
                   kNow)
          .ok());
  ExpectUnauthenticated(
      verifier->Verify(
          Ec1().Token(R"({"alg":"ES256","kid":"ec-2"})", Payload()), kNow),
      "signature does not verify");
}

TEST(TokenVerifierJwks, RejectsUnknownKid) {
  ExpectUnauthenticated(
      StandardVerifier()->Verify(
          Rsa1().Token(R"({"alg":"RS256","kid":"rsa-9"})", Payload()), kNow),
      "unknown key id");
}

TEST(TokenVerifierJwks, RejectsKidOfKeyOfOtherType) {
  ExpectUnauthenticated(
      StandardVerifier()->Verify(
          Rsa1().Token(R"({"alg":"RS256","kid":"ec-1"})", Payload()), kNow),
      "key type does not match alg");
}

TEST(TokenVerifierJwks, UsesTheOnlyKeyOfTheTypeWhenTokenHasNoKid) {
  auto verifier =
      FromJwks(Jwks({Rsa1().PublicJwk("rsa-1"), Ec1().PublicJwk("")}));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE((*verifier)
                  ->Verify(Rsa1().Token(R"({"alg":"RS256"})", Payload()), kNow)
                  .ok());
  EXPECT_TRUE((*verifier)
                  ->Verify(Ec1().Token(R"({"alg":"ES256"})", Payload()), kNow)
                  .ok());
  ExpectUnauthenticated(
      (*verifier)->Verify(Rsa2().Token(R"({"alg":"RS256"})", Payload()), kNow),
      "signature does not verify");
}

TEST(TokenVerifierJwks, RequiresKidWhenSeveralKeysCouldMatch) {
  ExpectUnauthenticated(
      StandardVerifier()->Verify(Rsa1().Token(R"({"alg":"RS256"})", Payload()),
                                 kNow),
      "token has no key id");
}

TEST(TokenVerifierJwks, RejectsAlgWithoutKeyOfThatType) {
  auto verifier = FromJwks(Jwks({Rsa1().PublicJwk("rsa-1")}));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  ExpectUnauthenticated(
      (*verifier)->Verify(Ec1().Token(R"({"alg":"ES256"})", Payload()), kNow),
      "unsupported alg ES256");
}

TEST(TokenVerifierJwks, RejectsTamperedPayloadAndSignature) {
  auto verifier = StandardVerifier();
  for (const TestKey* key : {&Rsa1(), &Ec1()}) {
    const std::string header = key == &Rsa1()
                                   ? R"({"alg":"RS256","kid":"rsa-1"})"
                                   : R"({"alg":"ES256","kid":"ec-1"})";
    std::vector<std::string> parts =
        absl::StrSplit(key->Token(header, Payload()), '.');
    std::vector<std::string> tampered = parts;
    tampered[1] = B64(
        R"({"sub":"admin","exp":9999999999,"samen_roles":[{"role":"admin"}]})");
    ExpectUnauthenticated(verifier->Verify(absl::StrJoin(tampered, "."), kNow),
                          "signature does not verify");
    tampered = parts;
    tampered[2] = B64(key->Sign("something else"));
    ExpectUnauthenticated(verifier->Verify(absl::StrJoin(tampered, "."), kNow),
                          "signature does not verify");
  }
}

TEST(TokenVerifierJwks, RejectsEs256SignatureInDerForm) {
  // JWS carries raw r||s; a DER-encoded ECDSA signature must not be accepted.
  const std::string input =
      SigningInput(R"({"alg":"ES256","kid":"ec-1"})", Payload());
  ExpectUnauthenticated(
      StandardVerifier()->Verify(
          absl::StrCat(input, ".", B64(Ec1().SignDer(input))), kNow),
      "signature does not verify");
}

TEST(TokenVerifierJwks, RejectsEs256SignatureWithZeroOrOverlongComponents) {
  const std::string input =
      SigningInput(R"({"alg":"ES256","kid":"ec-1"})", Payload());
  auto verifier = StandardVerifier();
  ExpectUnauthenticated(
      verifier->Verify(absl::StrCat(input, ".", B64(std::string(64, '\0'))),
                       kNow),
      "signature does not verify");
  ExpectUnauthenticated(
      verifier->Verify(absl::StrCat(input, ".", B64(std::string(64, '\xff'))),
                       kNow),
      "signature does not verify");
  ExpectUnauthenticated(
      verifier->Verify(absl::StrCat(input, ".", B64(Ec1().Sign(input) + "x")),
                       kNow),
      "signature does not verify");
}

TEST(TokenVerifierJwks, RejectsClaimsAfterRs256SignatureVerifies) {
  const std::string expired = absl::StrCat(
      R"({"sub":"p","exp":)", absl::ToUnixSeconds(kNow - absl::Hours(1)), "}");
  ExpectUnauthenticated(
      StandardVerifier()->Verify(
          Rsa1().Token(R"({"alg":"RS256","kid":"rsa-1"})", expired), kNow),
      "token expired");
}

// ---- Algorithm confusion ----

TEST(TokenVerifierJwks, RejectsHs256TokenWhenOnlyPublicKeysAreConfigured) {
  auto verifier = StandardVerifier();
  for (const std::string& secret :
       {Rsa1().PublicPem(), Rsa1().RsaModulus(), B64(Rsa1().RsaModulus()),
        Rsa1().PublicJwk("rsa-1")}) {
    ExpectUnauthenticated(
        verifier->Verify(
            Hs256Token(R"({"alg":"HS256","kid":"rsa-1"})", Payload(), secret),
            kNow),
        "unsupported alg HS256");
  }
}

TEST(TokenVerifierJwks,
     RejectsHs256TokenSignedWithPublicKeyBytesWhenBothConfigured) {
  auto verifier = FromJwks(Jwks({Rsa1().PublicJwk("rsa-1")}),
                           "the-real-hs256-secret-0123456789abcdef");
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  for (const std::string& secret :
       {Rsa1().PublicPem(), Rsa1().RsaModulus(), B64(Rsa1().RsaModulus())}) {
    ExpectUnauthenticated(
        (*verifier)->Verify(
            Hs256Token(R"({"alg":"HS256","kid":"rsa-1"})", Payload(), secret),
            kNow),
        "signature does not verify");
  }
  EXPECT_TRUE((*verifier)
                  ->Verify(Hs256Token(R"({"alg":"HS256"})", Payload(),
                                      "the-real-hs256-secret-0123456789abcdef"),
                           kNow)
                  .ok());
}

TEST(TokenVerifierJwks, RejectsRs256TokenWhenOnlyHs256SecretIsConfigured) {
  VerifierOptions options;
  options.hs256_secret = "the-real-hs256-secret-0123456789abcdef";
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok());
  ExpectUnauthenticated(
      (*verifier)->Verify(Rsa1().Token(R"({"alg":"RS256"})", Payload()), kNow),
      "unsupported alg RS256");
}

TEST(TokenVerifierJwks, RejectsRs256TokenCarryingEs256Signature) {
  // An RS256 header with an EC signature (and vice versa) under a kid of the
  // right type.
  const std::string rs_input =
      SigningInput(R"({"alg":"RS256","kid":"rsa-1"})", Payload());
  const std::string es_input =
      SigningInput(R"({"alg":"ES256","kid":"ec-1"})", Payload());
  auto verifier = StandardVerifier();
  ExpectUnauthenticated(
      verifier->Verify(absl::StrCat(rs_input, ".", B64(Ec1().Sign(rs_input))),
                       kNow),
      "signature does not verify");
  ExpectUnauthenticated(
      verifier->Verify(absl::StrCat(es_input, ".", B64(Rsa1().Sign(es_input))),
                       kNow),
      "signature does not verify");
}

TEST(TokenVerifierJwks, IgnoresKeysEmbeddedInTheTokenHeader) {
  const TestKey attacker = TestKey::EcP256();
  const std::string header = absl::StrCat(
      R"({"alg":"ES256","kid":"ec-1","jwk":)", attacker.PublicJwk("ec-1"), "}");
  ExpectUnauthenticated(
      StandardVerifier()->Verify(attacker.Token(header, Payload()), kNow),
      "signature does not verify");
}

// ---- Loading the JWKS ----

TEST(JwksLoading, SkipsUnsupportedKeyTypesCurvesAndUses) {
  auto verifier = FromJwks(Jwks({
      R"({"kty":"oct","kid":"h","k":"c2VjcmV0"})",
      R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
      R"({"kty":"EC","crv":"P-384","kid":"p384","x":"AAAA","y":"AAAA"})",
      absl::StrCat(R"({"kty":"RSA","kid":"enc","use":"enc","n":")",
                   B64(Rsa2().RsaModulus()), R"(","e":"AQAB"})"),
      absl::StrCat(R"({"kty":"RSA","kid":"ps","alg":"PS256","n":")",
                   B64(Rsa2().RsaModulus()), R"(","e":"AQAB"})"),
      Rsa1().PublicJwk("rsa-1"),
  }));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_TRUE(
      (*verifier)
          ->Verify(Rsa1().Token(R"({"alg":"RS256","kid":"rsa-1"})", Payload()),
                   kNow)
          .ok());
  ExpectUnauthenticated(
      (*verifier)->Verify(
          Rsa2().Token(R"({"alg":"RS256","kid":"enc"})", Payload()), kNow),
      "unknown key id");
}

void ExpectInvalidJwks(const std::string& jwks,
                       absl::string_view message_part) {
  auto verifier = FromJwks(jwks);
  ASSERT_FALSE(verifier.ok()) << "accepted JWKS " << jwks;
  EXPECT_EQ(verifier.status().code(), absl::StatusCode::kInvalidArgument)
      << verifier.status();
  EXPECT_THAT(std::string(verifier.status().message()),
              HasSubstr(std::string(message_part)));
}

TEST(JwksLoading, RejectsSetWithoutUsableKey) {
  ExpectInvalidJwks(Jwks({R"({"kty":"oct","k":"c2VjcmV0"})"}),
                    "no usable RS256 or ES256 key");
  ExpectInvalidJwks(Jwks({}), "no usable RS256 or ES256 key");
  ExpectInvalidJwks(R"({"keys":{}})", "no \"keys\" array");
  ExpectInvalidJwks(R"([])", "not a JSON object");
}

TEST(JwksLoading, RejectsMalformedSupportedKeys) {
  ExpectInvalidJwks(Jwks({R"({"kty":"RSA","n":"not base64!","e":"AQAB"})"}),
                    "\"n\" is not unpadded base64url");
  ExpectInvalidJwks(Jwks({R"({"kty":"RSA","e":"AQAB"})"}), "\"n\" is missing");
  ExpectInvalidJwks(
      Jwks({R"({"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"})"}),
      "32 bytes");
  ExpectInvalidJwks(Jwks({R"("RSA")"}), "is not an object");
  ExpectInvalidJwks(Jwks({R"({"n":"AQAB"})"}), "\"kty\" is missing");
}

TEST(JwksLoading, RejectsEcPointNotOnCurve) {
  const std::string x = B64(std::string(32, '\x01'));
  ExpectInvalidJwks(Jwks({absl::StrCat(R"({"kty":"EC","crv":"P-256","x":")", x,
                                       R"(","y":")", x, R"("})")}),
                    "not a valid P-256 public key");
}

TEST(JwksLoading, RejectsShortRsaKey) {
  ExpectInvalidJwks(Jwks({TestKey::Rsa(1024).PublicJwk("weak")}), "1024 bits");
}

TEST(JwksLoading, RejectsPrivateKeyMaterial) {
  std::string jwk = Ec1().PublicJwk("ec-1");
  jwk.insert(1, R"("d":"AAAA",)");
  ExpectInvalidJwks(Jwks({jwk}), "private key material");
}

TEST(JwksLoading, RejectsDuplicateKid) {
  ExpectInvalidJwks(Jwks({Rsa1().PublicJwk("same"), Rsa2().PublicJwk("same")}),
                    "kid \"same\" is used by another key");
}

}  // namespace
}  // namespace samen::auth

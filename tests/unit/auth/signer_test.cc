// SigningKeys: ES256 tokens that the existing verifier accepts through the
// published JWKS, key loading and rotation; and the random/hash helpers.

#include "services/common/auth/signer.h"

#include <openssl/pem.h>
#include <openssl/sha.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
#include "services/common/auth/jwks.h"
#include "services/common/auth/random.h"
#include "tests/unit/auth/test_tokens.h"

namespace samen::auth {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string NewKeyPem() {
  auto pem = GenerateEcP256PrivateKeyPem();
  EXPECT_TRUE(pem.ok()) << pem.status();
  return pem.ok() ? *pem : "";
}

std::string Payload(absl::string_view subject) {
  return absl::StrCat(R"({"sub":")", subject, R"(","exp":)",
                      absl::ToUnixSeconds(absl::Now() + absl::Hours(1)), "}");
}

std::unique_ptr<TokenVerifier> VerifierFor(const SigningKeys& keys) {
  VerifierOptions options;
  options.jwks_file =
      testing::WriteTempFile("signer_jwks.json", keys.PublicJwksJson());
  options.cache_entries = 0;
  auto verifier = TokenVerifier::Create(options);
  EXPECT_TRUE(verifier.ok()) << verifier.status();
  return verifier.ok() ? *std::move(verifier) : nullptr;
}

std::string HeaderOf(const std::string& token) {
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string header;
  absl::WebSafeBase64Unescape(parts[0], &header);
  return header;
}

// A fresh directory under the test temp dir.
fs::path NewDir(const std::string& name) {
  fs::path dir =
      fs::path(::testing::TempDir()) /
      absl::StrCat(
          name, "-",
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteFile(const fs::path& path, const std::string& contents,
               int age_seconds) {
  std::ofstream(path) << contents;
  fs::last_write_time(path, fs::file_time_type::clock::now() -
                                std::chrono::seconds(age_seconds));
}

TEST(SigningKeys, SignsTokensTheVerifierAccepts) {
  auto keys = SigningKeys::FromPems({NewKeyPem()});
  ASSERT_TRUE(keys.ok()) << keys.status();
  auto token = (*keys)->Sign(Payload("person-1"));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(HeaderOf(*token),
            absl::StrCat(R"({"alg":"ES256","typ":"at+jwt","kid":")",
                         (*keys)->signing_kid(), R"("})"));
  auto principal = VerifierFor(**keys)->Verify(*token, absl::Now());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "person-1");

  auto id_token = (*keys)->Sign(Payload("person-2"), TokenType::kJwt);
  ASSERT_TRUE(id_token.ok());
  EXPECT_THAT(HeaderOf(*id_token), HasSubstr(R"("typ":"JWT")"));
  EXPECT_TRUE(VerifierFor(**keys)->Verify(*id_token, absl::Now()).ok());
}

TEST(SigningKeys, SignatureIsRawRAndS) {
  auto keys = SigningKeys::FromPems({NewKeyPem()});
  ASSERT_TRUE(keys.ok());
  auto token = (*keys)->Sign("{}");
  ASSERT_TRUE(token.ok());
  std::vector<std::string> parts = absl::StrSplit(*token, '.');
  std::string signature;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[2], &signature));
  EXPECT_EQ(signature.size(), 64u);
}

TEST(SigningKeys, RefusesAPayloadThatIsNotAJsonObject) {
  auto keys = SigningKeys::FromPems({NewKeyPem()});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ((*keys)->Sign("[1]").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*keys)->Sign("{\"a\":").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SigningKeys, PublishesEveryKeyWithItsThumbprint) {
  const std::string pem1 = NewKeyPem();
  const std::string pem2 = NewKeyPem();
  auto keys = SigningKeys::FromPems({pem1, pem2});
  ASSERT_TRUE(keys.ok());
  auto parsed = internal::ParseJwks((*keys)->PublicJwksJson(), "test");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].kid, (*keys)->kids()[0]);
  EXPECT_EQ((*parsed)[1].kid, (*keys)->kids()[1]);
  EXPECT_NE((*keys)->kids()[0], (*keys)->kids()[1]);
  EXPECT_EQ((*keys)->kids()[0].size(), 43u);  // Base64url SHA-256.
  EXPECT_THAT((*keys)->PublicJwksJson(), HasSubstr(R"("use":"sig")"));
  EXPECT_THAT((*keys)->PublicJwksJson(), ::testing::Not(HasSubstr("\"d\"")));
  // The thumbprint depends on the key only.
  auto again = SigningKeys::FromPems({pem2});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->signing_kid(), (*keys)->kids()[1]);
}

TEST(SigningKeys, ThumbprintFollowsRfc7638) {
  auto keys = SigningKeys::FromPems({NewKeyPem()});
  ASSERT_TRUE(keys.ok());
  // Recompute from the published x and y.
  const std::string jwks = (*keys)->PublicJwksJson();
  auto member = [&](const std::string& name) {
    const size_t start = jwks.find("\"" + name + "\":\"") + name.size() + 4;
    return jwks.substr(start, jwks.find('"', start) - start);
  };
  const std::string canonical =
      absl::StrCat(R"({"crv":"P-256","kty":"EC","x":")", member("x"),
                   R"(","y":")", member("y"), R"("})");
  std::string digest(32, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()),
         canonical.size(), reinterpret_cast<unsigned char*>(digest.data()));
  std::string expected;
  absl::WebSafeBase64Escape(digest, &expected);
  EXPECT_EQ((*keys)->signing_kid(), expected);
}

TEST(SigningKeys, LastListedSignsAndBothVerify) {
  const fs::path dir = NewDir("keys");
  const std::string old_pem = NewKeyPem();
  const std::string new_pem = NewKeyPem();
  // File times do not matter: the new key is older on disk here.
  WriteFile(dir / "old.pem", old_pem, 10);
  WriteFile(dir / "new.pem", new_pem, 3600);
  auto before = SigningKeys::Load({(dir / "old.pem").string()});
  ASSERT_TRUE(before.ok()) << before.status();
  auto old_token = (*before)->Sign(Payload("signed-before-rotation"));
  ASSERT_TRUE(old_token.ok());

  auto rotated = SigningKeys::Load(
      {(dir / "old.pem").string(), (dir / "new.pem").string()});
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  auto expected_new = SigningKeys::FromPems({new_pem});
  ASSERT_TRUE(expected_new.ok());
  EXPECT_EQ((*rotated)->signing_kid(), (*expected_new)->signing_kid());
  EXPECT_THAT((*rotated)->kids(), ElementsAre((*expected_new)->signing_kid(),
                                              (*before)->signing_kid()));
  auto new_token = (*rotated)->Sign(Payload("signed-after-rotation"));
  ASSERT_TRUE(new_token.ok());
  EXPECT_THAT(HeaderOf(*new_token), HasSubstr((*rotated)->signing_kid()));

  auto verifier = VerifierFor(**rotated);
  EXPECT_TRUE(verifier->Verify(*old_token, absl::Now()).ok());
  EXPECT_TRUE(verifier->Verify(*new_token, absl::Now()).ok());
}

TEST(SigningKeys, LoadsADirectoryOfPemFiles) {
  const fs::path dir = NewDir("keydir");
  const std::string a = NewKeyPem();
  const std::string b = NewKeyPem();
  WriteFile(dir / "a.pem", a, 100);
  WriteFile(dir / "b.pem", b, 100);
  WriteFile(dir / "README.txt", "not a key", 0);
  // Listed by name: the last by name signs.
  auto keys = SigningKeys::Load({dir.string()});
  ASSERT_TRUE(keys.ok()) << keys.status();
  auto expected = SigningKeys::FromPems({b, a});
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ((*keys)->kids(), (*expected)->kids());
}

TEST(SigningKeys, RefusesWhatCannotSignEs256) {
  EXPECT_EQ(SigningKeys::Load({}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SigningKeys::Load({"/nonexistent/key.pem"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(SigningKeys::Load({NewDir("empty").string()}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SigningKeys::FromPems({"garbage"}).status().code(),
            absl::StatusCode::kInvalidArgument);

  EVP_PKEY* rsa = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, rsa, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  const std::string rsa_pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  EVP_PKEY_free(rsa);
  auto status = SigningKeys::FromPems({rsa_pem}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("not an EC P-256 key"));
}

TEST(Random, TokensAreBase64UrlAndDistinct) {
  auto a = RandomToken(32);
  auto b = RandomToken(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 43u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
                                 "rstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(RandomToken(16)->size(), 22u);
}

TEST(Random, PkceChallengeMatchesRfc7636AppendixB) {
  EXPECT_EQ(PkceS256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Random, Sha256HexOfAbc) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace samen::auth

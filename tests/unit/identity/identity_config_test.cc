#include <cstdio>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "services/identity/identity_config.h"

namespace samen::identity {
namespace {

std::string SecretFile() {
  const std::string path =
      ::testing::TempDir() + "/identity_config_test_secret";
  std::ofstream(path) << "s3cret\n";
  return path;
}

TEST(ParseProviders, ReadsEveryMemberAndTheSecretFile) {
  const std::string json = R"({"providers": [{"id": "demo",
      "displayName": "Schoolaccount demo", "issuer": "http://localhost:9400",
      "clientId": "samen-web", "clientSecretFile": ")" +
                           SecretFile() + R"(",
      "nativeClientIds": ["samen-app"]}]})";
  auto providers = ParseProviders(json, "providers.json");
  ASSERT_TRUE(providers.ok()) << providers.status();
  ASSERT_EQ(providers->size(), 1u);
  const ProviderConfig& p = (*providers)[0];
  EXPECT_EQ(p.id, "demo");
  EXPECT_EQ(p.display_name, "Schoolaccount demo");
  EXPECT_EQ(p.issuer, "http://localhost:9400");
  EXPECT_EQ(p.client_id, "samen-web");
  EXPECT_EQ(p.client_secret, "s3cret");
  EXPECT_EQ(p.native_client_ids, std::vector<std::string>{"samen-app"});
  EXPECT_EQ(p.scopes, "openid email profile");
}

TEST(ParseProviders, NamesTheEntryAndMemberThatIsWrong) {
  auto missing = ParseProviders(
      R"({"providers": [{"id": "a", "issuer": "https://a", "clientId": "c",
          "clientSecretFile": ")" +
          SecretFile() + R"("}, {"id": "b"}]})",
      "p.json");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(),
            "p.json: providers[1]: \"issuer\" is required");
  auto twice = ParseProviders(
      R"({"providers": [{"id": "a", "issuer": "https://a", "clientId": "c",
          "clientSecretFile": ")" +
          SecretFile() +
          R"("}, {"id": "a", "issuer": "https://b", "clientId": "c",
          "clientSecretFile": ")" +
          SecretFile() + R"("}]})",
      "p.json");
  EXPECT_EQ(twice.status().message(),
            "p.json: providers[1]: id \"a\" is used twice");
  auto not_url = ParseProviders(
      R"({"providers": [{"id": "a", "issuer": "ftp://a", "clientId": "c",
          "clientSecretFile": ")" +
          SecretFile() + R"("}]})",
      "p.json");
  EXPECT_EQ(not_url.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProviders("[]", "p.json").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProviders(R"({"providers": [{"id": "a", "issuer": "https://a",
                "clientId": "c", "clientSecretFile": "/no/such/file"}]})",
                           "p.json")
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST(ValidateOptions, AccessTokensLiveAtMostFifteenMinutes) {
  IdentityOptions options;
  options.issuer = "http://localhost:8080";
  options.signing_key_files = {"key.pem"};
  EXPECT_TRUE(ValidateOptions(options).ok());
  options.lifetimes.access_token = absl::Minutes(16);
  EXPECT_FALSE(ValidateOptions(options).ok());
  options.lifetimes.access_token = absl::Minutes(10);
  options.signing_key_files.clear();
  EXPECT_FALSE(ValidateOptions(options).ok());
  options.signing_key_files = {"key.pem"};
  options.issuer = "";
  EXPECT_FALSE(ValidateOptions(options).ok());
}

}  // namespace
}  // namespace samen::identity

#include "gateway/session/form.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace samen::gateway::session {
namespace {

TEST(ParseForm, ParsesPairs) {
  auto form = ParseForm("grant_type=client_credentials&scope=a+b&empty=&flag");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->at("grant_type"), "client_credentials");
  EXPECT_EQ(form->at("scope"), "a b");
  EXPECT_EQ(form->at("empty"), "");
  EXPECT_EQ(form->at("flag"), "");
}

TEST(ParseForm, RejectsARepeatedParameter) {
  auto form = ParseForm("a=1&b=2&a=3");
  EXPECT_EQ(form.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(form.status().message().find("\"a\""), std::string::npos);
}

TEST(ParseForm, EmptyIsEmpty) {
  EXPECT_TRUE(ParseForm("")->empty());
  EXPECT_TRUE(ParseForm("&&")->empty());
}

TEST(IsFormContentType, AcceptsParametersAndCase) {
  EXPECT_TRUE(IsFormContentType("application/x-www-form-urlencoded"));
  EXPECT_TRUE(
      IsFormContentType("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
  EXPECT_FALSE(IsFormContentType("application/json"));
  EXPECT_FALSE(IsFormContentType(""));
}

TEST(ParseBasicAuth, DecodesFormEncodedIdAndSecret) {
  // RFC 6749 2.3.1: each part form-urlencoded, then base64.
  const std::string header =
      "Basic " + absl::Base64Escape("vacature%3Asite:s%2Bcr+t");
  auto credentials = ParseBasicAuth(header);
  ASSERT_TRUE(credentials.ok());
  ASSERT_TRUE(credentials->has_value());
  EXPECT_EQ((*credentials)->id, "vacature:site");
  EXPECT_EQ((*credentials)->secret, "s+cr t");
}

TEST(ParseBasicAuth, OtherSchemesAreNotBasic) {
  EXPECT_FALSE(ParseBasicAuth("Bearer abc")->has_value());
  EXPECT_FALSE(ParseBasicAuth("")->has_value());
}

TEST(ParseBasicAuth, RejectsMalformedCredentials) {
  EXPECT_FALSE(ParseBasicAuth("Basic !!!").ok());
  EXPECT_FALSE(ParseBasicAuth("Basic " + absl::Base64Escape("nocolon")).ok());
  EXPECT_FALSE(ParseBasicAuth("Basic " + absl::Base64Escape(":secret")).ok());
}

}  // namespace
}  // namespace samen::gateway::session

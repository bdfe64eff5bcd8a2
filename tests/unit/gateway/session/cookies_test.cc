#include "gateway/session/cookies.h"

#include "gtest/gtest.h"

namespace samen::gateway::session {
namespace {

TEST(FindCookie, FindsTheNamedCookieAmongOthers) {
  auto value =
      FindCookie("a=1; __Host-samen_session=s3cr3t; b=2", kSessionCookie);
  ASSERT_TRUE(value.ok());
  ASSERT_TRUE(value->has_value());
  EXPECT_EQ(**value, "s3cr3t");
}

TEST(FindCookie, AbsentIsNullopt) {
  auto value = FindCookie("a=1; samen_session=x", kSessionCookie);
  ASSERT_TRUE(value.ok());
  EXPECT_FALSE(value->has_value());
  EXPECT_FALSE(FindCookie("", kSessionCookie)->has_value());
}

TEST(FindCookie, RejectsTheSessionCookieTwice) {
  auto value =
      FindCookie("__Host-samen_session=one; x=1; __Host-samen_session=two",
                 kSessionCookie);
  EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(value.status().message().find(kSessionCookie), std::string::npos);
}

TEST(FindCookie, ToleratesSpacesAndQuotes) {
  auto value = FindCookie("  __Host-samen_signin = \"abc\" ;x", kSignInCookie);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->value_or(""), "abc");
}

TEST(FindCookie, DoesNotMatchAPrefixOfTheName) {
  auto value = FindCookie("__Host-samen_session_old=1", kSessionCookie);
  ASSERT_TRUE(value.ok());
  EXPECT_FALSE(value->has_value());
}

TEST(SetCookie, CarriesTheHostPrefixAttributes) {
  EXPECT_EQ(SetCookie(kSignInCookie, "b1", absl::Minutes(10)),
            "__Host-samen_signin=b1; Path=/; HttpOnly; Secure; SameSite=Lax; "
            "Max-Age=600");
  EXPECT_EQ(SetCookie(kSessionCookie, "s", std::nullopt),
            "__Host-samen_session=s; Path=/; HttpOnly; Secure; SameSite=Lax");
}

TEST(SetCookie, NegativeAgeBecomesZero) {
  EXPECT_NE(SetCookie(kSessionCookie, "s", absl::Seconds(-5)).find("Max-Age=0"),
            std::string::npos);
}

TEST(ClearCookie, EmptiesAndExpires) {
  EXPECT_EQ(ClearCookie(kSessionCookie),
            "__Host-samen_session=; Path=/; HttpOnly; Secure; SameSite=Lax; "
            "Max-Age=0");
}

}  // namespace
}  // namespace samen::gateway::session

#include "gateway/session/csrf.h"

#include "gtest/gtest.h"

namespace samen::gateway::session {
namespace {

constexpr char kOrigin[] = "https://samen.example.org";

CsrfCheck Check(absl::string_view method, absl::string_view token,
                absl::string_view origin) {
  return {method, token, origin, "csrf-1", kOrigin};
}

TEST(CheckCsrf, SafeMethodsNeedNothing) {
  for (const char* method : {"GET", "HEAD", "OPTIONS"}) {
    EXPECT_TRUE(CheckCsrf(Check(method, "", "https://evil.example")).ok())
        << method;
  }
}

TEST(CheckCsrf, UnsafeMethodsNeedTheToken) {
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    absl::Status status = CheckCsrf(Check(method, "", ""));
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << method;
    EXPECT_NE(status.message().find("X-CSRF-Token"), std::string::npos);
  }
}

TEST(CheckCsrf, RefusesAWrongToken) {
  absl::Status status = CheckCsrf(Check("POST", "csrf-2", ""));
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(status.message().find("does not match"), std::string::npos);
  EXPECT_FALSE(CheckCsrf({"POST", "x", "", "", kOrigin}).ok());
}

TEST(CheckCsrf, AcceptsTheTokenWithoutOrSameOrigin) {
  EXPECT_TRUE(CheckCsrf(Check("POST", "csrf-1", "")).ok());
  EXPECT_TRUE(CheckCsrf(Check("DELETE", "csrf-1", kOrigin)).ok());
  EXPECT_TRUE(
      CheckCsrf(Check("PATCH", "csrf-1", "https://SAMEN.example.org:443"))
          .ok());
}

TEST(CheckCsrf, RefusesAnotherOrigin) {
  for (const char* origin :
       {"https://evil.example", "null", "http://samen.example.org",
        "https://samen.example.org:8443"}) {
    absl::Status status = CheckCsrf(Check("POST", "csrf-1", origin));
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << origin;
    EXPECT_NE(status.message().find("Origin"), std::string::npos);
  }
}

TEST(OriginOf, KeepsSchemeHostAndOtherPorts) {
  EXPECT_EQ(OriginOf("http://localhost:8080/app?x"), "http://localhost:8080");
  EXPECT_EQ(OriginOf("https://Samen.Example.org/"),
            "https://samen.example.org");
  EXPECT_EQ(OriginOf("http://host:80"), "http://host");
  EXPECT_EQ(OriginOf("https://[::1]:443/"), "https://[::1]");
  EXPECT_EQ(OriginOf("localhost:8080"), "");
  EXPECT_EQ(OriginOf("null"), "");
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace samen::gateway::session

namespace samen::gateway::session {
namespace {

TEST(CheckCookieHost, AcceptsThePublicHostWithOrWithoutTheDefaultPort) {
  EXPECT_TRUE(
      CheckCookieHost("samen.example.nl", "https://samen.example.nl").ok());
  EXPECT_TRUE(
      CheckCookieHost("Samen.Example.NL:443", "https://samen.example.nl").ok());
  EXPECT_TRUE(CheckCookieHost("localhost:8080", "http://localhost:8080").ok());
}

TEST(CheckCookieHost, RefusesACookieSentToAnotherHost) {
  for (const char* host : {"evil.example", "localhost:8081", "127.0.0.1:8080",
                           "", "samen.example.nl.evil.example"}) {
    const absl::Status status = CheckCookieHost(host, "http://localhost:8080");
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << host;
  }
}

}  // namespace
}  // namespace samen::gateway::session

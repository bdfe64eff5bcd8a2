#include "services/common/http/http_client.h"

#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/local_http_server.h"

namespace samen::http {
namespace {

using ::samen::testing::LocalHttpServer;
using ::samen::testing::LocalRequest;
using ::samen::testing::LocalResponse;
using ::testing::HasSubstr;
using ::testing::Pair;

FetchOptions Timeout(absl::Duration timeout) {
  FetchOptions options;
  options.timeout = timeout;
  return options;
}

FetchOptions MaxBody(size_t bytes) {
  FetchOptions options;
  options.max_body_bytes = bytes;
  return options;
}

FetchOptions CaFile(const std::string& path) {
  FetchOptions options;
  options.ca_file = path;
  return options;
}

LocalResponse Respond(int status, std::string body,
                      std::chrono::milliseconds delay = {}) {
  LocalResponse response;
  response.status = status;
  response.body = std::move(body);
  response.delay = delay;
  return response;
}

LocalResponse Echo(const LocalRequest& request) {
  LocalResponse response;
  response.headers = {
      {"X-Method", request.method},
      {"X-Target", request.target},
      {"X-Content-Type", request.headers.count("content-type")
                             ? request.headers.at("content-type")
                             : ""},
      {"Set-Cookie", "a=1"},
      {"Set-Cookie", "b=2"}};
  response.body = request.body;
  return response;
}

TEST(ParseUrl, SplitsSchemeHostPortAndTarget) {
  auto url = ParseUrl("HTTPS://Login.Example.ORG:8443/a/b?c=d#frag");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "login.example.org");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->target, "/a/b?c=d");
  EXPECT_EQ(url->Authority(), "login.example.org:8443");
}

TEST(ParseUrl, DefaultsPortAndPath) {
  auto http = ParseUrl("http://example.org");
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->port, 80);
  EXPECT_EQ(http->target, "/");
  auto https = ParseUrl("https://example.org?x=1");
  ASSERT_TRUE(https.ok());
  EXPECT_EQ(https->port, 443);
  EXPECT_EQ(https->target, "/?x=1");
}

TEST(ParseUrl, AcceptsBracketedIpv6) {
  auto url = ParseUrl("http://[::1]:9000/x");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->Authority(), "[::1]:9000");
}

TEST(ParseUrl, RejectsWhatItCannotFetch) {
  for (const char* bad :
       {"ftp://example.org/", "example.org/path", "http://", "http://:80/",
        "http://user:pw@example.org/", "http://example.org:0/",
        "http://example.org:99999/", "http://example.org:8x/",
        "http://exa mple.org/", "http://example.org/\n", "http://[::1/"}) {
    auto url = ParseUrl(bad);
    EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(FormUrlEncode, EscapesReservedBytesAndSpaces) {
  EXPECT_EQ(FormUrlEncode({{"grant_type", "authorization_code"},
                           {"redirect_uri", "https://a.b/c?d=e&f"},
                           {"x y", "ü*~"}}),
            "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.b%2Fc%"
            "3Fd%3De%26f&x+y=%C3%BC*%7E");
}

TEST(FormUrlDecode, InvertsEncode) {
  const Fields fields = {{"a", "1 2"}, {"b&c", "=%+"}, {"", "empty name"}};
  auto decoded = FormUrlDecode(FormUrlEncode(fields));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, fields);
  auto loose = FormUrlDecode("a&&b=2");
  ASSERT_TRUE(loose.ok());
  EXPECT_THAT(*loose, ::testing::ElementsAre(Pair("a", ""), Pair("b", "2")));
}

TEST(FormUrlDecode, RejectsBrokenEscapes) {
  EXPECT_FALSE(FormUrlDecode("a=%4").ok());
  EXPECT_FALSE(FormUrlDecode("a=%zz").ok());
}

TEST(PercentEncode, KeepsOnlyUnreserved) {
  EXPECT_EQ(PercentEncode("a-b_c.d~e f:g"), "a-b_c.d~e%20f%3Ag");
}

TEST(Fetch, GetsFromALocalServer) {
  LocalHttpServer server(Echo);
  auto response = Get(server.Url("/path?q=1"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("x-method"), "GET");
  EXPECT_EQ(response->Header("x-target"), "/path?q=1");
  EXPECT_EQ(response->Header("set-cookie"), "a=1, b=2");
  EXPECT_EQ(response->Header("absent"), "");
}

TEST(Fetch, ReturnsErrorStatusesAsResponses) {
  LocalHttpServer server([](const LocalRequest&) {
    LocalResponse response = Respond(302, "");
    response.headers = {{"Location", "http://elsewhere/"}};
    return response;
  });
  auto response = Get(server.Url("/"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 302);  // Not followed.
  EXPECT_EQ(server.request_count(), 1);
}

TEST(PostForm, SendsAnEncodedForm) {
  LocalHttpServer server(Echo);
  auto response =
      PostForm(server.Url("/token"), {{"code", "a b&c"}, {"state", "x"}},
               {{"Content-Type", "text/plain"}, {"Authorization", "Basic x"}});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->Header("x-method"), "POST");
  EXPECT_EQ(response->Header("x-content-type"),
            "application/x-www-form-urlencoded");
  EXPECT_EQ(response->body, "code=a+b%26c&state=x");
}

TEST(Fetch, RefusedConnectionIsUnavailableNamingTheHost) {
  int port = 0;
  {
    LocalHttpServer server(Echo);
    port = server.port();
  }
  auto response = Get("http://127.0.0.1:" + std::to_string(port) + "/");
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(),
              HasSubstr("127.0.0.1:" + std::to_string(port)));
  EXPECT_THAT(response.status().message(), HasSubstr("connecting"));
}

TEST(Fetch, GivesUpAfterTheTimeout) {
  LocalHttpServer server([](const LocalRequest&) {
    return Respond(200, "late", std::chrono::seconds(1));
  });
  const absl::Time start = absl::Now();
  auto response = Get(server.Url("/"), Timeout(absl::Milliseconds(200)));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(900));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("timed out"));
}

TEST(Fetch, RefusesABodyOverTheLimit) {
  LocalHttpServer server(
      [](const LocalRequest&) { return Respond(200, std::string(2000, 'x')); });
  auto too_big = Get(server.Url("/"), MaxBody(1000));
  EXPECT_EQ(too_big.status().code(), absl::StatusCode::kResourceExhausted);
  auto fits = Get(server.Url("/"), MaxBody(2000));
  ASSERT_TRUE(fits.ok()) << fits.status();
  EXPECT_EQ(fits->body.size(), 2000u);
}

TEST(FetchTls, TrustsTheGivenCaFile) {
  auto identity = testing::MakeSelfSignedIdentity("localhost");
  LocalHttpServer server(Echo, identity);
  const std::string ca = testing::WriteTempFile("ca.pem", identity.cert_pem);
  auto response = Get(server.Url("/secure", "localhost"), CaFile(ca));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->Header("x-target"), "/secure");
}

TEST(FetchTls, RefusesAnUntrustedCertificate) {
  auto identity = testing::MakeSelfSignedIdentity("localhost");
  LocalHttpServer server(Echo, identity);
  auto response = Get(server.Url("/", "localhost"));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("TLS handshake"));
  EXPECT_THAT(response.status().message(),
              HasSubstr("certificate verify failed (self-signed certificate)"));
  EXPECT_EQ(server.request_count(), 0);
}

TEST(FetchTls, RefusesACertificateForAnotherHost) {
  auto identity = testing::MakeSelfSignedIdentity("other.example");
  LocalHttpServer server(Echo, identity);
  const std::string ca = testing::WriteTempFile("ca.pem", identity.cert_pem);
  auto by_name = Get(server.Url("/", "localhost"), CaFile(ca));
  EXPECT_EQ(by_name.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(by_name.status().message(), HasSubstr("localhost:"));
  EXPECT_THAT(by_name.status().message(), HasSubstr("(hostname mismatch)"));
  auto by_ip = Get(server.Url("/", "127.0.0.1"), CaFile(ca));
  EXPECT_EQ(by_ip.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(by_ip.status().message(), HasSubstr("(IP address mismatch)"));
  EXPECT_EQ(server.request_count(), 0);
}

TEST(FetchTls, MissingCaFileIsInvalidArgument) {
  auto response = Get("https://localhost:1/", CaFile("/nonexistent/ca.pem"));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace samen::http

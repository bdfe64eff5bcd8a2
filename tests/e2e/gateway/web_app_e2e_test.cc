// The web app (--web_root) end to end: samen-gateway serving a small dist in
// front of a real samen-server over the test MariaDB, driven over HTTP the
// way a browser and its service worker would.

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/stack.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

using ::testing::HasSubstr;
using testing::Headers;
using testing::HttpClient;
using testing::HttpResponse;
using ::testing::Not;

constexpr char kBrowserAccept[] =
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
constexpr char kCsp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; manifest-src 'self'; "
    "worker-src 'self'; font-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; object-src 'none'";

std::string Repeat(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

const std::string& Shell() {
  static const std::string* shell = new std::string(absl::StrCat(
      "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">",
      "<link rel=\"manifest\" href=\"/manifest.webmanifest\">",
      "<script type=\"module\" src=\"/assets/app-ABC123.js\"></script>",
      "</head><body><samen-app></samen-app>",
      Repeat("<!-- Samen: inductie en professionalisering -->\n", 40),
      "</body></html>\n"));
  return *shell;
}

const std::string& App() {
  static const std::string* app = new std::string(
      Repeat("customElements.define('samen-app', class extends HTMLElement "
             "{});\n",
             100));
  return *app;
}

class WebAppE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dist_ = new testing::ScratchDir("samen-web-dist");
    dist_->Write("index.html", Shell());
    dist_->Write("assets/app-ABC123.js", App());
    dist_->Write("assets/app-ABC123.js.gz",
                 samen::testing::GzipAsBuildTool(App(), "app-ABC123.js"));
    dist_->Write("sw.js", "self.addEventListener('fetch', () => {});\n");
    dist_->Write("manifest.webmanifest",
                 R"({"name":"Samen","start_url":"/","display":"standalone"})");
    dist_->Write("icons/icon-192.png", std::string("\x89PNG\r\n\x1a\n", 8));
    testing::StackOptions options;
    options.extra_gateway_args = {absl::StrCat("--web_root=", dist_->string())};
    stack_ = new testing::Stack(options);
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
    delete dist_;
    dist_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }

  HttpResponse Send(const std::string& method, const std::string& target,
                    const Headers& headers = {}) {
    HttpResponse r = client_->Request(method, target, "", headers);
    EXPECT_NE(r.status, 0) << r.body;
    return r;
  }

  static testing::ScratchDir* dist_;
  static testing::Stack* stack_;
  std::unique_ptr<HttpClient> client_;
};

testing::ScratchDir* WebAppE2eTest::dist_ = nullptr;
testing::Stack* WebAppE2eTest::stack_ = nullptr;

void ExpectSecurityHeaders(const HttpResponse& r) {
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "same-origin");
  EXPECT_EQ(r.header("cross-origin-opener-policy"), "same-origin");
  EXPECT_EQ(r.header("cross-origin-resource-policy"), "same-origin");
  EXPECT_EQ(r.header("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()");
}

TEST_F(WebAppE2eTest, RootIsTheShellWithCspAndNoCache) {
  HttpResponse r = Send("GET", "/", {{"Accept", kBrowserAccept}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, Shell());
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("content-length"), std::to_string(Shell().size()));
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  EXPECT_EQ(r.header("content-security-policy"), kCsp);
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_FALSE(r.header("etag").empty());
  EXPECT_FALSE(r.header("x-request-id").empty());
  ExpectSecurityHeaders(r);
  HttpResponse named = Send("GET", "/index.html");
  EXPECT_EQ(named.status, 200);
  EXPECT_EQ(named.header("etag"), r.header("etag"));
}

TEST_F(WebAppE2eTest, HashedAssetIsImmutableAndGzipIsNegotiated) {
  HttpResponse plain =
      Send("GET", "/assets/app-ABC123.js", {{"Accept-Encoding", "identity"}});
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, App());
  EXPECT_EQ(plain.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(plain.header("cache-control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("content-security-policy"), "");
  ExpectSecurityHeaders(plain);

  HttpResponse zipped = Send("GET", "/assets/app-ABC123.js",
                             {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.body, samen::testing::GzipAsBuildTool(
                             App(), "app-ABC123.js"));  // the build's own .gz
  EXPECT_EQ(zipped.header("content-length"),
            std::to_string(zipped.body.size()));
  EXPECT_EQ(zipped.header("vary"), "Accept-Encoding");
  EXPECT_NE(zipped.header("etag"), plain.header("etag"));

  HttpResponse refused = Send("GET", "/assets/app-ABC123.js",
                              {{"Accept-Encoding", "gzip;q=0, br"}});
  EXPECT_EQ(refused.header("content-encoding"), "");
  EXPECT_EQ(refused.body, App());
  // The build's .gz is a variant, not a file of its own.
  EXPECT_EQ(Send("GET", "/assets/app-ABC123.js.gz").status, 404);
}

TEST_F(WebAppE2eTest, IfNoneMatchIs304) {
  const Headers gzip = {{"Accept-Encoding", "gzip"}};
  HttpResponse first = Send("GET", "/assets/app-ABC123.js", gzip);
  ASSERT_EQ(first.status, 200);
  Headers again = gzip;
  again.emplace_back("If-None-Match", "W/" + first.header("etag"));
  HttpResponse second = Send("GET", "/assets/app-ABC123.js", again);
  EXPECT_EQ(second.status, 304);
  EXPECT_EQ(second.body, "");
  EXPECT_EQ(second.header("etag"), first.header("etag"));
  EXPECT_EQ(second.header("cache-control"),
            "public, max-age=31536000, immutable");
  HttpResponse shell = Send("GET", "/");
  HttpResponse shell_again =
      Send("GET", "/", {{"If-None-Match", shell.header("etag")}});
  EXPECT_EQ(shell_again.status, 304);
  HttpResponse other =
      Send("GET", "/", {{"If-None-Match", "\"something-else\""}});
  EXPECT_EQ(other.status, 200);
}

TEST_F(WebAppE2eTest, HeadHasTheHeadersAndNoBody) {
  HttpResponse get = Send("GET", "/assets/app-ABC123.js");
  HttpResponse head = Send("HEAD", "/assets/app-ABC123.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), std::to_string(App().size()));
  EXPECT_EQ(head.header("etag"), get.header("etag"));
  EXPECT_EQ(Send("HEAD", "/").status, 200);
}

TEST_F(WebAppE2eTest, ServiceWorkerManifestAndIcons) {
  HttpResponse sw = Send("GET", "/sw.js");
  ASSERT_EQ(sw.status, 200);
  EXPECT_EQ(sw.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(sw.header("cache-control"), "no-cache");
  HttpResponse manifest = Send("GET", "/manifest.webmanifest");
  EXPECT_EQ(manifest.header("content-type"), "application/manifest+json");
  EXPECT_EQ(manifest.header("cache-control"), "no-cache");
  HttpResponse icon = Send("GET", "/icons/icon-192.png");
  EXPECT_EQ(icon.header("content-type"), "image/png");
  EXPECT_EQ(icon.header("cache-control"), "public, max-age=86400");
  EXPECT_EQ(icon.body, std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(WebAppE2eTest, DeepLinkGetsTheShell) {
  for (const char* path : {"/boeken", "/coach/week", "/boeken?week=49"}) {
    HttpResponse r = Send("GET", path, {{"Accept", kBrowserAccept}});
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, Shell()) << path;
    EXPECT_EQ(r.header("cache-control"), "no-cache");
    EXPECT_EQ(r.header("content-security-policy"), kCsp);
  }
  // Not a navigation (fetch, curl): the API's 404 as before.
  HttpResponse api = Send("GET", "/boeken", {{"Accept", "application/json"}});
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.header("content-type"), "application/problem+json");
}

TEST_F(WebAppE2eTest, MissingFilesAre404NeverTheShell) {
  for (const char* path : {"/assets/missing.js", "/logo.png"}) {
    HttpResponse r = Send("GET", path, {{"Accept", kBrowserAccept}});
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.body, Shell());
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
}

TEST_F(WebAppE2eTest, DotSegmentsNeverLeaveTheDirectory) {
  // A file next to the dist, where a traversal would find it.
  testing::ScratchDir neighbour("samen-web-neighbour");
  for (const std::string& path :
       {std::string("/../etc/passwd"), std::string("/%2e%2e/%2e%2e/etc/passwd"),
        std::string("/assets/../index.html"),
        std::string("/assets/%2E%2E/%2e%2e/") +
            neighbour.path().filename().string(),
        std::string("/%2e%2e%2fetc%2fpasswd")}) {
    HttpResponse r = Send("GET", path, {{"Accept", kBrowserAccept}});
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_THAT(r.body, Not(HasSubstr("root:"))) << path;
    EXPECT_NE(r.body, Shell()) << path;
  }
}

TEST_F(WebAppE2eTest, TheApiIsStillTheApi) {
  HttpResponse r =
      Send("GET", "/v1/partnerships", {{"Accept", kBrowserAccept}});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(Send("GET", "/healthz").body, "ok\n");
  HttpResponse openapi = Send("GET", "/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_THAT(openapi.header("content-type"), HasSubstr("application/json"));
}

TEST_F(WebAppE2eTest, OtherMethodsAre405) {
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    HttpResponse r = Send(method, "/");
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.header("allow"), "GET, HEAD");
  }
  EXPECT_EQ(Send("POST", "/assets/app-ABC123.js").status, 405);
}

TEST_F(WebAppE2eTest, MetricsCountTheAppsAnswers) {
  Send("GET", "/icons/icon-192.png");
  HttpResponse metrics = Send("GET", "/metrics");
  EXPECT_THAT(metrics.body,
              HasSubstr("samen_gateway_http_requests_total{route=\"/**\","
                        "method=\"GET\",status=\"200\"}"));
}

// A dist without index.html is refused at start-up with a clear error.
TEST(WebAppStartUp, RefusesADistWithoutIndexHtml) {
  testing::ScratchDir dist("samen-web-broken");
  dist.Write("assets/app.js", "let a;");
  testing::ScratchDir logs("samen-web-broken-logs");
  testing::Process gateway(
      testing::BinDir() + "/samen-gateway",
      {absl::StrCat("--listen=127.0.0.1:", testing::FreePort()),
       "--backend=127.0.0.1:1", absl::StrCat("--web_root=", dist.string())},
      {}, logs.string() + "/gateway.log");
  gateway.Start();
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (!absl::StrContains(gateway.ReadLog(), "cannot start") &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  const std::string log = gateway.ReadLog();
  EXPECT_THAT(log, HasSubstr("holds no index.html")) << log;
  EXPECT_EQ(gateway.Stop(), 1) << log;
}

}  // namespace
}  // namespace samen

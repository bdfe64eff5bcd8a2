#include "gateway/web/web_site.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "gateway/compression/gzip.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace samen::gateway::web {
namespace {

namespace http = boost::beast::http;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kBrowserAccept[] =
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

std::string Header(const Reply& reply, http::field field) {
  return std::string(reply.response[field]);
}
std::string Header(const Reply& reply, const char* name) {
  return std::string(reply.response[name]);
}

class WebSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 100; ++i) {
      shell_ += "<p>Samen: inductie en professionalisering</p>\n";
      app_ += "customElements.define('samen-app', class {});\n";
    }
    dist_.Write("index.html", shell_);
    dist_.Write("assets/app-ABC123.js", app_);
    dist_.Write("sw.js", "self.addEventListener('fetch', () => {});");
    dist_.Write("manifest.webmanifest", R"({"name":"Samen"})");
    dist_.Write("icons/icon-192.png", std::string("\x89PNG\r\n\x1a\n", 8));
    StaticFilesOptions options;
    options.root = dist_.string();
    auto files = StaticFiles::Load(options);
    ASSERT_TRUE(files.ok()) << files.status();
    site_ = std::make_unique<WebSite>(*files, [](absl::string_view path) {
      return path == "/v1/partnerships" || path == "/calendar";
    });
  }

  std::optional<Reply> Answer(http::verb method, const std::string& target,
                              const Headers& headers = {}) {
    HttpRequest request(method, target, 11);
    for (const auto& [name, value] : headers) {
      request.set(name, value);
    }
    Exchange exchange(std::move(request), RequestContext{"req-1", "10.0.0.1"});
    return site_->Answer(exchange);
  }

  testing::ScratchDir dist_{"web-site"};
  std::string shell_;
  std::string app_;
  std::unique_ptr<WebSite> site_;
};

TEST_F(WebSiteTest, ShellAtTheRootWithStrictCspAndNoCache) {
  std::optional<Reply> reply = Answer(http::verb::get, "/");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->response.result_int(), 200u);
  EXPECT_EQ(reply->response.body(), shell_);
  EXPECT_EQ(reply->route, "/");
  EXPECT_EQ(Header(*reply, http::field::content_type),
            "text/html; charset=utf-8");
  EXPECT_EQ(Header(*reply, http::field::cache_control), "no-cache");
  EXPECT_EQ(Header(*reply, "Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_EQ(Header(*reply, "X-Frame-Options"), "DENY");
  EXPECT_EQ(Header(*reply, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(*reply, "Referrer-Policy"), "same-origin");
  EXPECT_EQ(Header(*reply, "Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(Header(*reply, "Cross-Origin-Resource-Policy"), "same-origin");
  EXPECT_EQ(Header(*reply, "Permissions-Policy"),
            "camera=(), microphone=(), geolocation=(), payment=()");
  EXPECT_EQ(Header(*reply, http::field::vary), "Accept-Encoding");
  const std::string etag = Header(*reply, http::field::etag);
  EXPECT_EQ(etag.size(), 34u) << etag;
  std::optional<Reply> named = Answer(http::verb::get, "/index.html");
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(Header(*named, http::field::etag), etag);
  EXPECT_EQ(Answer(http::verb::head, "/")->response.result_int(), 200u);
}

TEST_F(WebSiteTest, HashedAssetImmutableWithoutHtmlHeaders) {
  std::optional<Reply> reply = Answer(http::verb::get, "/assets/app-ABC123.js");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->response.body(), app_);
  EXPECT_EQ(reply->route, "/assets/**");
  EXPECT_EQ(Header(*reply, http::field::cache_control),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(*reply, http::field::content_type),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(Header(*reply, "Content-Security-Policy"), "");
  EXPECT_EQ(Header(*reply, "X-Content-Type-Options"), "nosniff");
  std::optional<Reply> sw = Answer(http::verb::get, "/sw.js");
  EXPECT_EQ(Header(*sw, http::field::cache_control), "no-cache");
  EXPECT_EQ(Header(*sw, http::field::content_type),
            "text/javascript; charset=utf-8");
  std::optional<Reply> icon = Answer(http::verb::get, "/icons/icon-192.png");
  EXPECT_EQ(Header(*icon, http::field::cache_control), "public, max-age=86400");
  EXPECT_EQ(Header(*icon, http::field::vary), "");
  EXPECT_EQ(icon->route, "/**");
}

TEST_F(WebSiteTest, GzipWhenAcceptedWithItsOwnEtag) {
  std::optional<Reply> plain = Answer(http::verb::get, "/assets/app-ABC123.js");
  std::optional<Reply> zipped = Answer(http::verb::get, "/assets/app-ABC123.js",
                                       {{"Accept-Encoding", "br, gzip;q=0.8"}});
  ASSERT_TRUE(zipped.has_value());
  EXPECT_EQ(Header(*zipped, http::field::content_encoding), "gzip");
  EXPECT_EQ(Header(*zipped, http::field::vary), "Accept-Encoding");
  EXPECT_EQ(*Gunzip(zipped->response.body(), 1 << 20), app_);
  EXPECT_NE(Header(*zipped, http::field::etag),
            Header(*plain, http::field::etag));
  std::optional<Reply> refused =
      Answer(http::verb::get, "/assets/app-ABC123.js",
             {{"Accept-Encoding", "gzip;q=0, identity"}});
  EXPECT_EQ(Header(*refused, http::field::content_encoding), "");
  EXPECT_EQ(refused->response.body(), app_);
}

TEST_F(WebSiteTest, IfNoneMatchIs304ForTheSameRepresentation) {
  const std::string etag = Header(
      *Answer(http::verb::get, "/assets/app-ABC123.js"), http::field::etag);
  std::optional<Reply> same =
      Answer(http::verb::get, "/assets/app-ABC123.js",
             {{"If-None-Match", "\"other\", W/" + etag}});
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->response.result_int(), 304u);
  EXPECT_EQ(same->response.body(), "");
  EXPECT_EQ(Header(*same, http::field::etag), etag);
  EXPECT_EQ(Header(*same, http::field::cache_control),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(Answer(http::verb::get, "/assets/app-ABC123.js",
                   {{"If-None-Match", etag}, {"Accept-Encoding", "gzip"}})
                ->response.result_int(),
            200u);
  EXPECT_EQ(
      Answer(http::verb::get, "/assets/app-ABC123.js", {{"If-None-Match", "*"}})
          ->response.result_int(),
      304u);
  EXPECT_EQ(Answer(http::verb::get, "/assets/app-ABC123.js",
                   {{"If-None-Match", "not a tag"}})
                ->response.result_int(),
            200u);
}

TEST_F(WebSiteTest, DeepLinksThatAcceptHtmlGetTheShell) {
  std::optional<Reply> reply =
      Answer(http::verb::get, "/boeken", {{"Accept", kBrowserAccept}});
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->response.result_int(), 200u);
  EXPECT_EQ(reply->response.body(), shell_);
  EXPECT_EQ(reply->route, "/");
  EXPECT_EQ(Header(*reply, http::field::cache_control), "no-cache");
  EXPECT_EQ(Header(*reply, http::field::vary), "Accept-Encoding, Accept");
  EXPECT_EQ(Header(*reply, "Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_TRUE(
      Answer(http::verb::head, "/coach/week", {{"Accept", kBrowserAccept}})
          .has_value());
  // Not a browser navigating, another method, or the API's: not the app's.
  EXPECT_FALSE(Answer(http::verb::get, "/boeken").has_value());
  EXPECT_FALSE(Answer(http::verb::get, "/boeken", {{"Accept", "*/*"}}));
  EXPECT_FALSE(
      Answer(http::verb::post, "/boeken", {{"Accept", kBrowserAccept}}));
  EXPECT_FALSE(
      Answer(http::verb::get, "/calendar", {{"Accept", kBrowserAccept}}));
}

TEST_F(WebSiteTest, LeavesTheApiAndTheGatewaysPathsAlone) {
  for (const char* path : {"/v1/partnerships", "/v1/nothing", "/auth/login",
                           "/oauth/token", "/.well-known/jwks.json", "/healthz",
                           "/readyz", "/metrics", "/openapi.json"}) {
    EXPECT_FALSE(
        Answer(http::verb::get, path, {{"Accept", kBrowserAccept}}).has_value())
        << path;
  }
}

TEST_F(WebSiteTest, MissingFilesAndDotSegmentsAre404NeverTheShell) {
  for (const char* path :
       {"/assets/missing.js", "/assets/missing", "/logo.png",
        "/assets/../index.html", "/../etc/passwd", "/%2e%2e/etc/passwd",
        "/boeken/%2E%2E/%2e%2e/secret", "/a%2f..%2fb"}) {
    std::optional<Reply> reply =
        Answer(http::verb::get, path, {{"Accept", kBrowserAccept}});
    ASSERT_TRUE(reply.has_value()) << path;
    EXPECT_EQ(reply->response.result_int(), 404u) << path;
    EXPECT_EQ(Header(*reply, http::field::content_type),
              "application/problem+json")
        << path;
    EXPECT_EQ(Header(*reply, "X-Content-Type-Options"), "nosniff");
  }
}

TEST_F(WebSiteTest, OtherMethodsOnTheAppsFilesAre405) {
  for (http::verb method : {http::verb::post, http::verb::put,
                            http::verb::delete_, http::verb::options}) {
    for (const char* path : {"/", "/index.html", "/assets/app-ABC123.js"}) {
      std::optional<Reply> reply = Answer(method, path);
      ASSERT_TRUE(reply.has_value()) << path;
      EXPECT_EQ(reply->response.result_int(), 405u) << path;
      EXPECT_EQ(Header(*reply, http::field::allow), "GET, HEAD");
    }
  }
}

}  // namespace
}  // namespace samen::gateway::web

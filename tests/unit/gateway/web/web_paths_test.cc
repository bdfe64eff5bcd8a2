#include "gateway/web/web_paths.h"

#include "gtest/gtest.h"

namespace samen::gateway::web {
namespace {

TEST(ContentTypeFor, KnowsTheDistsFileTypes) {
  EXPECT_EQ(ContentTypeFor("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/assets/app-3F2A9C1B.js"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/sw.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/assets/app-3F2A9C1B.css"),
            "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/manifest.webmanifest"),
            "application/manifest+json");
  EXPECT_EQ(ContentTypeFor("/icons/icon-192.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("/favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("/icons/logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("/data.json"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/assets/inter-4A1B.woff2"), "font/woff2");
}

TEST(ContentTypeFor, IgnoresCaseAndFallsBackToOctetStream) {
  EXPECT_EQ(ContentTypeFor("/ICONS/LOGO.PNG"), "image/png");
  EXPECT_EQ(ContentTypeFor("/LICENSE"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("/.hidden"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("/archive.tar.xz"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("/v.1/readme"), "application/octet-stream");
}

TEST(IsCompressible, TextYesImagesAndFontsNo) {
  EXPECT_TRUE(IsCompressible(ContentTypeFor("/a.js")));
  EXPECT_TRUE(IsCompressible(ContentTypeFor("/a.css")));
  EXPECT_TRUE(IsCompressible(ContentTypeFor("/index.html")));
  EXPECT_TRUE(IsCompressible(ContentTypeFor("/manifest.webmanifest")));
  EXPECT_TRUE(IsCompressible(ContentTypeFor("/logo.svg")));
  EXPECT_FALSE(IsCompressible(ContentTypeFor("/icon.png")));
  EXPECT_FALSE(IsCompressible(ContentTypeFor("/font.woff2")));
  EXPECT_FALSE(IsCompressible(ContentTypeFor("/app.js.gz")));
}

TEST(CacheControlFor, HashedAssetsForeverShellRevalidatedIconsADay) {
  EXPECT_EQ(CacheControlFor("/assets/app-3F2A9C1B.js"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(CacheControlFor("/index.html"), "no-cache");
  EXPECT_EQ(CacheControlFor("/sw.js"), "no-cache");
  EXPECT_EQ(CacheControlFor("/manifest.webmanifest"), "no-cache");
  EXPECT_EQ(CacheControlFor("/icons/icon-192.png"), "public, max-age=86400");
  EXPECT_EQ(CacheControlFor("/favicon.ico"), "public, max-age=86400");
  EXPECT_EQ(CacheControlFor("/robots.txt"), "public, max-age=86400");
  EXPECT_EQ(CacheControlFor("/assetsx/app.js"), "no-cache");
}

TEST(IsReservedPath, TheApiAndTheGatewaysOwnPaths) {
  for (const char* path : {"/v1/partnerships", "/v1", "/auth/login",
                           "/oauth/token", "/.well-known/jwks.json", "/healthz",
                           "/readyz", "/metrics", "/openapi.json"}) {
    EXPECT_TRUE(IsReservedPath(path)) << path;
  }
  for (const char* path : {"/", "/boeken", "/v1x", "/authoring", "/metrics/x",
                           "/coach/week", "/index.html"}) {
    EXPECT_FALSE(IsReservedPath(path)) << path;
  }
}

TEST(IsUnsafePath, DotSegmentsPlainOrEncoded) {
  for (const char* path : {"/..", "/../etc/passwd", "/assets/../index.html",
                           "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x", "/a/./b",
                           "/a/%2e/b", "/a%2fb", "/a%5Cb", "/a\\b", "/a%00b"}) {
    EXPECT_TRUE(IsUnsafePath(path)) << path;
  }
  for (const char* path : {"/", "/boeken", "/assets/app.js", "/a..b",
                           "/.well-known", "/coach/week", "/%C3%A9t%C3%A9"}) {
    EXPECT_FALSE(IsUnsafePath(path)) << path;
  }
}

TEST(NamesFile, AssetsAndNamesWithAnExtension) {
  EXPECT_TRUE(NamesFile("/assets/missing"));
  EXPECT_TRUE(NamesFile("/assets/missing.js"));
  EXPECT_TRUE(NamesFile("/logo.png"));
  EXPECT_TRUE(NamesFile("/coach/week.ics"));
  EXPECT_FALSE(NamesFile("/boeken"));
  EXPECT_FALSE(NamesFile("/coach/week"));
  EXPECT_FALSE(NamesFile("/v.2/week"));
  EXPECT_FALSE(NamesFile("/"));
}

TEST(AcceptsHtml, BrowsersNavigatingYesFetchAndCurlNo) {
  EXPECT_TRUE(AcceptsHtml(
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_TRUE(AcceptsHtml("TEXT/HTML"));
  EXPECT_TRUE(AcceptsHtml("application/json, text/html;q=0.1"));
  EXPECT_TRUE(AcceptsHtml("text/html;level=1;q=0.5"));
  EXPECT_FALSE(AcceptsHtml(""));
  EXPECT_FALSE(AcceptsHtml("*/*"));
  EXPECT_FALSE(AcceptsHtml("application/json"));
  EXPECT_FALSE(AcceptsHtml("text/html;q=0"));
  EXPECT_FALSE(AcceptsHtml("text/html;q=0.0, */*"));
  EXPECT_FALSE(AcceptsHtml("text/htmlx"));
}

}  // namespace
}  // namespace samen::gateway::web

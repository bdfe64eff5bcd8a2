#include "gateway/web/static_files.h"

#include <filesystem>
#include <string>

#include "absl/strings/match.h"
#include "gateway/compression/gzip.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace samen::gateway::web {
namespace {

using testing::ScratchDir;

// Text that gzip shrinks well.
std::string Text(const std::string& seed, int repeat = 200) {
  std::string text;
  for (int i = 0; i < repeat; ++i) {
    text += seed;
  }
  return text;
}

absl::StatusOr<std::shared_ptr<const StaticFiles>> LoadDir(
    const ScratchDir& dir, uint64_t max_total_bytes = uint64_t{32} << 20) {
  StaticFilesOptions options;
  options.root = dir.string();
  options.max_total_bytes = max_total_bytes;
  return StaticFiles::Load(options);
}

TEST(StaticFiles, LoadsEveryFileByUrlPathWithTypeAndCachePolicy) {
  ScratchDir dir("static-files");
  dir.Write("index.html", "<!doctype html><title>Samen</title>");
  dir.Write("assets/app-3F2A9C1B.js", Text("console.log('samen');\n"));
  dir.Write("icons/icon-192.png", std::string("\x89PNG\r\n\x1a\n", 8));
  auto files = LoadDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ((*files)->size(), 3u);
  const StaticFile* js = (*files)->Find("/assets/app-3F2A9C1B.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->body, Text("console.log('samen');\n"));
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js->cache_control, "public, max-age=31536000, immutable");
  const StaticFile* icon = (*files)->Find("/icons/icon-192.png");
  ASSERT_NE(icon, nullptr);
  EXPECT_EQ(icon->content_type, "image/png");
  EXPECT_FALSE(icon->has_gzip());
  EXPECT_EQ((*files)->Find("/assets/../index.html"), nullptr);
  EXPECT_EQ((*files)->Find("assets/app-3F2A9C1B.js"), nullptr);
  EXPECT_EQ((*files)->Find("/"), nullptr);
}

TEST(StaticFiles, EtagIsAHashOfTheContent) {
  ScratchDir dir("static-files");
  dir.Write("index.html", "same bytes");
  dir.Write("copy.txt", "same bytes");
  dir.Write("other.txt", "other bytes");
  auto files = LoadDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  const std::string etag = (*files)->Find("/index.html")->etag;
  EXPECT_EQ(etag.size(), 32u);
  EXPECT_EQ(etag.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ((*files)->Find("/copy.txt")->etag, etag);
  EXPECT_NE((*files)->Find("/other.txt")->etag, etag);
}

TEST(StaticFiles, CompressesTextOnceAndKeepsGzipOnlyWhenSmaller) {
  ScratchDir dir("static-files");
  dir.Write("index.html", Text("<p>Welkom bij Samen</p>\n"));
  dir.Write("tiny.txt", "x");
  auto files = LoadDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  const StaticFile* shell = (*files)->Find("/index.html");
  ASSERT_TRUE(shell->has_gzip());
  EXPECT_LT(shell->gzip.size(), shell->body.size());
  EXPECT_EQ(*Gunzip(shell->gzip, 1 << 20), shell->body);
  EXPECT_EQ(shell->gzip_etag, shell->etag + "-gzip");
  EXPECT_FALSE((*files)->Find("/tiny.txt")->has_gzip());
}

TEST(StaticFiles, UsesTheBuildsGzSiblingAsTheVariantNotAsAFile) {
  ScratchDir dir("static-files");
  const std::string js = Text("export const x = 1;\n");
  dir.Write("index.html", "<!doctype html>");
  dir.Write("assets/app-ABC123.js", js);
  const std::string gz = samen::testing::GzipAsBuildTool(js, "app-ABC123.js");
  ASSERT_NE(gz, *Gzip(js));
  dir.Write("assets/app-ABC123.js.gz", gz);
  dir.Write("orphan.txt.gz", gz);
  auto files = LoadDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  const StaticFile* app = (*files)->Find("/assets/app-ABC123.js");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->gzip, gz);
  EXPECT_EQ((*files)->Find("/assets/app-ABC123.js.gz"), nullptr);
  const StaticFile* orphan = (*files)->Find("/orphan.txt.gz");
  ASSERT_NE(orphan, nullptr);
  EXPECT_EQ(orphan->content_type, "application/gzip");
}

TEST(StaticFiles, AStaleGzSiblingIsReplaced) {
  ScratchDir dir("static-files");
  const std::string js = Text("export const y = 2;\n");
  dir.Write("index.html", "<!doctype html>");
  dir.Write("app.js", js);
  dir.Write("app.js.gz", *Gzip(Text("export const old = 1;\n")));
  auto files = LoadDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  const StaticFile* app = (*files)->Find("/app.js");
  ASSERT_TRUE(app->has_gzip());
  EXPECT_EQ(*Gunzip(app->gzip, 1 << 20), js);
}

TEST(StaticFiles, RefusesADirectoryWithoutIndexHtml) {
  ScratchDir dir("static-files");
  dir.Write("assets/app.js", "x");
  auto files = LoadDir(dir);
  ASSERT_FALSE(files.ok());
  EXPECT_TRUE(absl::StrContains(files.status().message(), "index.html"))
      << files.status();
  StaticFilesOptions missing;
  missing.root = dir.string() + "/nope";
  EXPECT_FALSE(StaticFiles::Load(missing).ok());
}

TEST(StaticFiles, RefusesMoreThanTheCap) {
  ScratchDir dir("static-files");
  dir.Write("index.html", std::string(600, 'a'));
  dir.Write("assets/big.js", std::string(600, 'b'));
  auto files = LoadDir(dir, 1000);
  ASSERT_FALSE(files.ok());
  EXPECT_TRUE(absl::StrContains(files.status().message(), "1200 bytes"))
      << files.status();
  EXPECT_TRUE(LoadDir(dir, 1200).ok());
}

TEST(StaticFiles, RefusesALinkLeavingTheRoot) {
  ScratchDir outside("static-outside");
  outside.Write("secret.txt", "not for the web");
  ScratchDir dir("static-files");
  dir.Write("index.html", "<!doctype html>");
  std::filesystem::create_symlink(outside.path() / "secret.txt",
                                  dir.path() / "secret.txt");
  auto files = LoadDir(dir);
  ASSERT_FALSE(files.ok());
  EXPECT_TRUE(absl::StrContains(files.status().message(), "outside"))
      << files.status();
}

TEST(StaticFiles, RefusesALinkedDirectoryButServesALinkedFileInside) {
  ScratchDir dir("static-files");
  dir.Write("index.html", "<!doctype html>");
  dir.Write("assets/app-1.js", "let a;");
  std::filesystem::create_symlink(dir.path() / "assets/app-1.js",
                                  dir.path() / "app.js");
  auto files = LoadDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ((*files)->Find("/app.js")->body, "let a;");
  std::filesystem::create_directory_symlink(dir.path() / "assets",
                                            dir.path() / "more");
  EXPECT_FALSE(LoadDir(dir).ok());
}

}  // namespace
}  // namespace samen::gateway::web

// The Samen app in a real browser against the real stack. The stories live
// in web/tests/*.test.mjs (node --test, playwright-core driving Debian's
// Chromium at a phone's size); this test starts what they run against — the
// local identity provider, samen-server with the demo data, samen-gateway
// serving the built app — and runs them in name order, one chapter after the
// other on the same data, so that what the starter booked is what the coach
// marks held and what HR must not see the notes of.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/support/sign_in_stack.h"
#include "tests/support/test_env.h"

namespace samen::testing {
namespace {

namespace fs = std::filesystem;

// The stories in `dir`; SAMEN_WEB_STORIES (comma-separated parts of file
// names, e.g. "00,01") narrows them while working on one.
std::vector<fs::path> Stories(const fs::path& dir) {
  const char* only = std::getenv("SAMEN_WEB_STORIES");
  const std::vector<std::string> wanted =
      only == nullptr ? std::vector<std::string>{}
                      : absl::StrSplit(only, ',', absl::SkipEmpty());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 9 &&
        name.substr(name.size() - 9) == ".test.mjs" &&
        (wanted.empty() ||
         std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
           return absl::StrContains(name, w);
         }))) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

TEST(AppInBrowser, EveryStoryPasses) {
  const fs::path web = fs::path(SourceDir()) / "web";
  ASSERT_TRUE(fs::exists(web / "dist" / "index.html"))
      << "the app is not built: run scripts/web-build (scripts/build does)";
  ASSERT_TRUE(fs::exists(web / "node_modules" / "playwright-core"))
      << "web/node_modules is missing: run scripts/web-build";
  SignInStackOptions options;
  options.access_token_seconds = 300;
  options.extra_gateway_args = {"--web_root=" + (web / "dist").string()};
  SignInStack stack(options);
  const Stack& samen = stack.stack();
  const db::MysqlOptions& mysql = samen.mysql();
  const std::string screenshots =
      EnvOr("SAMEN_SCREENSHOT_DIR",
            (fs::temp_directory_path() / "samen-web-screenshots").string());
  fs::create_directories(screenshots);
  const std::vector<fs::path> stories = Stories(web / "tests");
  ASSERT_FALSE(stories.empty()) << "no web/tests/*.test.mjs";
  for (const fs::path& story : stories) {
    SCOPED_TRACE(story.filename().string());
    const std::string command = absl::StrCat(
        "cd ", web.string(), " && SAMEN_APP_URL=", stack.gateway_url(),
        " SAMEN_IDP_URL=", stack.idp_url(),
        " SAMEN_SCREENSHOT_DIR=", screenshots, " SAMEN_DB_HOST=", mysql.host,
        " SAMEN_DB_PORT=", mysql.port, " SAMEN_DB_USER=", mysql.user,
        " SAMEN_DB_PASSWORD=", mysql.password,
        " SAMEN_DB_PREFIX=", samen.database_prefix(),
        " node --test --test-reporter=spec ", story.string(), " 2>&1");
    EXPECT_EQ(Shell(command), 0) << story.filename().string() << " failed";
  }
  std::printf("screenshots: %s\n", screenshots.c_str());
}

}  // namespace
}  // namespace samen::testing

// Killing MySQL under running servers: requests fail fast with 503
// (UNAVAILABLE), and the servers recover by themselves when the database is
// back. Uses a private MariaDB so the shared test database is not disturbed.

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

TEST(DatabaseOutage, ServersAnswer503WhileMysqlIsDownAndRecoverWhenItIsBack) {
  const std::string dir =
      absl::StrCat(std::filesystem::temp_directory_path().string(),
                   "/samen-outage-", getpid());
  const std::string script = testing::SourceDir() + "/scripts/local-mariadb";
  ASSERT_EQ(testing::Shell(absl::StrCat(script, " start ", dir)), 0);
  int port = 0;
  {
    std::ifstream in(dir + "/port");
    std::string text;
    in >> text;
    ASSERT_TRUE(absl::SimpleAtoi(text, &port));
  }
  testing::StackOptions options;
  options.use_test_mysql = false;
  options.mysql.host = "127.0.0.1";
  options.mysql.port = port;
  options.mysql.user = "samen";
  options.mysql.password = "samen";
  testing::Stack stack(options);
  testing::HttpClient client("127.0.0.1", stack.gateway_port());
  const auto auth = testing::Bearer(
      testing::MintTestToken("starter", "starter@organisations/x"));

  ASSERT_EQ(client.Get("/v1/partnerships/osof", auth).status, 200);

  ASSERT_EQ(testing::Shell(absl::StrCat(script, " stop ", dir)), 0);
  const absl::Time down = absl::Now();
  testing::HttpResponse during = client.Get("/v1/partnerships/osof", auth);
  EXPECT_EQ(during.status, 503) << during.body;
  EXPECT_LT(absl::Now() - down, absl::Seconds(15))
      << "must fail fast, not hang";

  ASSERT_EQ(testing::Shell(absl::StrCat(script, " start ", dir)), 0);
  int status = 0;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    status = client.Get("/v1/partnerships/osof", auth).status;
    if (status == 200) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_EQ(status, 200)
      << "servers did not recover after the database came back";
  EXPECT_TRUE(stack.server().running());
  testing::Shell(absl::StrCat(script, " destroy ", dir));
}

}  // namespace
}  // namespace samen

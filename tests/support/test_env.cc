#include "tests/support/test_env.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/auth/auth.h"

namespace samen::testing {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "test environment: %s\n", message.c_str());
  std::abort();
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    Die(absl::StrCat(
        name, " is not set; run the tests through ctest (scripts/test)"));
  }
  return v;
}

}  // namespace

db::MysqlOptions TestMysqlOptions() {
  const std::string path = Env("SAMEN_TEST_DB_ENV");
  std::ifstream in(path);
  if (!in) {
    Die(absl::StrCat("cannot read ", path,
                     " (did the mariadb_start fixture run?)"));
  }
  db::MysqlOptions options;
  std::string line;
  while (std::getline(in, line)) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(line, absl::MaxSplits('=', 1));
    if (kv.first == "SAMEN_MYSQL_HOST") {
      options.host = kv.second;
    } else if (kv.first == "SAMEN_MYSQL_PORT") {
      (void)absl::SimpleAtoi(kv.second, &options.port);
    } else if (kv.first == "SAMEN_MYSQL_USER") {
      options.user = kv.second;
    } else if (kv.first == "SAMEN_MYSQL_PASSWORD") {
      options.password = kv.second;
    }
  }
  return options;
}

std::string UniqueDatabasePrefix() {
  static std::atomic<int> counter{0};
  return absl::StrCat("t", getpid(), "_", counter++, "_");
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    Die("cannot bind a loopback port");
  }
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string BinDir() { return Env("SAMEN_BIN_DIR"); }
std::string SourceDir() { return Env("SAMEN_SOURCE_DIR"); }

int Shell(const std::string& command) {
  const int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void LoadDemoData(const db::MysqlOptions& mysql, const std::string& service,
                  const std::string& database) {
  const std::string command =
      absl::StrCat("mariadb --no-defaults -h", mysql.host, " -P", mysql.port,
                   " -u", mysql.user, " -p", mysql.password, " ", database,
                   " < ", SourceDir(), "/db/demo/", service, ".sql");
  if (Shell(command) != 0) {
    Die(absl::StrCat("loading demo data failed: ", command));
  }
}

std::string MintTestToken(const std::string& subject, const std::string& grants,
                          const std::string& issuer,
                          const std::string& audience) {
  auth::Principal principal;
  principal.subject = subject;
  for (absl::string_view grant :
       absl::StrSplit(grants, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts =
        absl::StrSplit(grant, absl::MaxSplits('@', 1));
    principal.grants.push_back({parts.first, parts.second});
  }
  auth::MintOptions options;
  options.secret = kTestJwtSecret;
  options.issuer = issuer;
  options.audience = audience;
  auto token = auth::MintHs256Token(principal, options);
  if (!token.ok()) {
    Die(std::string(token.status().message()));
  }
  return *token;
}

}  // namespace samen::testing

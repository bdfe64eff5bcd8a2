#pragma once

// What integration and e2e tests need from their surroundings: the throwaway
// MariaDB started by the `mariadb` ctest fixture (scripts/local-mariadb writes
// its address to the file named by SAMEN_TEST_DB_ENV), unique database names so
// tests can run in parallel, free loopback ports, and the built binaries
// (SAMEN_BIN_DIR).

#include <string>

#include "db/pool.h"

namespace samen::testing {

// Reads SAMEN_TEST_DB_ENV; aborts the test binary with a clear message when
// absent.
db::MysqlOptions TestMysqlOptions();

// "t<pid>_<n>_": a prefix for database names no other test process uses.
std::string UniqueDatabasePrefix();

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

// Directory of samen-server and samen-gateway (SAMEN_BIN_DIR).
std::string BinDir();
// Source tree root (SAMEN_SOURCE_DIR).
std::string SourceDir();

// Runs a shell command; returns its exit status.
int Shell(const std::string& command);

// Loads db/demo/<service>.sql into `database` with the mariadb client.
void LoadDemoData(const db::MysqlOptions& mysql, const std::string& service,
                  const std::string& database);

// The HS256 secret test stacks run with, and a token minted with it.
inline constexpr char kTestJwtSecret[] =
    "samen-test-secret-0123456789abcdef0123456789";
// `issuer` and `audience` go into iss and aud when not empty.
std::string MintTestToken(const std::string& subject, const std::string& grants,
                          const std::string& issuer = "",
                          const std::string& audience = "");

}  // namespace samen::testing

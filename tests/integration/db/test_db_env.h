#pragma once

// The MariaDB that the `mariadb` ctest fixture starts (scripts/local-mariadb):
// its SAMEN_TEST_DB_ENV file holds SAMEN_MYSQL_HOST/PORT/USER/PASSWORD lines.

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "db/pool.h"

namespace samen::testing {

// KEY=VALUE lines of the file SAMEN_TEST_DB_ENV names.
inline absl::StatusOr<std::map<std::string, std::string>> ReadTestDbEnv() {
  const char* path = std::getenv("SAMEN_TEST_DB_ENV");
  if (path == nullptr || *path == '\0') {
    return absl::FailedPreconditionError(
        "SAMEN_TEST_DB_ENV is not set: run through ctest (the mariadb fixture "
        "sets it)");
  }
  std::ifstream in(path);
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  }
  std::map<std::string, std::string> env;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest = absl::StripTrailingAsciiWhitespace(line);
    size_t eq = rest.find('=');
    if (eq == absl::string_view::npos || rest.empty() || rest[0] == '#') {
      continue;
    }
    env[std::string(rest.substr(0, eq))] = std::string(rest.substr(eq + 1));
  }
  return env;
}

// Options for the test server, with no default database.
inline absl::StatusOr<db::MysqlOptions> TestMysqlOptions() {
  absl::StatusOr<std::map<std::string, std::string>> env = ReadTestDbEnv();
  if (!env.ok()) {
    return env.status();
  }
  db::MysqlOptions options;
  for (const char* key :
       {"SAMEN_MYSQL_HOST", "SAMEN_MYSQL_PORT", "SAMEN_MYSQL_USER"}) {
    if (env->count(key) == 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("SAMEN_TEST_DB_ENV lacks ", key));
    }
  }
  options.host = env->at("SAMEN_MYSQL_HOST");
  if (!absl::SimpleAtoi(env->at("SAMEN_MYSQL_PORT"), &options.port)) {
    return absl::FailedPreconditionError("SAMEN_MYSQL_PORT is not a number");
  }
  options.user = env->at("SAMEN_MYSQL_USER");
  if (auto it = env->find("SAMEN_MYSQL_PASSWORD"); it != env->end()) {
    options.password = it->second;
  }
  return options;
}

}  // namespace samen::testing

#pragma once

// Configuration: absl flags declared where they are used, with SAMEN_*
// environment fallbacks read here and only here. A flag `--mysql_host` falls
// back to the environment variable `SAMEN_MYSQL_HOST`; a flag given on the
// command line wins over the environment.

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace samen::config {

// Parses argv with absl, first applying SAMEN_* environment fallbacks for every
// registered flag. Returns the positional arguments (argv[0] first). Exits on
// bad flags.
std::vector<std::string> ParseFlagsWithEnv(int argc, char** argv);

// For the server and gateway binaries: turns off Abseil's Mutex deadlock
// detection, which Debian's Abseil build leaves on and which walks a lock
// graph on every acquisition (about 2 % of a busy process's CPU). Tests keep
// it on, so a lock-order cycle still shows up there.
void DisableMutexDeadlockDetection();

// The environment variable a flag falls back to: "mysql_host" ->
// "SAMEN_MYSQL_HOST".
std::string EnvNameForFlag(const std::string& flag_name);

// Reads a secret from the named file (trailing newline stripped); empty path ->
// "".
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

// A secret given directly (`value`, from a flag or its SAMEN_* variable) or,
// when that is empty, read from `file` ("" when both are empty).
absl::StatusOr<std::string> SecretFromValueOrFile(const std::string& value,
                                                  const std::string& file);

// One line per flag defined by Samen (not gRPC/absl internals), secrets masked:
// flags whose name contains "secret" or "password" print as "***" when set.
std::string DescribeEffectiveFlags();

}  // namespace samen::config

#include "services/common/config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"

namespace samen::config {
namespace {

// Samen's own flags, as opposed to those of the libraries (absl's --flagfile
// etc.).
bool IsSamenFlag(const absl::CommandLineFlag& flag) {
  return !absl::StrContains(flag.Filename(), "absl/");
}

}  // namespace

std::string EnvNameForFlag(const std::string& flag_name) {
  return absl::StrCat("SAMEN_", absl::AsciiStrToUpper(flag_name));
}

std::vector<std::string> ParseFlagsWithEnv(int argc, char** argv) {
  // Environment values go first so that the command line, parsed later, wins.
  std::vector<std::string> storage;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (!IsSamenFlag(*flag)) {
      continue;
    }
    const char* value = std::getenv(EnvNameForFlag(std::string(name)).c_str());
    if (value != nullptr) {
      storage.push_back(absl::StrCat("--", name, "=", value));
    }
  }
  std::vector<char*> args;
  args.push_back(argv[0]);
  for (auto& s : storage) {
    args.push_back(s.data());
  }
  for (int i = 1; i < argc; ++i) {
    args.push_back(argv[i]);
  }
  std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  return {positional.begin(), positional.end()};
}

absl::StatusOr<std::string> SecretFromValueOrFile(const std::string& value,
                                                  const std::string& file) {
  if (!value.empty()) {
    return value;
  }
  return ReadSecretFile(file);
}

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  if (path.empty()) {
    return std::string();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read secret file ", path));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string secret = buffer.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  return secret;
}

std::string DescribeEffectiveFlags() {
  std::vector<std::string> lines;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (!IsSamenFlag(*flag)) {
      continue;
    }
    std::string value = flag->CurrentValue();
    const bool secret = absl::StrContains(name, "secret") ||
                        absl::StrContains(name, "password");
    if (secret && !value.empty() && !absl::EndsWith(name, "_file")) {
      value = "***";
    }
    lines.push_back(absl::StrCat(name, "=", value));
  }
  std::sort(lines.begin(), lines.end());
  return absl::StrJoin(lines, " ");
}

void DisableMutexDeadlockDetection() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

}  // namespace samen::config

#pragma once

// A child process for black-box tests (userver testsuite style): started with
// fork/exec, its stderr and stdout appended to a log file, killed when the
// object goes away.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace samen::testing {

class Process {
 public:
  Process(std::string binary, std::vector<std::string> args,
          std::map<std::string, std::string> env, std::string log_path);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  void Start();
  // SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit status (-1 if
  // killed).
  int Stop(absl::Duration grace = absl::Seconds(10));
  // SIGKILL at once (a crash, as far as peers can tell).
  void Kill();
  bool running();
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }
  std::string ReadLog() const;

 private:
  std::string binary_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_;
  std::string log_path_;
  pid_t pid_ = -1;
};

// Waits until something accepts TCP connections on 127.0.0.1:port.
bool WaitForPort(int port, absl::Duration timeout);

}  // namespace samen::testing

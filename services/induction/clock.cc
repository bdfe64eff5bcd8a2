#include "services/induction/clock.h"

#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "services/common/logging.h"
#include "services/common/sql_time.h"

ABSL_FLAG(std::string, induction_clock_file, "",
          "Tests only: a file holding an RFC 3339 instant the Induction "
          "service takes as the current time (re-read on every use)");

namespace samen::induction {

absl::Time SystemClock::Now() const { return NowMicros(); }

absl::Time FileClock::Now() const {
  std::ifstream in(path_);
  std::stringstream text;
  text << in.rdbuf();
  absl::Time t;
  std::string error;
  if (in &&
      absl::ParseTime(absl::RFC3339_full,
                      absl::StripAsciiWhitespace(text.str()), &t, &error)) {
    return t;
  }
  return NowMicros();
}

std::unique_ptr<Clock> ClockFromFlags() {
  const std::string path = absl::GetFlag(FLAGS_induction_clock_file);
  if (path.empty()) {
    return std::make_unique<SystemClock>();
  }
  log::Warning("induction: time comes from a file (tests only)",
               {{"induction_clock_file", path}});
  return std::make_unique<FileClock>(path);
}

}  // namespace samen::induction

#include "services/common/clock.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "db/sql_time.h"
#include "services/common/logging.h"

namespace samen {

absl::Time SystemClock::Now() const { return db::NowMicros(); }

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
  return db::NowMicros();
}

std::unique_ptr<Clock> MakeClock(const std::string& file) {
  if (file.empty()) {
    return std::make_unique<SystemClock>();
  }
  log::Warning("the time comes from a file (tests only)", {{"file", file}});
  return std::make_unique<FileClock>(file);
}

}  // namespace samen

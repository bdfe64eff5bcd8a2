#include "services/common/retry_schedule.h"

#include <algorithm>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace samen {

absl::StatusOr<std::vector<absl::Duration>> ParseRetrySchedule(
    absl::string_view text) {
  std::vector<absl::Duration> out;
  for (absl::string_view part :
       absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    absl::Duration d;
    if (!absl::ParseDuration(absl::StripAsciiWhitespace(part), &d) ||
        d < absl::ZeroDuration()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "retry schedule: \"", part, "\" is not a duration such as 5s or 2h"));
    }
    out.push_back(d);
  }
  return out;
}

std::optional<absl::Duration> RetryDelay(
    const std::vector<absl::Duration>& schedule, int failed_attempts,
    double jitter, double unit) {
  if (failed_attempts < 1 ||
      failed_attempts > static_cast<int>(schedule.size())) {
    return std::nullopt;
  }
  const absl::Duration base = schedule[failed_attempts - 1];
  const double factor = 1.0 + jitter * (2.0 * unit - 1.0);
  return base * std::max(0.0, factor);
}

std::optional<absl::Duration> JitteredRetryDelay(
    const std::vector<absl::Duration>& schedule, int failed_attempts,
    double jitter) {
  thread_local absl::BitGen gen;
  return RetryDelay(schedule, failed_attempts, jitter,
                    absl::Uniform<double>(gen, 0.0, 1.0));
}

}  // namespace samen

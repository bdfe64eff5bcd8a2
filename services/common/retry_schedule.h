#pragma once

// Retry schedules of the outboxes (webhooks, e-mail): the waits after each
// failed attempt, written "5s,5m,30m,2h"; when they are used up, delivery has
// failed. Pure, but for JitteredRetryDelay's random draw.

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen {

// INVALID_ARGUMENT naming the part that is not a non-negative duration.
absl::StatusOr<std::vector<absl::Duration>> ParseRetrySchedule(
    absl::string_view text);

// The wait after `failed_attempts` (>= 1) failures, jittered by up to
// ±`jitter` (0.2 = 20%) using `unit` (uniform in [0, 1)); nullopt when no
// attempt follows.
std::optional<absl::Duration> RetryDelay(
    const std::vector<absl::Duration>& schedule, int failed_attempts,
    double jitter, double unit);

// RetryDelay with `unit` drawn at random: what the outboxes' workers use.
std::optional<absl::Duration> JitteredRetryDelay(
    const std::vector<absl::Duration>& schedule, int failed_attempts,
    double jitter);

}  // namespace samen

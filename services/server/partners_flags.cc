#include "services/server/partners_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/retry_schedule.h"
#include "services/common/status_macros.h"

ABSL_FLAG(std::string, privacy_services,
          "identity,vacancies,induction,professionalisation,partners",
          "The services a person's export and erasure call "
          "(ExportPersonData, ErasePersonData): every service that holds "
          "people's data");
ABSL_FLAG(absl::Duration, privacy_export_ttl, absl::Hours(24 * 7),
          "How long a person's data export can be downloaded before it is "
          "deleted");
ABSL_FLAG(int, privacy_workers, 1,
          "Threads per replica that run exports' and erasures' steps (0: "
          "this replica runs none)");
ABSL_FLAG(absl::Duration, privacy_poll_interval, absl::Seconds(2),
          "How often idle privacy threads look for due steps");
ABSL_FLAG(absl::Duration, privacy_call_timeout, absl::Seconds(30),
          "Time one ExportPersonData or ErasePersonData call may take");
ABSL_FLAG(std::string, privacy_retry_schedule,
          "5s,30s,2m,10m,30m,1h,2h,4h,8h,12h",
          "Waits after each failed call of a step (unreachable, busy, "
          "stopped at its deadline), comma-separated; then the operation "
          "has failed");

namespace samen::server {

absl::StatusOr<partners::PrivacyOptions> PrivacyOptionsFromFlags() {
  partners::PrivacyOptions o;
  ASSIGN_OR_RETURN(o.services, partners::ParsePrivacyServices(
                                   absl::GetFlag(FLAGS_privacy_services)));
  o.export_ttl = absl::GetFlag(FLAGS_privacy_export_ttl);
  if (o.export_ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--privacy_export_ttl: must be positive");
  }
  o.workers = absl::GetFlag(FLAGS_privacy_workers);
  if (o.workers < 0) {
    return absl::InvalidArgumentError("--privacy_workers: must be 0 or more");
  }
  o.poll_interval = absl::GetFlag(FLAGS_privacy_poll_interval);
  o.call_timeout = absl::GetFlag(FLAGS_privacy_call_timeout);
  if (o.call_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--privacy_call_timeout: must be positive");
  }
  auto schedule =
      ParseRetrySchedule(absl::GetFlag(FLAGS_privacy_retry_schedule));
  if (!schedule.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--privacy_retry_schedule: ", schedule.status().message()));
  }
  o.retry_schedule = *std::move(schedule);
  return o;
}

}  // namespace samen::server

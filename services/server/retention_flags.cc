#include "services/server/retention_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "services/common/status_macros.h"
#include "services/server/privacy_register.h"

ABSL_FLAG(std::string, retention, "",
          "Retention periods overriding the data maps' defaults, in days per "
          "table: table=days,... (e.g. coaching_notes=180,"
          "notification_attempts=30); docs/privacy.md lists the tables and "
          "their defaults");
ABSL_FLAG(absl::Duration, retention_interval, absl::Hours(1),
          "How often each replica tries to run the retention job (one "
          "replica at a time runs it); 0 turns it off");
ABSL_FLAG(int, retention_batch, 500,
          "Rows the retention job deletes per statement");

namespace samen::server {

absl::StatusOr<privacy::RetentionOptions> RetentionOptionsFromFlags() {
  privacy::RetentionOptions o;
  ASSIGN_OR_RETURN(o.days, privacy::ParseRetention(
                               absl::GetFlag(FLAGS_retention), DataMaps()));
  o.interval = absl::GetFlag(FLAGS_retention_interval);
  if (o.interval < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--retention_interval: must not be negative (0 turns the job off)");
  }
  o.batch = absl::GetFlag(FLAGS_retention_batch);
  if (o.batch < 1 || o.batch > 10000) {
    return absl::InvalidArgumentError(
        "--retention_batch: must be between 1 and 10000");
  }
  return o;
}

}  // namespace samen::server

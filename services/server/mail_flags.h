#pragma once

// samen-server's e-mail flags (--smtp_*, --mail_*, --quiet_hours,
// --hr_digest_check_interval, --service_client_*), parsed here and handed to
// every module as notify::MailOptions (docs/notifications.md,
// docs/operations.md).

#include "absl/status/statusor.h"
#include "services/common/auth/auth.h"
#include "services/common/notify/mail_worker.h"

namespace samen::server {

// INVALID_ARGUMENT naming the flag that is wrong. `verifier` supplies the
// HS256 secret, issuer and audience the service token is minted with when no
// machine client is configured.
absl::StatusOr<notify::MailOptions> MailOptionsFromFlags(
    const auth::VerifierOptions& verifier);

}  // namespace samen::server

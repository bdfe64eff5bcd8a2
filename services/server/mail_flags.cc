#include "services/server/mail_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/config.h"
#include "services/common/retry_schedule.h"
#include "services/common/status_macros.h"

ABSL_FLAG(std::string, smtp_url, "",
          "SMTP server, smtp://host:587 (STARTTLS unless --smtp_tls=none) or "
          "smtps://host:465 (implicit TLS); empty: e-mail waits in the "
          "outbox, unsent");
ABSL_FLAG(std::string, smtp_tls, "",
          "starttls (required, the default for smtp://), implicit (smtps://) "
          "or none (a local mail catcher only)");
ABSL_FLAG(std::string, smtp_user, "", "SMTP AUTH user name");
ABSL_FLAG(std::string, smtp_password_file, "",
          "File holding the SMTP AUTH password");
ABSL_FLAG(std::string, smtp_ca_file, "",
          "PEM file of CAs to trust for the SMTP server (the system's "
          "otherwise)");
ABSL_FLAG(absl::Duration, smtp_timeout, absl::Seconds(30),
          "Time one message may take to send");
ABSL_FLAG(std::string, mail_from, "Samen <noreply@samen.invalid>",
          "The From of every message");
ABSL_FLAG(std::string, app_url, "",
          "The app's public URL, for links in messages (e.g. "
          "https://samen.example)");
ABSL_FLAG(int, mail_workers, 2,
          "E-mail threads per service per replica (0: this replica sends "
          "nothing)");
ABSL_FLAG(int, mail_batch, 20, "Messages one thread claims at a time");
ABSL_FLAG(absl::Duration, mail_poll_interval, absl::Seconds(2),
          "How often idle e-mail threads look for due messages");
ABSL_FLAG(std::string, mail_retry_schedule,
          "30s,2m,10m,30m,1h,2h,4h,8h,12h,12h",
          "Waits after each failed send, comma-separated; then the message "
          "has failed");
ABSL_FLAG(std::string, quiet_hours, "21:00-07:00",
          "Local hours (Europe/Amsterdam) no reminder is sent in; none for "
          "none");
ABSL_FLAG(absl::Duration, hr_digest_check_interval, absl::Minutes(5),
          "How often each replica checks whether the weekly HR digest "
          "(Mondays from 07:00) is due");
ABSL_FLAG(std::string, service_client_id, "",
          "Machine client (holding the service grant) whose token the "
          "services' background work uses");
ABSL_FLAG(std::string, service_client_secret_file, "",
          "File holding that client's secret");

namespace samen::server {
namespace {

absl::StatusOr<notify::SmtpOptions::Tls> TlsMode(const std::string& url) {
  const std::string mode = absl::GetFlag(FLAGS_smtp_tls);
  if (mode.empty()) {
    return absl::StartsWith(url, "smtps://")
               ? notify::SmtpOptions::Tls::kImplicit
               : notify::SmtpOptions::Tls::kStartTls;
  }
  if (mode == "starttls") return notify::SmtpOptions::Tls::kStartTls;
  if (mode == "implicit") return notify::SmtpOptions::Tls::kImplicit;
  if (mode == "none") return notify::SmtpOptions::Tls::kNone;
  return absl::InvalidArgumentError(absl::StrCat(
      "--smtp_tls: \"", mode, "\" is not starttls, implicit or none"));
}

absl::StatusOr<notify::SmtpOptions> SmtpFromFlags() {
  notify::SmtpOptions smtp;
  smtp.url = absl::GetFlag(FLAGS_smtp_url);
  if (!smtp.url.empty() && !absl::StartsWith(smtp.url, "smtp://") &&
      !absl::StartsWith(smtp.url, "smtps://")) {
    return absl::InvalidArgumentError(
        "--smtp_url: must start with smtp:// or smtps://");
  }
  ASSIGN_OR_RETURN(smtp.tls, TlsMode(smtp.url));
  if (smtp.tls == notify::SmtpOptions::Tls::kImplicit &&
      absl::StartsWith(smtp.url, "smtp://")) {
    smtp.url = absl::StrCat("smtps://", smtp.url.substr(7));
  }
  smtp.user = absl::GetFlag(FLAGS_smtp_user);
  if (const std::string file = absl::GetFlag(FLAGS_smtp_password_file);
      !file.empty()) {
    ASSIGN_OR_RETURN(smtp.password, config::ReadSecretFile(file));
  }
  smtp.ca_file = absl::GetFlag(FLAGS_smtp_ca_file);
  smtp.timeout = absl::GetFlag(FLAGS_smtp_timeout);
  return smtp;
}

}  // namespace

absl::StatusOr<notify::MailOptions> MailOptionsFromFlags(
    const auth::VerifierOptions& verifier) {
  notify::MailOptions o;
  ASSIGN_OR_RETURN(o.smtp, SmtpFromFlags());
  ASSIGN_OR_RETURN(o.from, notify::ParseAddress(absl::GetFlag(FLAGS_mail_from),
                                                "mail_from"));
  o.app_url = absl::GetFlag(FLAGS_app_url);
  while (absl::EndsWith(o.app_url, "/")) {
    o.app_url.pop_back();
  }
  o.threads = std::max(0, absl::GetFlag(FLAGS_mail_workers));
  o.batch = std::max(1, absl::GetFlag(FLAGS_mail_batch));
  o.poll_interval = absl::GetFlag(FLAGS_mail_poll_interval);
  ASSIGN_OR_RETURN(
      o.retry_schedule,
      ParseRetrySchedule(absl::GetFlag(FLAGS_mail_retry_schedule)));
  ASSIGN_OR_RETURN(o.quiet_hours,
                   notify::ParseQuietHours(absl::GetFlag(FLAGS_quiet_hours)));
  o.digest_check_interval = absl::GetFlag(FLAGS_hr_digest_check_interval);
  o.credentials.client_id = absl::GetFlag(FLAGS_service_client_id);
  if (!o.credentials.client_id.empty()) {
    const std::string file = absl::GetFlag(FLAGS_service_client_secret_file);
    if (file.empty()) {
      return absl::InvalidArgumentError(
          "--service_client_secret_file: required with --service_client_id");
    }
    ASSIGN_OR_RETURN(o.credentials.client_secret, config::ReadSecretFile(file));
  }
  o.credentials.hs256.secret = verifier.hs256_secret;
  o.credentials.hs256.issuer = verifier.issuer;
  o.credentials.hs256.audience = verifier.audience;
  return o;
}

}  // namespace samen::server

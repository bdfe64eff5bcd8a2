#pragma once

// Sends a Mail over SMTP with libcurl: its SMTP client (STARTTLS or implicit
// TLS with the server's certificate checked, AUTH) and its MIME builder
// (curl_mime): multipart/mixed holding multipart/alternative (text/plain,
// text/html and, for an invitation, text/calendar with its METHOD, as Outlook
// and Google expect) and the invitation again as an "invite.ics" attachment.
// One SmtpSender per thread; it keeps its connection open between messages.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "services/common/notify/mail.h"

namespace samen::notify {

struct SmtpOptions {
  enum class Tls { kNone, kStartTls, kImplicit };
  std::string url;  // "smtp://mail.example.org:587", "smtps://...:465"
  Tls tls = Tls::kStartTls;
  std::string user;
  std::string password;
  std::string ca_file;  // extra trusted CAs; the system's otherwise
  absl::Duration timeout = absl::Seconds(30);
};

struct SendResult {
  enum class Outcome {
    kSent,     // the server took the message (250 after the data)
    kRetry,    // a temporary failure: no connection, 4xx, a timeout
    kRefused,  // a permanent refusal (5xx): sending again will not help
  };
  Outcome outcome = Outcome::kRetry;
  int smtp_code = 0;   // the server's last reply code; 0 without one
  std::string detail;  // what happened, for the delivery log
  absl::Duration duration;
};

class SmtpSender {
 public:
  explicit SmtpSender(SmtpOptions options);
  ~SmtpSender();
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;

  SendResult Send(const Mail& mail);

 private:
  struct Handle;
  const SmtpOptions options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace samen::notify

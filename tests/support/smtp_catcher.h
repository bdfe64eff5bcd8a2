#pragma once

// A real SMTP server for tests of outbound mail: tests/support/smtp_catcher.py
// (Debian's python3-aiosmtpd) as a child process on a free loopback port. It
// saves every accepted message as DIR/NNNNNN.json, which Messages() reads back
// decoded (headers, subject, MIME parts); it can refuse recipients, stall,
// answer 451 to the first transactions, require AUTH and STARTTLS.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/support/process.h"

namespace samen::testing {

// One leaf MIME part (multipart containers are not listed).
struct CaughtPart {
  std::string content_type;  // "text/calendar", lower case
  // Content-Type parameters, lower-case names: "charset", "method", ...
  std::map<std::string, std::string> params;
  std::string disposition;  // "attachment", "inline" or ""
  std::string filename;     // "" when none
  std::string text;         // the decoded payload (base64/QP undone)
};

struct CaughtMail {
  std::string mail_from;                            // the envelope sender
  std::vector<std::string> rcpt_tos;                // the envelope recipients
  double received_at = 0;                           // unix seconds
  std::string subject;                              // decoded (RFC 2047)
  std::string message_id;                           // "<...>"
  std::multimap<std::string, std::string> headers;  // lower-case name → value
  std::string raw;                                  // the message as received
  std::vector<CaughtPart> parts;
  std::string file;  // the JSON file it was read from

  // The first part of this content type ("text/calendar"), or nullptr.
  const CaughtPart* FindPart(const std::string& content_type) const;
  // The first value of header `name` (any case), or "".
  std::string Header(const std::string& name) const;
};

struct SmtpCatcherOptions {
  // RCPT TO matching this (Python) regex gets "550 5.1.1 mailbox unavailable".
  std::string refuse;
  // RCPT TO matching this regex waits `stall_for` before its reply, the first
  // `stall_times` times: a test can kill the sender while it waits.
  std::string stall;
  absl::Duration stall_for = absl::Seconds(30);
  int stall_times = 1;
  // The first `fail_first` DATA transactions get "451 4.3.0 try again later".
  int fail_first = 0;
  // "USER:PASSWORD": AUTH PLAIN/LOGIN required before MAIL.
  std::string auth;
  // PEM files: STARTTLS offered and required before MAIL (MakeTestCertificate).
  std::string tls_cert;
  std::string tls_key;
  // Where messages, log.txt and stats.json go; a fresh temporary directory
  // (removed with the catcher) when empty.
  std::string dir;
  // A fixed port; 0 picks a free one.
  int port = 0;
};

// Connection and transaction counts from DIR/stats.json.
struct SmtpCatcherStats {
  int connections = 0;
  int transactions = 0;  // DATA commands, failed ones included
  int accepted = 0;
  int failed_transactions = 0;
  int refused_recipients = 0;
  int stalled_recipients = 0;
  int auth_failures = 0;
};

class SmtpCatcher {
 public:
  // Starts the catcher and waits until it listens; aborts the test binary
  // with the catcher's log when it does not within 20 s.
  explicit SmtpCatcher(SmtpCatcherOptions options = {});
  ~SmtpCatcher();
  SmtpCatcher(const SmtpCatcher&) = delete;
  SmtpCatcher& operator=(const SmtpCatcher&) = delete;

  int port() const { return port_; }
  // "smtp://127.0.0.1:PORT".
  std::string url() const;
  const std::string& dir() const { return dir_; }

  // Every message saved so far, in the order received.
  std::vector<CaughtMail> Messages() const;
  // Polls until at least `n` messages are saved or `timeout` passes; returns
  // what is there then (a test checks the size).
  std::vector<CaughtMail> WaitForMessages(
      size_t n, absl::Duration timeout = absl::Seconds(10)) const;
  SmtpCatcherStats Stats() const;
  // DIR/log.txt: every connection, command and reply; the process's output.
  std::string Log() const;

  // SIGTERM (then SIGKILL after a grace period); Kill: SIGKILL at once.
  void Stop();
  void Kill();
  bool running() { return process_ != nullptr && process_->running(); }

 private:
  SmtpCatcherOptions options_;
  std::string dir_;
  bool own_dir_ = false;
  int port_ = 0;
  std::unique_ptr<Process> process_;
};

// Parses one saved message file (exposed for tests of the catcher itself).
absl::StatusOr<CaughtMail> ReadCaughtMail(const std::string& json_path);

// A throwaway certificate authority and a server certificate for 127.0.0.1
// and localhost signed by it, made with the openssl CLI under `dir`: run the
// catcher with cert/key and the sender with --smtp_ca_file=ca_file.
struct TestCertificate {
  std::string ca_file;    // the CA certificate (PEM)
  std::string cert_file;  // the server certificate (PEM)
  std::string key_file;   // the server's private key (PEM)
};
absl::StatusOr<TestCertificate> MakeTestCertificate(const std::string& dir);

}  // namespace samen::testing

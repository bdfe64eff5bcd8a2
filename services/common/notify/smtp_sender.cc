#include "services/common/notify/smtp_sender.h"

#include <curl/curl.h>

#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"

namespace samen::notify {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// curl's lists and MIME trees, freed however Send leaves.
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
struct MimeDeleter {
  void operator()(curl_mime* m) const { curl_mime_free(m); }
};
using Mime = std::unique_ptr<curl_mime, MimeDeleter>;

void Append(Slist& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next != nullptr) {
    list.release();
    list.reset(next);
  }
}

void AddTextPart(curl_mime* mime, const std::string& body, const char* type,
                 const char* encoder) {
  curl_mimepart* part = curl_mime_addpart(mime);
  curl_mime_data(part, body.data(), body.size());
  curl_mime_type(part, type);
  curl_mime_encoder(part, encoder);
}

// multipart/mixed { multipart/alternative { text, html[, calendar] }
// [, invite.ics] }.
Mime BuildBody(CURL* curl, const Mail& mail, Slist& inline_headers) {
  Mime mixed(curl_mime_init(curl));
  curl_mime* alt = curl_mime_init(curl);
  AddTextPart(alt, mail.text, "text/plain; charset=UTF-8", "quoted-printable");
  AddTextPart(alt, mail.html, "text/html; charset=UTF-8", "quoted-printable");
  const std::string calendar_type =
      mail.calendar.has_value()
          ? absl::StrCat("text/calendar; charset=UTF-8; method=",
                         mail.calendar->method)
          : "";
  if (mail.calendar.has_value()) {
    AddTextPart(alt, mail.calendar->ics, calendar_type.c_str(), "base64");
  }
  curl_mimepart* body = curl_mime_addpart(mixed.get());
  curl_mime_subparts(body, alt);  // `body` owns `alt` from here
  curl_mime_type(body, "multipart/alternative");
  Append(inline_headers, "Content-Disposition: inline");
  curl_mime_headers(body, inline_headers.get(), /*take_ownership=*/0);
  if (mail.calendar.has_value()) {
    curl_mimepart* file = curl_mime_addpart(mixed.get());
    curl_mime_data(file, mail.calendar->ics.data(), mail.calendar->ics.size());
    curl_mime_type(
        file, absl::StrCat("application/ics; method=", mail.calendar->method)
                  .c_str());
    curl_mime_filename(file, "invite.ics");
    curl_mime_encoder(file, "base64");
  }
  return mixed;
}

Slist BuildHeaders(const Mail& mail) {
  Slist headers;
  Append(headers, absl::StrCat("Date: ", FormatMailDate(mail.date)));
  Append(headers, absl::StrCat("From: ", FormatAddress(mail.from)));
  Append(headers, absl::StrCat("To: ", FormatAddress(mail.to)));
  Append(headers, absl::StrCat("Subject: ", EncodeHeaderText(mail.subject)));
  Append(headers, absl::StrCat("Message-ID: ", mail.message_id));
  // RFC 3834: no vacation replies or other automatic answers to Samen.
  Append(headers, "Auto-Submitted: auto-generated");
  if (!mail.unsubscribe_url.empty()) {
    Append(headers,
           absl::StrCat("List-Unsubscribe: <", mail.unsubscribe_url, ">"));
  }
  return headers;
}

SendResult::Outcome OutcomeOf(CURLcode code, long smtp_code) {
  if (code == CURLE_OK) {
    return SendResult::Outcome::kSent;
  }
  // A 5xx reply to MAIL, RCPT or the data is a refusal; everything else (no
  // connection, TLS, a timeout, 4xx, a dropped line) may pass later.
  if (smtp_code >= 500 && smtp_code < 600 && code != CURLE_LOGIN_DENIED) {
    return SendResult::Outcome::kRefused;
  }
  return SendResult::Outcome::kRetry;
}

}  // namespace

struct SmtpSender::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) {
      curl_easy_cleanup(curl);
    }
  }
};

SmtpSender::SmtpSender(SmtpOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  InitCurlOnce();
}

SmtpSender::~SmtpSender() = default;

SendResult SmtpSender::Send(const Mail& mail) {
  const absl::Time began = absl::Now();
  SendResult result;
  if (handle_->curl == nullptr) {
    handle_->curl = curl_easy_init();
  } else {
    curl_easy_reset(handle_->curl);  // keeps the open connection
  }
  CURL* curl = handle_->curl;
  if (curl == nullptr) {
    result.detail = "libcurl could not start";
    return result;
  }
  char error[CURL_ERROR_SIZE] = {0};
  Slist rcpt;
  Append(rcpt, absl::StrCat("<", mail.to.email, ">"));
  Slist headers = BuildHeaders(mail);
  Slist inline_headers;
  Mime mime = BuildBody(curl, mail, inline_headers);
  const std::string from = absl::StrCat("<", mail.from.email, ">");
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime.get());
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   options_.tls == SmtpOptions::Tls::kStartTls
                       ? static_cast<long>(CURLUSESSL_ALL)
                       : static_cast<long>(CURLUSESSL_NONE));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  }
  if (!options_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const long timeout_ms =
      static_cast<long>(absl::ToInt64Milliseconds(options_.timeout));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min(timeout_ms, 10000L));
  const CURLcode code = curl_easy_perform(curl);
  long smtp_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &smtp_code);
  result.smtp_code = static_cast<int>(smtp_code);
  result.outcome = OutcomeOf(code, smtp_code);
  if (code == CURLE_OK) {
    result.detail = absl::StrCat("accepted (", smtp_code, ")");
  } else {
    result.detail = absl::StrCat(
        error[0] != '\0' ? error : curl_easy_strerror(code),
        smtp_code != 0 ? absl::StrCat(" (SMTP ", smtp_code, ")") : "");
  }
  // The options point at this call's lists; none may outlive it.
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  result.duration = absl::Now() - began;
  return result;
}

}  // namespace samen::notify

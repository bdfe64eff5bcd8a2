#include "services/partners/webhook_sender.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace samen::partners {
namespace {

constexpr size_t kMaxResponseBytes = 64 * 1024;

size_t Discard(char*, size_t size, size_t n, void* seen) {
  auto* total = static_cast<size_t*>(seen);
  *total += size * n;
  return *total > kMaxResponseBytes ? 0 : size * n;  // 0 aborts a huge answer
}

}  // namespace

void InitWebhookSender() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

WebhookResponse SendWebhook(const WebhookRequest& request,
                            absl::Duration timeout) {
  WebhookResponse out;
  const absl::Time start = absl::Now();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                           &curl_easy_cleanup);
  if (!curl) {
    out.error = "curl_easy_init failed";
    return out;
  }
  CURL* c = curl.get();
  const std::string address =
      request.target.ipv6 ? absl::StrCat("[", request.target.address, "]")
                          : request.target.address;
  const std::string pin = absl::StrCat(request.target.url.host, ":",
                                       request.target.url.port, ":", address);
  curl_slist* resolve = curl_slist_append(nullptr, pin.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve_list(
      resolve, &curl_slist_free_all);
  curl_slist* headers = nullptr;
  for (const std::string& h :
       {std::string("Content-Type: application/json"),
        absl::StrCat("webhook-id: ", request.id),
        absl::StrCat("webhook-timestamp: ", request.timestamp),
        absl::StrCat("webhook-signature: ", request.signature),
        std::string("User-Agent: Samen-Webhooks/1"), std::string("Expect:")}) {
    headers = curl_slist_append(headers, h.c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(
      headers, &curl_slist_free_all);
  size_t received = 0;
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE,
                   static_cast<long>(request.body.size()));
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, request.target.url.scheme.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &received);
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  out.http_status = static_cast<int>(status);
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && status > 0)) {
    out.error = error[0] != '\0' ? error : curl_easy_strerror(rc);
    out.http_status = 0;
  }
  out.duration = absl::Now() - start;
  return out;
}

}  // namespace samen::partners

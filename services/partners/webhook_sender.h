#pragma once

// Sends one signed webhook request with libcurl: POST of the event body to the
// checked address (pinned with CURLOPT_RESOLVE), no redirects, no proxies, a
// timeout, and at most a few kilobytes of the answer read.

#include <string>

#include "absl/time/time.h"
#include "services/partners/webhook_url_policy.h"

namespace samen::partners {

struct WebhookRequest {
  std::string url;  // as registered
  ResolvedUrl target;
  std::string id;  // webhook-id
  int64_t timestamp = 0;
  std::string signature;
  std::string body;
};

struct WebhookResponse {
  int http_status = 0;  // 0: no answer
  std::string error;    // transport error, empty when there was an answer
  absl::Duration duration;
};

// Call once before threads start (curl_global_init).
void InitWebhookSender();

WebhookResponse SendWebhook(const WebhookRequest& request,
                            absl::Duration timeout);

}  // namespace samen::partners

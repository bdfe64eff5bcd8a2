#pragma once

// Sends one signed webhook request with Boost.Beast over OpenSSL: POST of the
// event body to the checked address (ResolvedUrl: no second DNS lookup, so DNS
// rebinding cannot redirect it), TLS with the system CA roots and host name
// verification (SNI), no redirects, no proxies, one deadline for the whole
// exchange, and only the status line and headers of the answer read.

#include <string>

#include "absl/time/time.h"
#include "services/vacancies/webhook_url_policy.h"

namespace samen::vacancies {

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

// Call once before threads start (loads the CA roots once).
void InitWebhookSender();

WebhookResponse SendWebhook(const WebhookRequest& request,
                            absl::Duration timeout);

}  // namespace samen::vacancies

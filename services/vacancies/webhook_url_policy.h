#pragma once

// Where webhooks may go (server-side request forgery): the endpoint URL must be
// https and every address its host resolves to must be public, unless
// --webhooks_allow_private (development and tests) allows http and private,
// loopback and link-local addresses. Deliveries resolve again and connect to
// the address that was checked (ResolvedUrl::address), so DNS rebinding between
// the check and the connection cannot redirect them.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/vacancies/webhook_rules.h"

namespace samen::vacancies {

struct ResolvedUrl {
  WebhookUrl url;
  // The checked address to connect to (numeric), and whether it is IPv6.
  std::string address;
  bool ipv6 = false;
};

class WebhookUrlPolicy {
 public:
  explicit WebhookUrlPolicy(bool allow_private)
      : allow_private_(allow_private) {}

  bool allow_private() const { return allow_private_; }

  // Parses, resolves and checks `url`. INVALID_ARGUMENT naming `field` when
  // refused or when the host does not resolve.
  absl::StatusOr<ResolvedUrl> Check(absl::string_view url,
                                    absl::string_view field) const;

 private:
  const bool allow_private_;
};

}  // namespace samen::vacancies

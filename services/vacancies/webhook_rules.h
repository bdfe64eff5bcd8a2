#pragma once

// Pure decisions of webhook delivery (Standard Webhooks,
// https://www.standardwebhooks.com): which addresses an endpoint may point at
// (server-side request forgery), the retry schedule with jitter, the
// signature, secrets, thin payloads and who may manage endpoints. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "samen/vacancies/v1/vacancies.pb.h"
#include "services/common/auth/auth.h"
#include "services/common/retry_schedule.h"

namespace samen::vacancies {

namespace v1 = ::samen::vacancies::v1;

// ---- Addresses (SSRF) ----------------------------------------------------

// Why `ip` (a numeric IPv4 or IPv6 address) must not receive webhooks:
// "loopback", "private", "link-local", "shared (CGNAT)", "multicast",
// "unique local", "reserved", ...; nullopt for a public address, and for text
// that is no address ("not an IP address").
std::optional<std::string> ForbiddenAddressReason(absl::string_view ip);

// The parts of an endpoint URL that matter for delivery.
struct WebhookUrl {
  std::string scheme;  // "https" or "http"
  std::string host;    // without brackets for IPv6 literals
  int port = 0;
  std::string target;  // the request target: path and query, "/" when empty
};

// Parses and checks an endpoint URL: https (http only when `allow_http`), a
// host, no user name or password, no fragment, at most 2000 characters.
// INVALID_ARGUMENT naming `field`.
absl::StatusOr<WebhookUrl> ParseWebhookUrl(absl::string_view url,
                                           bool allow_http,
                                           absl::string_view field);

// ---- Retries --------------------------------------------------------------

// "5s,5m,30m,2h,5h,10h,10h,10h,10h,10h,10h": the waits after each failed
// attempt (services/common/retry_schedule.h); when they are used up the
// delivery has failed.
inline constexpr char kDefaultRetrySchedule[] =
    "5s,5m,30m,2h,5h,10h,10h,10h,10h,10h,10h";

// ---- Signatures and secrets ------------------------------------------------

// A new secret: "whsec_" and the base64 of `random_bytes` (at least 24).
std::string FormatSecret(absl::string_view random_bytes);
// The key bytes of a "whsec_..." secret; INVALID_ARGUMENT when malformed.
absl::StatusOr<std::string> SecretKey(absl::string_view secret);

// The `webhook-signature` value: "v1," and the base64 of
// HMAC-SHA256(key, "<id>.<timestamp>.<body>").
std::string SignWebhook(absl::string_view key, absl::string_view id,
                        int64_t timestamp, absl::string_view body);

// The thin payload of an event: {"type", "timestamp", "data": {"name"}}.
std::string ThinPayload(absl::string_view type, absl::string_view name,
                        absl::Time time);

// ---- Endpoints -------------------------------------------------------------

// Event types an endpoint may subscribe to.
const std::vector<std::string>& KnownEventTypes();
absl::Status ValidateEventTypes(
    const google::protobuf::RepeatedPtrField<std::string>& types,
    absl::string_view field);
// Fields UpdateWebhookEndpoint may name.
const std::vector<std::string>& UpdatableWebhookFields();

// Integration clients and administrators manage webhook endpoints.
absl::Status MayManageWebhooks(const auth::Principal& who);
// The owner (and administrators) see an endpoint; anyone else gets NOT_FOUND.
absl::Status MayUseEndpoint(const auth::Principal& who, absl::string_view owner,
                            absl::string_view name);

// "webhookEndpoints/{id}" -> id.
absl::StatusOr<std::string> ParseEndpointName(absl::string_view name,
                                              absl::string_view field);

}  // namespace samen::vacancies

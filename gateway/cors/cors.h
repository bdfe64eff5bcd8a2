#pragma once

// CORS (the Fetch standard's HTTP-side protocol) for web pages on other
// origins, with an allow-list of origins (--cors_allowed_origins).
//
// Preflights (OPTIONS with Origin and Access-Control-Request-Method) are
// answered here, never forwarded: 204 with the methods the route table has for
// the path, the request headers Samen reads, and a Max-Age; an origin not on
// the list gets 403 and no CORS headers. Actual responses to an allowed origin
// carry Access-Control-Allow-Origin and the headers scripts may read; every
// response carries `Vary: Origin` when CORS is on.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http_server.h"

namespace samen::gateway {

struct CorsOptions {
  // Exact origins ("https://app.samen.nl"), or "*" for any. Empty: CORS off.
  std::vector<std::string> allowed_origins;
  // Access-Control-Allow-Credentials: true (cookies, TLS client certificates);
  // bearer tokens in Authorization do not need it. Not allowed with "*".
  bool allow_credentials = false;
  absl::Duration max_age = absl::Hours(1);
};

// Parses --cors_allowed_origins ("https://a.example,https://b.example").
std::vector<std::string> ParseOriginList(absl::string_view text);

class Cors {
 public:
  // Fails on "*" with credentials, or an origin that is not
  // scheme://host[:port].
  static absl::Status Validate(const CorsOptions& options);

  // `options` should have passed Validate().
  explicit Cors(CorsOptions options);

  bool enabled() const { return !options_.allowed_origins.empty(); }

  // The Access-Control-Allow-Origin value for `origin`, if it is allowed.
  std::optional<std::string> AllowOrigin(absl::string_view origin) const;

  static bool IsPreflight(const HttpRequest& request);

  // The answer to a preflight for a path whose routes take `methods`.
  HttpResponse Preflight(const HttpRequest& request,
                         const std::vector<std::string>& methods) const;

  // Adds the CORS headers to an actual response for a request from `origin`
  // ("" when the request had no Origin).
  void Decorate(absl::string_view origin, HttpResponse* response) const;

 private:
  CorsOptions options_;
  bool any_ = false;
};

}  // namespace samen::gateway

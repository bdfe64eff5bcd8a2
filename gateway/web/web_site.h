#pragma once

// The web app (a PWA) at `/`, answered from memory (static_files.h) before the
// API's filter chain, like the probes:
//   * `/` and `/index.html`: the app shell; every loaded file by its path;
//   * a deep link (`/boeken`, `/coach/week`): a GET or HEAD that is no file,
//     no API or gateway path, and accepts text/html gets the shell, whose
//     client-side router takes over;
//   * a missing file (under /assets/, or a name with an extension) or a path
//     with a dot segment: 404, never the shell;
//   * other methods on the app's files: 405 with `Allow: GET, HEAD`.
// Answers carry a strong ETag per representation (If-None-Match -> 304, weak
// comparison), the file's Cache-Control, the precomputed gzip when accepted
// (`Vary: Accept-Encoding`), and the security headers; HTML also a strict
// Content-Security-Policy and `X-Frame-Options: DENY`.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gateway/filter.h"
#include "gateway/http_server.h"
#include "gateway/web/static_files.h"

namespace samen::gateway::web {

inline constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; manifest-src 'self'; "
    "worker-src 'self'; font-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; object-src 'none'";

class WebSite {
 public:
  // `api_knows`: whether the API has a route at a path (any method); such
  // paths are never deep links.
  WebSite(std::shared_ptr<const StaticFiles> files,
          std::function<bool(absl::string_view path)> api_knows);

  // The app's answer, or nullopt when the request is not the app's (the API,
  // the gateway's endpoints, a request for an unknown path that does not
  // accept HTML).
  std::optional<Reply> Answer(const Exchange& exchange) const;

  // The route templates its answers carry, for the metrics and the access
  // log: "/" (the shell, deep links), "/assets/**", "/**" (other files).
  static std::vector<std::string> Routes();

 private:
  Reply FileReply(const Exchange& exchange, const StaticFile& file,
                  std::string route, bool deep_link) const;

  const std::shared_ptr<const StaticFiles> files_;
  const std::function<bool(absl::string_view)> api_knows_;
  const StaticFile* const shell_;
};

// The headers on every answer of the app; with `html` the CSP and
// X-Frame-Options too.
void SetSecurityHeaders(bool html, HttpResponse* response);

}  // namespace samen::gateway::web

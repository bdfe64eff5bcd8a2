#include "gateway/web/web_site.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/compression/gzip.h"
#include "gateway/etag/etag.h"
#include "gateway/problem.h"
#include "gateway/replies.h"
#include "gateway/web/web_paths.h"

namespace samen::gateway::web {
namespace {

namespace http = boost::beast::http;

constexpr char kShellRoute[] = "/";
constexpr char kAssetsRoute[] = "/assets/**";
constexpr char kFilesRoute[] = "/**";

std::string RouteOf(absl::string_view path) {
  if (path == "/" || path == "/index.html") {
    return kShellRoute;
  }
  return absl::StartsWith(path, "/assets/") ? kAssetsRoute : kFilesRoute;
}

// Whether the request's If-None-Match matches `etag` (weak comparison, RFC
// 9110 §13.1.2); a malformed header is ignored.
bool NotModified(const Exchange& exchange, absl::string_view etag) {
  const std::string header = exchange.Header(http::field::if_none_match);
  if (header.empty()) {
    return false;
  }
  absl::StatusOr<EntityTagList> list = ParseEntityTags(header, "If-None-Match");
  return list.ok() && IfNoneMatchMatches(*list, etag);
}

Reply NotFound(const Exchange& exchange) {
  Reply reply =
      ProblemReply(ProblemForCode(absl::StatusCode::kNotFound,
                                  absl::StrCat("no file at ", exchange.path)),
                   exchange.context, RouteOf(exchange.path));
  SetSecurityHeaders(false, &reply.response);
  return reply;
}

Reply NotAllowed(const Exchange& exchange) {
  Reply reply = MethodNotAllowedReply(exchange.context, exchange.method,
                                      "GET, HEAD", RouteOf(exchange.path));
  SetSecurityHeaders(false, &reply.response);
  return reply;
}

}  // namespace

void SetSecurityHeaders(bool html, HttpResponse* response) {
  response->set("X-Content-Type-Options", "nosniff");
  response->set("Referrer-Policy", "same-origin");
  response->set("Cross-Origin-Opener-Policy", "same-origin");
  response->set("Cross-Origin-Resource-Policy", "same-origin");
  response->set("Permissions-Policy",
                "camera=(), microphone=(), geolocation=(), payment=()");
  if (html) {
    response->set("Content-Security-Policy", kContentSecurityPolicy);
    response->set("X-Frame-Options", "DENY");
  }
}

WebSite::WebSite(std::shared_ptr<const StaticFiles> files,
                 std::function<bool(absl::string_view)> api_knows)
    : files_(std::move(files)),
      api_knows_(std::move(api_knows)),
      shell_(files_->Find("/index.html")) {}

std::vector<std::string> WebSite::Routes() {
  return {kShellRoute, kAssetsRoute, kFilesRoute};
}

std::optional<Reply> WebSite::Answer(const Exchange& exchange) const {
  const std::string& path = exchange.path;
  if (IsReservedPath(path)) {
    return std::nullopt;
  }
  const bool read = exchange.method == "GET" || exchange.method == "HEAD";
  const StaticFile* file = path == "/" ? shell_ : files_->Find(path);
  if (file != nullptr) {
    return read ? FileReply(exchange, *file, RouteOf(path), false)
                : NotAllowed(exchange);
  }
  if (!read || api_knows_(path)) {
    return std::nullopt;
  }
  if (IsUnsafePath(path) || NamesFile(path)) {
    return NotFound(exchange);
  }
  if (!AcceptsHtml(exchange.Header(http::field::accept))) {
    return std::nullopt;
  }
  return FileReply(exchange, *shell_, kShellRoute, true);
}

Reply WebSite::FileReply(const Exchange& exchange, const StaticFile& file,
                         std::string route, bool deep_link) const {
  const bool gzip = file.has_gzip() &&
                    AcceptsGzip(exchange.Header(http::field::accept_encoding));
  const std::string& etag = gzip ? file.gzip_etag : file.etag;
  HttpResponse response;
  if (NotModified(exchange, etag)) {
    response.result(http::status::not_modified);
  } else {
    response =
        MakeResponse(200, file.content_type, gzip ? file.gzip : file.body);
    if (gzip) {
      response.set(http::field::content_encoding, "gzip");
    }
  }
  response.set(http::field::etag, absl::StrCat("\"", etag, "\""));
  response.set(http::field::cache_control, file.cache_control);
  if (file.has_gzip()) {
    AddVary(&response, "Accept-Encoding");
  }
  if (deep_link) {
    AddVary(&response, "Accept");
  }
  SetSecurityHeaders(absl::StartsWith(file.content_type, "text/html"),
                     &response);
  return Reply(std::move(response), std::move(route));
}

}  // namespace samen::gateway::web

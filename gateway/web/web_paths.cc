#include "gateway/web/web_paths.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace samen::gateway::web {
namespace {

// Extension (lower case, without the dot) -> Content-Type.
constexpr std::array<std::pair<absl::string_view, absl::string_view>, 17>
    kContentTypes = {{
        {"html", kHtmlContentType},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"webmanifest", "application/manifest+json"},
        {"json", "application/json; charset=utf-8"},
        {"map", "application/json; charset=utf-8"},
        {"txt", "text/plain; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"ico", "image/x-icon"},
        {"jpg", "image/jpeg"},
        {"webp", "image/webp"},
        {"woff2", "font/woff2"},
        {"woff", "font/woff"},
        {"xml", "application/xml; charset=utf-8"},
        {"gz", "application/gzip"},
    }};

constexpr absl::string_view kReservedPrefixes[] = {"/v1/", "/auth/", "/oauth/",
                                                   "/.well-known/"};
constexpr absl::string_view kReservedPaths[] = {
    "/v1",      "/auth",   "/oauth",   "/.well-known",
    "/healthz", "/readyz", "/metrics", "/openapi.json"};

absl::string_view LastSegment(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

// The extension of the last segment, lower-cased; "" when it has none (a
// leading dot, as in ".hidden", is no extension).
std::string Extension(absl::string_view path) {
  const absl::string_view name = LastSegment(path);
  const size_t dot = name.rfind('.');
  if (dot == absl::string_view::npos || dot == 0) {
    return "";
  }
  return absl::AsciiStrToLower(name.substr(dot + 1));
}

// The q= weight among `params` ("level=1;q=0.5"); 1 when there is none, 0
// when it is malformed.
double Weight(absl::string_view params) {
  for (absl::string_view param : absl::StrSplit(params, ';')) {
    param = absl::StripAsciiWhitespace(param);
    if (absl::StartsWithIgnoreCase(param, "q=")) {
      double q = 0;
      return absl::SimpleAtod(param.substr(2), &q) ? q : 0;
    }
  }
  return 1;
}

}  // namespace

std::string ContentTypeFor(absl::string_view path) {
  const std::string extension = Extension(path);
  for (const auto& [known, type] : kContentTypes) {
    if (extension == known) {
      return std::string(type);
    }
  }
  return "application/octet-stream";
}

bool IsCompressible(absl::string_view content_type) {
  return absl::StartsWith(content_type, "text/") ||
         absl::StartsWith(content_type, "application/json") ||
         absl::StartsWith(content_type, "application/manifest+json") ||
         absl::StartsWith(content_type, "application/xml") ||
         absl::StartsWith(content_type, "image/svg+xml") ||
         absl::StartsWith(content_type, "image/x-icon");
}

std::string CacheControlFor(absl::string_view path) {
  if (absl::StartsWith(path, "/assets/")) {
    return "public, max-age=31536000, immutable";
  }
  if (absl::StartsWith(path, "/icons/") || path == "/favicon.ico" ||
      path == "/robots.txt") {
    return "public, max-age=86400";
  }
  return "no-cache";
}

bool IsReservedPath(absl::string_view path) {
  for (absl::string_view prefix : kReservedPrefixes) {
    if (absl::StartsWith(path, prefix)) {
      return true;
    }
  }
  for (absl::string_view reserved : kReservedPaths) {
    if (path == reserved) {
      return true;
    }
  }
  return false;
}

bool IsUnsafePath(absl::string_view path) {
  if (absl::StrContains(path, '\\') ||
      absl::StrContains(path, absl::string_view("\0", 1))) {
    return true;
  }
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::StrContains(lower, "%2f") || absl::StrContains(lower, "%5c") ||
      absl::StrContains(lower, "%00")) {
    return true;
  }
  for (absl::string_view segment : absl::StrSplit(lower, '/')) {
    const std::string decoded = absl::StrReplaceAll(segment, {{"%2e", "."}});
    if (decoded == "." || decoded == "..") {
      return true;
    }
  }
  return false;
}

bool NamesFile(absl::string_view path) {
  return absl::StartsWith(path, "/assets/") || !Extension(path).empty();
}

bool AcceptsHtml(absl::string_view accept) {
  for (absl::string_view element : absl::StrSplit(accept, ',')) {
    element = absl::StripAsciiWhitespace(element);
    const size_t semi = element.find(';');
    const absl::string_view type =
        absl::StripAsciiWhitespace(element.substr(0, semi));
    if (absl::EqualsIgnoreCase(type, "text/html")) {
      return semi == absl::string_view::npos ||
             Weight(element.substr(semi + 1)) > 0;
    }
  }
  return false;
}

}  // namespace samen::gateway::web

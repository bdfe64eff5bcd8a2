#pragma once

// The web app's rules about paths and request headers, without I/O: which
// content type and cache policy a file of the dist gets, which paths belong
// to the API and the gateway's own endpoints (never the app's), which paths
// name a file (a miss is a 404, never the app shell), and whether a request
// asks for HTML (a deep link the app's router handles).

#include <string>

#include "absl/strings/string_view.h"

namespace samen::gateway::web {

inline constexpr char kHtmlContentType[] = "text/html; charset=utf-8";

// The Content-Type for a file, by its extension (lower-cased);
// application/octet-stream for an unknown one.
std::string ContentTypeFor(absl::string_view path);

// Whether a file of this type is worth gzip (text, JSON, SVG, JS, the
// manifest); images, fonts and archives are compressed already.
bool IsCompressible(absl::string_view content_type);

// The Cache-Control for the file at `path` ("/assets/app-3F2A9C1B.js"):
// content-hashed assets for a year (immutable), icons, the favicon and
// robots.txt for a day, anything else (the shell, sw.js, the manifest)
// revalidated on every use (no-cache).
std::string CacheControlFor(absl::string_view path);

// /v1/..., /auth/..., /oauth/..., /.well-known/..., /healthz, /readyz,
// /metrics, /openapi.json: the API's and the gateway's, never the app's.
bool IsReservedPath(absl::string_view path);

// A path the app cannot mean: a `.` or `..` segment (also percent-encoded),
// an encoded slash or backslash, a backslash or a NUL.
bool IsUnsafePath(absl::string_view path);

// A path that names a file (under /assets/, or a last segment with an
// extension such as "logo.png"): when no such file was loaded it is a 404,
// not the app shell.
bool NamesFile(absl::string_view path);

// Whether an Accept value lists text/html with a non-zero weight (RFC 9110
// §12.5.1): a browser navigating.
bool AcceptsHtml(absl::string_view accept);

}  // namespace samen::gateway::web

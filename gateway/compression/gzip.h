#pragma once

// Response compression: gzip (zlib) when the client accepts it and the body is
// worth it — at least 1 KiB, not already compressed (no Content-Encoding, not
// an image/audio/video/archive type). Compressible responses always carry
// `Vary: Accept-Encoding`, compressed or not, so caches keep them apart.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/http_server.h"

namespace samen::gateway {

inline constexpr size_t kMinCompressBytes = 1024;

// Whether an Accept-Encoding value allows gzip (RFC 9110 §12.5.3: "gzip",
// "x-gzip" or "*" with a non-zero weight, unless gzip itself has q=0).
bool AcceptsGzip(absl::string_view accept_encoding);

// The gzip member for `data`.
absl::StatusOr<std::string> Gzip(absl::string_view data);

// What the gzip member `data` holds; INVALID_ARGUMENT when it is not a whole
// gzip member or would inflate beyond `max_bytes`.
absl::StatusOr<std::string> Gunzip(absl::string_view data, size_t max_bytes);

// Adds `token` to the response's Vary header unless it is listed already.
void AddVary(HttpResponse* response, absl::string_view token);

// Compresses `response` in place when worth it and accepted.
void MaybeCompress(absl::string_view accept_encoding, HttpResponse* response);

}  // namespace samen::gateway

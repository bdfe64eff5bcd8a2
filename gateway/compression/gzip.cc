#include "gateway/compression/gzip.h"

#include <zlib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

// The weight of one Accept-Encoding element ("gzip;q=0.5" -> 0.5).
double Weight(absl::string_view params) {
  for (absl::string_view param : absl::StrSplit(params, ';')) {
    param = absl::StripAsciiWhitespace(param);
    if (absl::StartsWithIgnoreCase(param, "q=")) {
      double q = 1;
      if (!absl::SimpleAtod(param.substr(2), &q)) {
        return 0;
      }
      return q;
    }
  }
  return 1;
}

bool AlreadyCompressedType(absl::string_view content_type) {
  const std::string type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(
      content_type.substr(0, content_type.find(';'))));
  if (absl::StartsWith(type, "image/")) {
    return type != "image/svg+xml";
  }
  return absl::StartsWith(type, "audio/") || absl::StartsWith(type, "video/") ||
         type == "application/zip" || type == "application/gzip" ||
         type == "application/x-gzip" || type == "application/zstd" ||
         type == "application/x-7z-compressed" || type == "application/pdf" ||
         type == "text/event-stream";
}

}  // namespace

bool AcceptsGzip(absl::string_view accept_encoding) {
  double gzip = -1;
  double any = -1;
  for (absl::string_view element : absl::StrSplit(accept_encoding, ',')) {
    element = absl::StripAsciiWhitespace(element);
    const size_t semi = element.find(';');
    const std::string coding = absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(element.substr(0, semi)));
    const double q = semi == absl::string_view::npos
                         ? 1.0
                         : Weight(element.substr(semi + 1));
    if (coding == "gzip" || coding == "x-gzip") {
      gzip = std::max(gzip, q);
    } else if (coding == "*") {
      any = q;
    }
  }
  if (gzip >= 0) {
    return gzip > 0;
  }
  return any > 0;
}

absl::StatusOr<std::string> Gzip(absl::string_view data) {
  z_stream zs{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&zs, Z_FINISH);
  const size_t written = zs.total_out;
  deflateEnd(&zs);
  if (result != Z_STREAM_END) {
    return absl::InternalError(absl::StrCat("deflate failed: ", result));
  }
  out.resize(written);
  return out;
}

absl::StatusOr<std::string> Gunzip(absl::string_view data, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {
    return absl::InternalError("inflateInit2 failed");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int result = Z_OK;
  while (result == Z_OK && out.size() <= max_bytes) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    result = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - zs.avail_out);
  }
  const bool whole = result == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  if (out.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("gzip data inflates beyond ", max_bytes, " bytes"));
  }
  if (!whole) {
    return absl::InvalidArgumentError("not a whole gzip member");
  }
  return out;
}

void AddVary(HttpResponse* response, absl::string_view token) {
  auto it = response->find(http::field::vary);
  if (it == response->end()) {
    response->set(http::field::vary, std::string(token));
    return;
  }
  const std::string current(it->value());
  for (absl::string_view listed : absl::StrSplit(current, ',')) {
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(listed), token)) {
      return;
    }
  }
  response->set(http::field::vary, absl::StrCat(current, ", ", token));
}

void MaybeCompress(absl::string_view accept_encoding, HttpResponse* response) {
  if (response->body().size() < kMinCompressBytes ||
      response->find(http::field::content_encoding) != response->end() ||
      AlreadyCompressedType(AsAbsl((*response)[http::field::content_type]))) {
    return;
  }
  AddVary(response, "Accept-Encoding");
  if (!AcceptsGzip(accept_encoding)) {
    return;
  }
  absl::StatusOr<std::string> compressed = Gzip(response->body());
  if (!compressed.ok() || compressed->size() >= response->body().size()) {
    return;
  }
  response->body() = *std::move(compressed);
  response->set(http::field::content_encoding, "gzip");
  response->prepare_payload();
}

}  // namespace samen::gateway

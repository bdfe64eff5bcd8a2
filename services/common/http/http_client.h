#pragma once

// A blocking HTTP/1.1 client for the few outbound calls Samen makes (OpenID
// Connect discovery, JWKS, token endpoints): one request per call, each on its
// own connection, so calls from many threads never share state.
//
//   ASSIGN_OR_RETURN(http::HttpResponse response,
//                    http::Get("https://idp.example/jwks"));
//
// https:// URLs use TLS (OpenSSL): the peer's certificate chain is verified
// against the system CA store (plus FetchOptions::ca_file when set), SNI is
// sent, and the certificate must name the URL's host (DNS name, or IP address
// for an IP literal). Redirects are not followed: a 3xx comes back as it is.
//
// Errors:
//   INVALID_ARGUMENT    the URL is malformed or not http/https, or
//                       FetchOptions::ca_file cannot be loaded;
//   UNAVAILABLE         name resolution, connect, TLS handshake or certificate
//                       verification failed, the peer closed the connection,
//                       or the call ran past its timeout; the message names
//                       host:port and the cause;
//   RESOURCE_EXHAUSTED  the response body is larger than max_body_bytes.
// Any HTTP status (404, 500, ...) is a successful Fetch; check `status`.
//
// DNS resolution uses the system resolver and is bounded by its own timeouts,
// not by FetchOptions::timeout.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::http {

// Header or form field list, in order; names as given.
using Fields = std::vector<std::pair<std::string, std::string>>;

enum class Method { kGet, kPost };

struct HttpRequest {
  Method method = Method::kGet;
  // Absolute http:// or https:// URL; a #fragment is dropped.
  std::string url;
  // Sent as given after Host (always set from the URL), User-Agent and
  // Connection: close; Content-Length is computed for a non-empty body.
  Fields headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  // Header names lower-cased; repeated headers joined with ", ".
  std::map<std::string, std::string> headers;
  std::string body;

  // The value of header `lower_name`, or "" when absent.
  std::string Header(const std::string& lower_name) const;
};

struct FetchOptions {
  // Time allowed for connecting (TCP and TLS handshake) ...
  absl::Duration connect_timeout = absl::Seconds(5);
  // ... and for the whole call, connect included.
  absl::Duration timeout = absl::Seconds(5);
  // Largest response body accepted.
  size_t max_body_bytes = 1 << 20;
  // PEM file of extra trusted CA certificates (tests, private CAs); the system
  // store is always trusted too.
  std::string ca_file;
};

// A parsed absolute http(s) URL.
struct Url {
  std::string scheme;  // "http" or "https" (lower-cased).
  std::string host;    // Lower-cased; an IPv6 literal without brackets.
  int port = 0;        // Explicit, or 80 / 443 by scheme.
  std::string target;  // Path and query, at least "/"; no fragment.

  bool https() const { return scheme == "https"; }
  // "host:port" with IPv6 literals bracketed, for messages and Host headers.
  std::string Authority() const;
};

// Parses `url`; INVALID_ARGUMENT saying what is wrong (unsupported scheme,
// user info, bad port, empty host, spaces or control characters).
absl::StatusOr<Url> ParseUrl(absl::string_view url);

// Sends `request` and reads the whole response (see the error list above).
absl::StatusOr<HttpResponse> Fetch(const HttpRequest& request,
                                   const FetchOptions& options = {});

// Fetch of a GET request for `url` without extra headers.
absl::StatusOr<HttpResponse> Get(absl::string_view url,
                                 const FetchOptions& options = {});

// POSTs `fields` as application/x-www-form-urlencoded to `url`, with
// `headers` added (a Content-Type among them is replaced).
absl::StatusOr<HttpResponse> PostForm(absl::string_view url,
                                      const Fields& fields,
                                      const Fields& headers = {},
                                      const FetchOptions& options = {});

// application/x-www-form-urlencoded (WHATWG URL standard): unreserved
// characters [A-Za-z0-9*-._] as they are, space as '+', every other byte as
// %XX (upper-case hex); pairs joined with '&', name and value with '='.
std::string FormUrlEncode(const Fields& fields);

// One name or value escaped as FormUrlEncode does (e.g. for HTTP Basic
// credentials, RFC 6749 section 2.3.1).
std::string FormUrlEscape(absl::string_view text);

// One name or value decoded: '+' is a space, %XX a byte; INVALID_ARGUMENT for
// a '%' not followed by two hex digits.
absl::StatusOr<std::string> FormUrlUnescape(absl::string_view text);

// The inverse: '+' is a space, %XX a byte; a pair without '=' has an empty
// value; empty pairs ("a=1&&b=2") are skipped. INVALID_ARGUMENT for a '%' not
// followed by two hex digits.
absl::StatusOr<Fields> FormUrlDecode(absl::string_view encoded);

// RFC 3986 percent-encoding of everything but unreserved characters
// [A-Za-z0-9-._~] (used for query parameters and HTTP Basic credentials).
std::string PercentEncode(absl::string_view text);

}  // namespace samen::http

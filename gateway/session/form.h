#pragma once

// application/x-www-form-urlencoded bodies and query strings, and HTTP Basic
// client authentication as OAuth 2.0 defines it (RFC 6749 section 2.3.1: the
// id and the secret are each form-urlencoded before they are joined with ':'
// and base64-encoded).

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace samen::gateway::session {

// The parameters of a form body or a query string ("a=1&b=x+y"). A parameter
// sent twice is INVALID_ARGUMENT (RFC 6749 section 3.2); a name without '='
// has an empty value; empty parts are skipped.
absl::StatusOr<std::map<std::string, std::string>> ParseForm(
    absl::string_view text);

// True for `application/x-www-form-urlencoded`, parameters (charset)
// allowed, case-insensitive.
bool IsFormContentType(absl::string_view content_type);

struct BasicCredentials {
  std::string id;
  std::string secret;
};

// The client credentials of an `Authorization: Basic ...` header; nullopt
// when the header uses another scheme (or is empty); INVALID_ARGUMENT when a
// Basic header does not decode to "id:secret".
absl::StatusOr<std::optional<BasicCredentials>> ParseBasicAuth(
    absl::string_view authorization);

}  // namespace samen::gateway::session

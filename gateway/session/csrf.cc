#include "gateway/session/csrf.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace samen::gateway::session {

bool IsUnsafeMethod(absl::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

std::string OriginOf(absl::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos || scheme_end == 0) {
    return "";
  }
  const std::string scheme = absl::AsciiStrToLower(url.substr(0, scheme_end));
  absl::string_view rest = url.substr(scheme_end + 3);
  absl::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = authority.rfind('@'); at != absl::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string host = absl::AsciiStrToLower(authority);
  // The port follows the last ':' unless that is inside an IPv6 literal.
  const size_t colon = host.rfind(':');
  if (colon != std::string::npos &&
      host.find(']', colon) == std::string::npos) {
    const std::string port = host.substr(colon + 1);
    if ((scheme == "http" && port == "80") ||
        (scheme == "https" && port == "443") || port.empty()) {
      host.resize(colon);
    }
  }
  if (host.empty()) {
    return "";
  }
  return absl::StrCat(scheme, "://", host);
}

absl::Status CheckCookieHost(absl::string_view host_header,
                             absl::string_view expected_origin) {
  const absl::string_view scheme =
      expected_origin.substr(0, expected_origin.find("://"));
  if (OriginOf(absl::StrCat(scheme, "://", host_header)) == expected_origin) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("the session cookie belongs to ", expected_origin,
                   "; this request was sent to host \"", host_header, "\""));
}

absl::Status CheckCsrf(const CsrfCheck& check) {
  if (!IsUnsafeMethod(check.method)) {
    return absl::OkStatus();
  }
  if (check.token_header.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        check.method,
        " with the session cookie needs the session's anti-CSRF token in "
        "X-CSRF-Token (see GET /auth/session)"));
  }
  if (check.expected_token.empty() ||
      !ConstantTimeEquals(check.token_header, check.expected_token)) {
    return absl::PermissionDeniedError(
        "X-CSRF-Token does not match the session's anti-CSRF token");
  }
  if (!check.origin_header.empty() &&
      OriginOf(check.origin_header) != check.expected_origin) {
    return absl::PermissionDeniedError(absl::StrCat(
        "Origin ", check.origin_header, " is not ", check.expected_origin,
        ": requests with the session cookie must come from "
        "Samen's own pages"));
  }
  return absl::OkStatus();
}

}  // namespace samen::gateway::session

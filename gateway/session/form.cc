#include "gateway/session/form.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/http/http_client.h"
#include "services/common/status_macros.h"

namespace samen::gateway::session {
absl::StatusOr<std::map<std::string, std::string>> ParseForm(
    absl::string_view text) {
  ASSIGN_OR_RETURN(http::Fields fields, http::FormUrlDecode(text));
  std::map<std::string, std::string> params;
  for (auto& [name, value] : fields) {
    if (params.count(name) > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter \"", name, "\" is sent more than once"));
    }
    params.emplace(std::move(name), std::move(value));
  }
  return params;
}

bool IsFormContentType(absl::string_view content_type) {
  absl::string_view media = content_type.substr(0, content_type.find(';'));
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(media),
                                "application/x-www-form-urlencoded");
}

absl::StatusOr<std::optional<BasicCredentials>> ParseBasicAuth(
    absl::string_view authorization) {
  authorization = absl::StripAsciiWhitespace(authorization);
  const size_t space = authorization.find(' ');
  if (space == absl::string_view::npos ||
      !absl::EqualsIgnoreCase(authorization.substr(0, space), "Basic")) {
    return std::nullopt;
  }
  std::string decoded;
  if (!absl::Base64Unescape(
          absl::StripAsciiWhitespace(authorization.substr(space + 1)),
          &decoded)) {
    return absl::InvalidArgumentError(
        "the Basic credentials are not valid base64");
  }
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(
        "the Basic credentials are not client_id:client_secret");
  }
  absl::StatusOr<std::string> id =
      http::FormUrlUnescape(absl::string_view(decoded).substr(0, colon));
  absl::StatusOr<std::string> secret =
      http::FormUrlUnescape(absl::string_view(decoded).substr(colon + 1));
  if (!id.ok() || !secret.ok() || id->empty()) {
    return absl::InvalidArgumentError(
        "the Basic credentials do not decode to client_id:client_secret");
  }
  return BasicCredentials{*std::move(id), *std::move(secret)};
}

}  // namespace samen::gateway::session

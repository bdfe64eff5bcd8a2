#include "gateway/session/form.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace samen::gateway::session {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = absl::ascii_tolower(c);
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

}  // namespace

absl::StatusOr<std::string> FormDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      const bool complete = i + 2 < text.size();
      const int high = complete ? HexValue(text[i + 1]) : -1;
      const int low = complete ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("bad percent-escape in \"", text, "\""));
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> ParseForm(
    absl::string_view text) {
  std::map<std::string, std::string> params;
  for (absl::string_view part : absl::StrSplit(text, '&', absl::SkipEmpty())) {
    const size_t eq = part.find('=');
    absl::StatusOr<std::string> name = FormDecode(part.substr(0, eq));
    if (!name.ok()) {
      return name.status();
    }
    absl::StatusOr<std::string> value =
        FormDecode(eq == absl::string_view::npos ? "" : part.substr(eq + 1));
    if (!value.ok()) {
      return value.status();
    }
    if (!params.emplace(*std::move(name), *std::move(value)).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parameter \"", FormDecode(part.substr(0, eq)).value_or(""),
          "\" is sent more than once"));
    }
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
      FormDecode(absl::string_view(decoded).substr(0, colon));
  absl::StatusOr<std::string> secret =
      FormDecode(absl::string_view(decoded).substr(colon + 1));
  if (!id.ok() || !secret.ok() || id->empty()) {
    return absl::InvalidArgumentError(
        "the Basic credentials do not decode to client_id:client_secret");
  }
  return BasicCredentials{*std::move(id), *std::move(secret)};
}

}  // namespace samen::gateway::session

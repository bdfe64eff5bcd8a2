#include "gateway/session/cookies.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace samen::gateway::session {

absl::StatusOr<std::optional<std::string>> FindCookie(
    absl::string_view cookie_header, absl::string_view name) {
  std::optional<std::string> found;
  for (absl::string_view pair : absl::StrSplit(cookie_header, ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    const size_t eq = pair.find('=');
    if (eq == absl::string_view::npos ||
        absl::StripAsciiWhitespace(pair.substr(0, eq)) != name) {
      continue;
    }
    if (found.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the Cookie header carries ", name, " more than once"));
    }
    absl::string_view value = absl::StripAsciiWhitespace(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    found = std::string(value);
  }
  return found;
}

std::string SetCookie(absl::string_view name, absl::string_view value,
                      std::optional<absl::Duration> max_age) {
  std::string cookie = absl::StrCat(name, "=", value,
                                    "; Path=/; HttpOnly; Secure; SameSite=Lax");
  if (max_age.has_value()) {
    const int64_t seconds =
        std::max<int64_t>(0, absl::ToInt64Seconds(*max_age));
    absl::StrAppend(&cookie, "; Max-Age=", seconds);
  }
  return cookie;
}

std::string ClearCookie(absl::string_view name) {
  return SetCookie(name, "", absl::ZeroDuration());
}

}  // namespace samen::gateway::session

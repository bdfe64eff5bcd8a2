// URL parsing and form encoding for the HTTP client.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/http/http_client.h"

namespace samen::http {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

absl::Status BadUrl(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("invalid URL: ", why));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

void AppendEscaped(absl::string_view text, absl::string_view keep,
                   bool space_as_plus, std::string* out) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(byte) || keep.find(c) != absl::string_view::npos) {
      out->push_back(c);
    } else if (c == ' ' && space_as_plus) {
      out->push_back('+');
    } else {
      out->push_back('%');
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 0xf]);
    }
  }
}

// Splits "host[:port]" (host possibly a bracketed IPv6 literal).
absl::Status ParseAuthority(absl::string_view authority, Url* url) {
  absl::string_view host = authority;
  absl::string_view port;
  if (absl::StartsWith(authority, "[")) {
    const size_t close = authority.find(']');
    if (close == absl::string_view::npos) {
      return BadUrl("unterminated IPv6 literal");
    }
    host = authority.substr(1, close - 1);
    absl::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') {
        return BadUrl("unexpected text after IPv6 literal");
      }
      port = rest.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != absl::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
  }
  if (host.empty()) {
    return BadUrl("empty host");
  }
  for (char c : host) {
    const auto byte = static_cast<unsigned char>(c);
    if (!absl::ascii_isalnum(byte) && c != '-' && c != '.' && c != ':' &&
        c != '_') {
      return BadUrl(absl::StrCat("invalid character in host \"",
                                 absl::CEscape(host), "\""));
    }
  }
  url->host = absl::AsciiStrToLower(host);
  url->port = url->https() ? 443 : 80;
  if (!port.empty()) {
    int value = 0;
    if (port.size() > 5 || !absl::SimpleAtoi(port, &value) || value < 1 ||
        value > 65535 || !absl::ascii_isdigit(static_cast<uint8_t>(port[0]))) {
      return BadUrl(absl::StrCat("invalid port \"", absl::CEscape(port), "\""));
    }
    url->port = value;
  }
  return absl::OkStatus();
}

}  // namespace

std::string Url::Authority() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return ipv6 ? absl::StrCat("[", host, "]:", port)
              : absl::StrCat(host, ":", port);
}

absl::StatusOr<Url> ParseUrl(absl::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      return BadUrl("contains a space or control character");
    }
  }
  const size_t scheme_end = text.find("://");
  if (scheme_end == absl::string_view::npos) {
    return BadUrl("not an absolute http:// or https:// URL");
  }
  Url url;
  url.scheme = absl::AsciiStrToLower(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https") {
    return BadUrl(
        absl::StrCat("unsupported scheme \"", absl::CEscape(url.scheme), "\""));
  }
  absl::string_view rest = text.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  const size_t path_start = rest.find_first_of("/?");
  absl::string_view authority = rest.substr(0, path_start);
  if (authority.find('@') != absl::string_view::npos) {
    return BadUrl("user info (user@host) is not supported");
  }
  if (absl::Status status = ParseAuthority(authority, &url); !status.ok()) {
    return status;
  }
  if (path_start == absl::string_view::npos) {
    url.target.push_back('/');  // (GCC 12 -Wrestrict misfires on = "/")
  } else if (rest[path_start] == '?') {
    url.target = absl::StrCat("/", rest.substr(path_start));
  } else {
    url.target = std::string(rest.substr(path_start));
  }
  return url;
}

std::string FormUrlEncode(const Fields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) {
      out.push_back('&');
    }
    AppendEscaped(name, "*-._", true, &out);
    out.push_back('=');
    AppendEscaped(value, "*-._", true, &out);
  }
  return out;
}

std::string FormUrlEscape(absl::string_view text) {
  std::string out;
  AppendEscaped(text, "*-._", true, &out);
  return out;
}

absl::StatusOr<std::string> FormUrlUnescape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%') {
      const bool complete = i + 2 < text.size();
      const int high = complete ? HexValue(text[i + 1]) : -1;
      const int low = complete ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return absl::InvalidArgumentError(
            "form encoding: '%' not followed by two hex digits");
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

absl::StatusOr<Fields> FormUrlDecode(absl::string_view encoded) {
  Fields fields;
  for (absl::string_view pair : absl::StrSplit(encoded, '&')) {
    if (pair.empty()) {
      continue;
    }
    const size_t eq = pair.find('=');
    absl::StatusOr<std::string> name = FormUrlUnescape(pair.substr(0, eq));
    if (!name.ok()) {
      return name.status();
    }
    absl::StatusOr<std::string> value = FormUrlUnescape(
        eq == absl::string_view::npos ? "" : pair.substr(eq + 1));
    if (!value.ok()) {
      return value.status();
    }
    fields.emplace_back(*std::move(name), *std::move(value));
  }
  return fields;
}

std::string PercentEncode(absl::string_view text) {
  std::string out;
  AppendEscaped(text, "-._~", false, &out);
  return out;
}

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

}  // namespace samen::http

#include "services/common/notify/mail.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace samen::notify {
namespace {

// Header text is cut here (in UTF-8 characters' bytes) before it is encoded,
// so that no header line comes near SMTP's 998-octet limit.
constexpr size_t kMaxHeaderText = 240;
// Encoded text per RFC 2047 word: 45 bytes of UTF-8 -> 60 base64 characters,
// which with "=?UTF-8?B?" and "?=" stays under the 75-character limit.
constexpr size_t kBytesPerWord = 45;

bool IsAscii(absl::string_view s) {
  for (unsigned char ch : s) {
    if (ch >= 0x80) {
      return false;
    }
  }
  return true;
}

// The length of the UTF-8 character starting with `lead` (1 for a stray
// continuation byte, so a broken text still advances).
size_t CharLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// At most `max` bytes of `s`, not splitting a UTF-8 character.
absl::string_view CutAtChar(absl::string_view s, size_t max) {
  size_t end = 0;
  while (end < s.size()) {
    const size_t next = end + CharLength(static_cast<unsigned char>(s[end]));
    if (next > max || next > s.size()) {
      break;
    }
    end = next;
  }
  return s.substr(0, end);
}

std::string OneLine(absl::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      ch = ' ';
    }
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

absl::Status CheckAddress(absl::string_view email) {
  if (email.empty()) {
    return absl::InvalidArgumentError("the person has no e-mail address");
  }
  if (email.size() > 254) {
    return absl::InvalidArgumentError(
        "the e-mail address is longer than 254 characters");
  }
  for (unsigned char ch : email) {
    if (ch <= 0x20 || ch >= 0x7f || ch == '<' || ch == '>' || ch == '"' ||
        ch == ',' || ch == ';' || ch == '\\' || ch == '(' || ch == ')') {
      return absl::InvalidArgumentError(
          "the e-mail address holds a character that cannot be sent (a "
          "space, control character, quote, bracket, comma or non-ASCII)");
    }
  }
  const size_t at = email.rfind('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == email.size() ||
      email.find('@') != at) {
    return absl::InvalidArgumentError(
        "the e-mail address is not of the form name@domain");
  }
  const absl::string_view domain = email.substr(at + 1);
  if (absl::StartsWith(domain, ".") || absl::EndsWith(domain, ".") ||
      absl::StrContains(domain, "..")) {
    return absl::InvalidArgumentError(
        "the e-mail address's domain is not a domain name");
  }
  return absl::OkStatus();
}

std::string EncodeHeaderText(absl::string_view text) {
  const std::string line = OneLine(text);
  absl::string_view rest = CutAtChar(line, kMaxHeaderText);
  if (IsAscii(rest)) {
    return std::string(rest);
  }
  std::string out;
  while (!rest.empty()) {
    const absl::string_view word = CutAtChar(rest, kBytesPerWord);
    absl::StrAppend(&out, out.empty() ? "" : " ", "=?UTF-8?B?",
                    absl::Base64Escape(word), "?=");
    rest.remove_prefix(word.size());
  }
  return out;
}

std::string FormatAddress(const Address& address) {
  const std::string name = OneLine(address.display_name);
  if (name.empty()) {
    return absl::StrCat("<", address.email, ">");
  }
  std::string encoded = EncodeHeaderText(name);
  if (IsAscii(name)) {
    // A quoted-string: backslash and quote escaped, so "Smit, Ilse" stays one
    // name and no character can end the phrase early.
    std::string quoted;
    for (char ch : encoded) {
      if (ch == '"' || ch == '\\') {
        quoted.push_back('\\');
      }
      quoted.push_back(ch);
    }
    encoded = absl::StrCat("\"", quoted, "\"");
  }
  return absl::StrCat(encoded, " <", address.email, ">");
}

std::string FormatMailDate(absl::Time t) {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", t,
                          absl::UTCTimeZone());
}

std::string DomainOf(const Address& from) {
  const size_t at = from.email.rfind('@');
  return at == std::string::npos ? "samen.invalid" : from.email.substr(at + 1);
}

absl::StatusOr<Address> ParseAddress(absl::string_view text,
                                     absl::string_view flag) {
  Address out;
  absl::string_view t = absl::StripAsciiWhitespace(text);
  const size_t open = t.rfind('<');
  if (open != absl::string_view::npos && absl::EndsWith(t, ">")) {
    out.display_name =
        std::string(absl::StripAsciiWhitespace(t.substr(0, open)));
    out.display_name = std::string(
        absl::StripSuffix(absl::StripPrefix(out.display_name, "\""), "\""));
    out.email = std::string(t.substr(open + 1, t.size() - open - 2));
  } else {
    out.email = std::string(t);
  }
  if (auto s = CheckAddress(out.email); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": ", s.message()));
  }
  return out;
}

}  // namespace samen::notify

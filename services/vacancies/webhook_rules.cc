#include "services/vacancies/webhook_rules.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/errors.h"
#include "services/vacancies/resource.h"

namespace samen::vacancies {
namespace {

struct Range4 {
  uint32_t base;
  int bits;
  const char* reason;
};

constexpr uint32_t Ip4(int a, int b, int c, int d) {
  return (static_cast<uint32_t>(a) << 24) | (static_cast<uint32_t>(b) << 16) |
         (static_cast<uint32_t>(c) << 8) | static_cast<uint32_t>(d);
}

// IANA special-purpose IPv4 ranges that are not globally reachable.
constexpr Range4 kForbidden4[] = {
    {Ip4(0, 0, 0, 0), 8, "this network"},
    {Ip4(10, 0, 0, 0), 8, "private"},
    {Ip4(100, 64, 0, 0), 10, "shared (CGNAT)"},
    {Ip4(127, 0, 0, 0), 8, "loopback"},
    {Ip4(169, 254, 0, 0), 16, "link-local"},
    {Ip4(172, 16, 0, 0), 12, "private"},
    {Ip4(192, 0, 0, 0), 24, "IETF protocol assignments"},
    {Ip4(192, 0, 2, 0), 24, "documentation"},
    {Ip4(192, 88, 99, 0), 24, "6to4 relay"},
    {Ip4(192, 168, 0, 0), 16, "private"},
    {Ip4(198, 18, 0, 0), 15, "benchmarking"},
    {Ip4(198, 51, 100, 0), 24, "documentation"},
    {Ip4(203, 0, 113, 0), 24, "documentation"},
    {Ip4(224, 0, 0, 0), 4, "multicast"},
    {Ip4(240, 0, 0, 0), 4, "reserved"},
};

std::optional<std::string> Forbidden4(uint32_t ip) {
  for (const Range4& r : kForbidden4) {
    const uint32_t mask = r.bits == 0 ? 0 : ~uint32_t{0} << (32 - r.bits);
    if ((ip & mask) == r.base) {
      return std::string(r.reason);
    }
  }
  return std::nullopt;
}

uint32_t V4At(const std::array<uint8_t, 16>& a, int offset) {
  return Ip4(a[offset], a[offset + 1], a[offset + 2], a[offset + 3]);
}

bool Prefix(const std::array<uint8_t, 16>& a,
            std::initializer_list<uint8_t> bytes, int bits) {
  int i = 0;
  for (uint8_t b : bytes) {
    const int take = std::min(8, bits - i * 8);
    if (take <= 0) {
      break;
    }
    const uint8_t mask = static_cast<uint8_t>(0xFF << (8 - take));
    if ((a[i] & mask) != (b & mask)) {
      return false;
    }
    ++i;
  }
  return true;
}

std::optional<std::string> Forbidden6(const std::array<uint8_t, 16>& a) {
  const bool zero96 =
      std::all_of(a.begin(), a.begin() + 12, [](uint8_t b) { return b == 0; });
  if (zero96) {
    const uint32_t tail = V4At(a, 12);
    if (tail == 0) {
      return "unspecified";
    }
    return tail == 1 ? "loopback" : "IPv4-compatible (deprecated)";
  }
  // ::ffff:0:0/96 (IPv4-mapped): judge the IPv4 address.
  if (std::all_of(a.begin(), a.begin() + 10,
                  [](uint8_t b) { return b == 0; }) &&
      a[10] == 0xFF && a[11] == 0xFF) {
    return Forbidden4(V4At(a, 12));
  }
  // 64:ff9b::/96 (NAT64): judge the embedded IPv4 address.
  if (Prefix(a, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, 96)) {
    return Forbidden4(V4At(a, 12));
  }
  if (Prefix(a, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48)) {
    return "local NAT64";
  }
  // 2002::/16 (6to4): judge the embedded IPv4 address.
  if (Prefix(a, {0x20, 0x02}, 16)) {
    return Forbidden4(V4At(a, 2));
  }
  if (Prefix(a, {0x01, 0x00, 0, 0, 0, 0, 0, 0}, 64)) {
    return "discard-only";
  }
  if (Prefix(a, {0x20, 0x01, 0x0d, 0xb8}, 32)) {
    return "documentation";
  }
  if (Prefix(a, {0x20, 0x01, 0x00, 0x00}, 32)) {
    return "Teredo";
  }
  if (Prefix(a, {0x20, 0x01, 0x00}, 23)) {
    return "IETF protocol assignments";
  }
  if (Prefix(a, {0xfc}, 7)) {
    return "unique local";
  }
  if (Prefix(a, {0xfe, 0x80}, 10)) {
    return "link-local";
  }
  if (Prefix(a, {0xfe, 0xc0}, 10)) {
    return "site-local (deprecated)";
  }
  if (Prefix(a, {0xff}, 8)) {
    return "multicast";
  }
  // Only global unicast (2000::/3) is public.
  if (!Prefix(a, {0x20}, 3)) {
    return "reserved";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ForbiddenAddressReason(absl::string_view ip) {
  const std::string text(ip);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return Forbidden4(ntohl(v4.s_addr));
  }
  std::array<uint8_t, 16> v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) {
    return Forbidden6(v6);
  }
  return std::string("not an IP address");
}

absl::StatusOr<WebhookUrl> ParseWebhookUrl(absl::string_view url,
                                           bool allow_http,
                                           absl::string_view field) {
  if (url.empty()) {
    return InvalidField(field, "is required");
  }
  if (url.size() > 2000 || std::any_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 ||
               static_cast<unsigned char>(c) >= 0x7F;
      })) {
    return InvalidField(
        field, "must be a URL of at most 2000 printable ASCII characters");
  }
  WebhookUrl out;
  absl::string_view rest = url;
  if (absl::ConsumePrefix(&rest, "https://")) {
    out.scheme = "https";
    out.port = 443;
  } else if (absl::ConsumePrefix(&rest, "http://")) {
    if (!allow_http) {
      return InvalidField(field, "must use https");
    }
    out.scheme = "http";
    out.port = 80;
  } else {
    return InvalidField(field, "must be an https:// URL");
  }
  if (absl::StrContains(url, "#")) {
    return InvalidField(field, "must not have a fragment");
  }
  const absl::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (absl::StrContains(authority, "@")) {
    return InvalidField(field, "must not carry a user name or password");
  }
  absl::string_view host = authority;
  absl::string_view port;
  if (absl::StartsWith(authority, "[")) {
    const size_t close = authority.find(']');
    if (close == absl::string_view::npos) {
      return InvalidField(field, "has an unterminated IPv6 address");
    }
    host = authority.substr(1, close - 1);
    absl::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!absl::ConsumePrefix(&after, ":")) {
        return InvalidField(field, "has a malformed host");
      }
      port = after;
    }
  } else if (const size_t colon = authority.rfind(':');
             colon != absl::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host.size() > 253) {
    return InvalidField(field, "needs a host");
  }
  for (char c : host) {
    if (!(absl::ascii_isalnum(c) || c == '-' || c == '.' || c == ':')) {
      return InvalidField(field, "has a malformed host");
    }
  }
  if (!port.empty() && (!absl::SimpleAtoi(port, &out.port) || out.port < 1 ||
                        out.port > 65535)) {
    return InvalidField(field, "has a malformed port");
  }
  out.host = absl::AsciiStrToLower(host);
  const absl::string_view target = rest.substr(authority.size());
  out.target = target.empty() || target.front() == '?'
                   ? absl::StrCat("/", target)
                   : std::string(target);
  return out;
}

std::string FormatSecret(absl::string_view random_bytes) {
  return absl::StrCat("whsec_", absl::Base64Escape(random_bytes));
}

absl::StatusOr<std::string> SecretKey(absl::string_view secret) {
  std::string key;
  if (!absl::ConsumePrefix(&secret, "whsec_") ||
      !absl::Base64Unescape(secret, &key) || key.size() < 24) {
    return absl::InvalidArgumentError(
        "a webhook secret is whsec_ and base64 of 24+ bytes");
  }
  return key;
}

std::string SignWebhook(absl::string_view key, absl::string_view id,
                        int64_t timestamp, absl::string_view body) {
  const std::string content = absl::StrCat(id, ".", timestamp, ".", body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(),
       mac, &len);
  return absl::StrCat("v1,", absl::Base64Escape(absl::string_view(
                                 reinterpret_cast<const char*>(mac), len)));
}

std::string ThinPayload(absl::string_view type, absl::string_view name,
                        absl::Time time) {
  google::protobuf::Struct doc;
  auto& f = *doc.mutable_fields();
  f["type"].set_string_value(std::string(type));
  f["timestamp"].set_string_value(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", time, absl::UTCTimeZone()));
  google::protobuf::Struct data;
  (*data.mutable_fields())["name"].set_string_value(std::string(name));
  *f["data"].mutable_struct_value() = std::move(data);
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(doc, &json);
  return json;
}

const std::vector<std::string>& KnownEventTypes() {
  static const auto* types = new std::vector<std::string>{
      "vacancy.published", "vacancy.updated", "vacancy.closed"};
  return *types;
}

absl::Status ValidateEventTypes(
    const google::protobuf::RepeatedPtrField<std::string>& types,
    absl::string_view field) {
  for (int i = 0; i < types.size(); ++i) {
    const auto& known = KnownEventTypes();
    if (std::find(known.begin(), known.end(), types[i]) == known.end()) {
      return InvalidField(
          absl::StrCat(field, "[", i, "]"),
          "must be vacancy.published, vacancy.updated or vacancy.closed");
    }
    for (int k = 0; k < i; ++k) {
      if (types[k] == types[i]) {
        return InvalidField(absl::StrCat(field, "[", i, "]"),
                            "is listed twice");
      }
    }
  }
  return absl::OkStatus();
}

const std::vector<std::string>& UpdatableWebhookFields() {
  static const auto* fields = new std::vector<std::string>{
      "url", "event_types", "description", "state"};
  return *fields;
}

absl::Status MayManageWebhooks(const auth::Principal& who) {
  if (who.IsAdmin() || who.HasRole(auth::kIntegration)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "webhook endpoints are for integration clients");
}

absl::Status MayUseEndpoint(const auth::Principal& who, absl::string_view owner,
                            absl::string_view name) {
  if (who.IsAdmin() || (!who.subject.empty() && who.subject == owner)) {
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat(name, " does not exist"));
}

absl::StatusOr<std::string> ParseEndpointName(absl::string_view name,
                                              absl::string_view field) {
  return ParseName(name, "webhookEndpoints", field);
}

}  // namespace samen::vacancies

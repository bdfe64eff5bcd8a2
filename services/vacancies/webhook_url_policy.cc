#include "services/vacancies/webhook_url_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace samen::vacancies {

absl::StatusOr<ResolvedUrl> WebhookUrlPolicy::Check(
    absl::string_view url, absl::string_view field) const {
  auto parsed = ParseWebhookUrl(url, allow_private_, field);
  if (!parsed.ok()) {
    return parsed.status();
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(parsed->host.c_str(), nullptr, &hints, &found);
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, &freeaddrinfo);
  if (rc != 0 || found == nullptr) {
    return InvalidField(
        field, absl::StrCat("the host ", parsed->host, " does not resolve"));
  }
  ResolvedUrl out;
  out.url = *parsed;
  // Every address must be public: a name that also resolves to a private one
  // could be answered with it on the next lookup.
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw =
        a->ai_family == AF_INET
            ? static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)
                       ->sin6_addr);
    if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) ||
        inet_ntop(a->ai_family, raw, text, sizeof(text)) == nullptr) {
      continue;
    }
    if (!allow_private_) {
      if (auto reason = ForbiddenAddressReason(text); reason.has_value()) {
        return InvalidField(
            field, absl::StrCat("the host resolves to a ", *reason,
                                " address; webhooks go to public addresses"));
      }
    }
    if (out.address.empty()) {
      out.address = text;
      out.ipv6 = a->ai_family == AF_INET6;
    }
  }
  if (out.address.empty()) {
    return InvalidField(
        field, absl::StrCat("the host ", parsed->host, " has no IP address"));
  }
  return out;
}

}  // namespace samen::vacancies

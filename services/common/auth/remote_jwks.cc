#include "services/common/auth/remote_jwks.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/logging.h"

namespace samen::auth {
namespace {

bool Contains(const KeySet& keys, absl::string_view kid) {
  return std::any_of(
      keys.begin(), keys.end(),
      [&](const internal::PublicKey& key) { return key.kid == kid; });
}

// GET `url` and parse the JWKS; the max-age its Cache-Control allows, if any.
absl::StatusOr<std::pair<KeySet, std::optional<absl::Duration>>> FetchJwks(
    const std::string& url, const http::FetchOptions& options) {
  absl::StatusOr<http::HttpResponse> response = http::Get(url, options);
  if (!response.ok()) {
    return response.status();
  }
  if (response->status != 200) {
    return absl::UnavailableError(absl::StrCat(
        "JWKS URL ", url, " answered HTTP status ", response->status));
  }
  absl::StatusOr<KeySet> keys =
      internal::ParseJwks(response->body, absl::StrCat("URL ", url));
  if (!keys.ok()) {
    return absl::UnavailableError(keys.status().message());
  }
  return std::make_pair(*std::move(keys),
                        CacheControlMaxAge(response->Header("cache-control")));
}

}  // namespace

std::optional<absl::Duration> CacheControlMaxAge(absl::string_view value) {
  std::optional<absl::Duration> max_age;
  for (absl::string_view directive : absl::StrSplit(value, ',')) {
    directive = absl::StripAsciiWhitespace(directive);
    if (absl::EqualsIgnoreCase(directive, "no-store") ||
        absl::EqualsIgnoreCase(directive, "no-cache")) {
      return absl::ZeroDuration();
    }
    if (!absl::StartsWithIgnoreCase(directive, "max-age=")) {
      continue;
    }
    absl::string_view number = directive.substr(8);
    if (absl::ConsumePrefix(&number, "\"")) {
      absl::ConsumeSuffix(&number, "\"");
    }
    int64_t seconds = 0;
    if (!absl::SimpleAtoi(number, &seconds) || seconds < 0) {
      return std::nullopt;
    }
    max_age = absl::Seconds(seconds);
  }
  return max_age;
}

RemoteJwks::RemoteJwks(RemoteJwksOptions options)
    : options_(std::move(options)) {}

absl::Time RemoteJwks::Now() const {
  return options_.now ? options_.now() : absl::Now();
}

int RemoteJwks::fetch_count() const {
  absl::MutexLock lock(&mu_);
  return fetches_;
}

RemoteJwks::Need RemoteJwks::Assess(absl::string_view kid,
                                    absl::Time now) const {
  if (now - last_failure_ < options_.retry_interval) {
    return Need::kNone;
  }
  if (keys_ == nullptr || now >= expires_) {
    return Need::kStale;
  }
  if (!kid.empty() && !Contains(*keys_, kid) &&
      now - last_unknown_kid_fetch_ >= options_.unknown_kid_interval) {
    return Need::kUnknownKid;
  }
  return Need::kNone;
}

absl::StatusOr<std::shared_ptr<const KeySet>> RemoteJwks::Keys(
    absl::string_view kid) {
  {
    absl::MutexLock lock(&mu_);
    if (Assess(kid, Now()) == Need::kNone) {
      if (keys_ != nullptr) {
        return keys_;
      }
      return last_error_;
    }
  }
  absl::MutexLock fetch_lock(&fetch_mu_);
  const absl::Time now = Now();
  bool fetch = false;
  {
    // Another caller may have fetched while this one waited for fetch_mu_.
    absl::MutexLock lock(&mu_);
    fetch = Assess(kid, now) != Need::kNone;
    if (fetch && !kid.empty() && keys_ != nullptr && !Contains(*keys_, kid)) {
      last_unknown_kid_fetch_ = now;
    }
  }
  if (fetch) {
    Refresh(now).IgnoreError();  // Logged; the last good set stays.
  }
  absl::MutexLock lock(&mu_);
  if (keys_ != nullptr) {
    return keys_;
  }
  return last_error_;
}

absl::Status RemoteJwks::Refresh(absl::Time now) {
  auto fetched = FetchJwks(options_.url, options_.fetch);
  absl::MutexLock lock(&mu_);
  ++fetches_;
  if (!fetched.ok()) {
    last_failure_ = now;
    last_error_ = absl::UnavailableError(absl::StrCat(
        "no JWKS keys from ", options_.url, ": ", fetched.status().message()));
    log::Warning(
        "JWKS fetch failed",
        {{"url", options_.url},
         {"error", std::string(fetched.status().message())},
         {"keeping_cached_keys", keys_ != nullptr ? "true" : "false"}});
    return last_error_;
  }
  const absl::Duration max_age =
      std::clamp(fetched->second.value_or(options_.default_max_age),
                 options_.min_max_age, options_.max_max_age);
  keys_ = std::make_shared<const KeySet>(std::move(fetched->first));
  expires_ = now + max_age;
  last_failure_ = absl::InfinitePast();
  last_error_ = absl::OkStatus();
  return absl::OkStatus();
}

}  // namespace samen::auth

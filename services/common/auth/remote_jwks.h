#pragma once

// Public keys fetched from a JWKS URL (an identity provider's `jwks_uri`, or
// Samen's own published keys), cached and refreshed:
//
//  - lazily: nothing is fetched at construction; the first Keys() call fetches,
//    so a service can start before the JWKS publisher is up;
//  - when older than the response's Cache-Control max-age, clamped to
//    [min_max_age, max_max_age] (default 1 min .. 24 h; 10 min without one);
//  - when a token names a `kid` the cached set lacks (key rotation), at most
//    once per unknown_kid_interval (30 s), so junk kids cannot make Samen
//    hammer the publisher;
//  - on a failed fetch the last good set stays in use (and the failure is
//    logged); the next attempt waits retry_interval.
//
// Thread-safe: concurrent callers share one fetch at a time; readers never
// wait for a fetch when a usable set is cached and fresh.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/auth/jwks.h"
#include "services/common/http/http_client.h"

namespace samen::auth {

using KeySet = std::vector<internal::PublicKey>;

struct RemoteJwksOptions {
  // The JWKS document's http(s) URL.
  std::string url;
  // Timeouts, size limit (JWKS documents are small) and an extra CA file.
  http::FetchOptions fetch;
  // Freshness when the response has no usable Cache-Control max-age ...
  absl::Duration default_max_age = absl::Minutes(10);
  // ... and the bounds a max-age is clamped to.
  absl::Duration min_max_age = absl::Minutes(1);
  absl::Duration max_max_age = absl::Hours(24);
  // Least time between refetches caused by unknown key ids.
  absl::Duration unknown_kid_interval = absl::Seconds(30);
  // Least time between a failed fetch and the next attempt.
  absl::Duration retry_interval = absl::Seconds(5);
  // The clock; absl::Now when empty (tests inject their own).
  std::function<absl::Time()> now;
};

class RemoteJwks {
 public:
  explicit RemoteJwks(RemoteJwksOptions options);
  RemoteJwks(const RemoteJwks&) = delete;
  RemoteJwks& operator=(const RemoteJwks&) = delete;

  // The key set to check a token whose header carries `kid` (empty when it has
  // none): the cached set, refreshed first when stale or (throttled) when it
  // lacks `kid`. A set lacking `kid` may still be returned; the caller decides
  // that the key is unknown. UNAVAILABLE only when no set was ever fetched and
  // fetching fails now (or failed within retry_interval).
  absl::StatusOr<std::shared_ptr<const KeySet>> Keys(absl::string_view kid)
      ABSL_LOCKS_EXCLUDED(mu_, fetch_mu_);

  // Successful and failed fetches so far (for tests and metrics).
  int fetch_count() const ABSL_LOCKS_EXCLUDED(mu_);

  const std::string& url() const { return options_.url; }

 private:
  // Why Keys() wants a fetch, if it does.
  enum class Need { kNone, kStale, kUnknownKid };

  Need Assess(absl::string_view kid, absl::Time now) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Fetches and installs a new set; returns the error of a failed fetch.
  absl::Status Refresh(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(fetch_mu_)
      ABSL_LOCKS_EXCLUDED(mu_);
  absl::Time Now() const;

  const RemoteJwksOptions options_;
  // Held across a fetch so that concurrent callers do not fetch twice.
  absl::Mutex fetch_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable absl::Mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  absl::Time expires_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Time last_unknown_kid_fetch_ ABSL_GUARDED_BY(mu_) =
      absl::InfinitePast();
  absl::Time last_failure_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
  int fetches_ ABSL_GUARDED_BY(mu_) = 0;
};

// The max-age of a Cache-Control header value ("public, max-age=3600"), or
// nullopt when absent or malformed; no-store / no-cache count as 0.
std::optional<absl::Duration> CacheControlMaxAge(absl::string_view value);

}  // namespace samen::auth

#pragma once

// Rate limiting at the edge: a token bucket per caller — the verified token's
// subject, or the client address for anonymous calls — refilled at `rps` up to
// `burst`. In-process, per gateway replica: with N replicas behind a load
// balancer a caller gets up to N times the rate, which is what an edge limit
// against floods and runaway clients needs; quotas that must hold across
// replicas belong in the services' database.
//
// Buckets live in a flat_hash_map split into shards, each behind its own
// absl::Mutex. A bucket idle long enough to be full again is the same as none,
// so each shard drops those now and then (at most once per refill period).
//
// Headers (draft-ietf-httpapi-ratelimit-headers-09):
//   RateLimit-Policy: "edge";q=<burst>;w=<seconds to refill an empty bucket>
//   RateLimit: "edge";r=<tokens left>;t=<seconds until the bucket is full>
// and on 429, Retry-After: <seconds until one token is back>.

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gateway/http_server.h"

namespace samen::gateway {

struct RateLimitOptions {
  // Tokens per second; 0 turns rate limiting off.
  double rps = 0;
  // Bucket size: the requests a caller may send at once.
  int burst = 0;
  // Proxies in front of the gateway whose X-Forwarded-For entries are trusted
  // for the client address (0: the TCP peer is the client).
  int trusted_proxy_hops = 0;
  // The policy's name in the RateLimit headers.
  std::string policy = "edge";
};

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    int remaining = 0;
    // Seconds until the bucket is full again.
    int reset_seconds = 0;
    // Seconds until a request would be allowed (0 when allowed).
    int retry_after_seconds = 0;
  };

  explicit RateLimiter(RateLimitOptions options, int shards = 16);

  bool enabled() const { return options_.rps > 0 && options_.burst > 0; }

  // Takes one token from `key`'s bucket if there is one.
  Decision Acquire(absl::string_view key, absl::Time now);

  // Sets RateLimit-Policy and RateLimit (and Retry-After when refused).
  void SetHeaders(const Decision& decision, HttpResponse* response) const;

  // Buckets currently held (tests, metrics).
  size_t bucket_count() const;

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time last;
  };
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, Bucket> buckets ABSL_GUARDED_BY(mu);
    absl::Time last_sweep ABSL_GUARDED_BY(mu) = absl::InfinitePast();
  };
  void Sweep(Shard& shard, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);

  const RateLimitOptions options_;
  // Time for an empty bucket to fill up.
  const absl::Duration refill_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

// The rate-limit key of a caller: "sub:<subject>" when the token was verified,
// else "ip:<address>" — the TCP peer, or with `trusted_proxy_hops` > 0 the
// X-Forwarded-For entry that many hops from the right.
std::string RateLimitKey(absl::string_view subject,
                         absl::string_view remote_address,
                         absl::string_view forwarded_for,
                         int trusted_proxy_hops);

}  // namespace samen::gateway

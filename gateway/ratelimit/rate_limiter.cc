#include "gateway/ratelimit/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

int CeilSeconds(double seconds) {
  return static_cast<int>(std::ceil(std::max(0.0, seconds) - 1e-9));
}

}  // namespace

RateLimiter::RateLimiter(RateLimitOptions options, int shards)
    : options_(options),
      refill_(options.rps > 0 ? absl::Seconds(options.burst / options.rps)
                              : absl::ZeroDuration()) {
  for (int i = 0; i < std::max(1, shards); ++i) {
    shards_.push_back(std::make_unique<Shard>());
  }
}

RateLimiter::Decision RateLimiter::Acquire(absl::string_view key,
                                           absl::Time now) {
  Decision decision;
  if (!enabled()) {
    return decision;
  }
  Shard& shard = *shards_[absl::HashOf(key) % shards_.size()];
  const double burst = options_.burst;
  double tokens = 0;
  {
    absl::MutexLock lock(&shard.mu);
    Sweep(shard, now);
    auto [it, inserted] = shard.buckets.try_emplace(key);
    Bucket& bucket = it->second;
    if (inserted) {
      bucket.tokens = burst;
    } else {
      const double elapsed =
          std::max(0.0, absl::ToDoubleSeconds(now - bucket.last));
      bucket.tokens = std::min(burst, bucket.tokens + elapsed * options_.rps);
    }
    bucket.last = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
    } else {
      decision.allowed = false;
    }
    tokens = bucket.tokens;
  }
  decision.remaining = static_cast<int>(std::floor(tokens));
  decision.reset_seconds = CeilSeconds((burst - tokens) / options_.rps);
  if (!decision.allowed) {
    decision.retry_after_seconds =
        std::max(1, CeilSeconds((1 - tokens) / options_.rps));
  }
  return decision;
}

void RateLimiter::Sweep(Shard& shard, absl::Time now) {
  const absl::Duration period = std::max(refill_, absl::Seconds(1));
  if (now - shard.last_sweep < period) {
    return;
  }
  shard.last_sweep = now;
  absl::erase_if(shard.buckets, [&](const auto& entry) {
    const Bucket& b = entry.second;
    return b.tokens + absl::ToDoubleSeconds(now - b.last) * options_.rps >=
           options_.burst;
  });
}

size_t RateLimiter::bucket_count() const {
  size_t n = 0;
  for (const auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    n += shard->buckets.size();
  }
  return n;
}

void RateLimiter::SetHeaders(const Decision& decision,
                             HttpResponse* response) const {
  if (!enabled()) {
    return;
  }
  response->set(
      "RateLimit-Policy",
      absl::StrCat(
          "\"", options_.policy, "\";q=", options_.burst, ";w=",
          std::max<int64_t>(1, CeilSeconds(absl::ToDoubleSeconds(refill_)))));
  response->set("RateLimit",
                absl::StrCat("\"", options_.policy, "\";r=", decision.remaining,
                             ";t=", decision.reset_seconds));
  if (!decision.allowed) {
    response->set(http::field::retry_after,
                  absl::StrCat(decision.retry_after_seconds));
  }
}

std::string RateLimitKey(absl::string_view subject,
                         absl::string_view remote_address,
                         absl::string_view forwarded_for,
                         int trusted_proxy_hops) {
  if (!subject.empty()) {
    return absl::StrCat("sub:", subject);
  }
  absl::string_view address = remote_address;
  if (trusted_proxy_hops > 0 && !forwarded_for.empty()) {
    std::vector<absl::string_view> hops =
        absl::StrSplit(forwarded_for, ',', absl::SkipWhitespace());
    if (!hops.empty()) {
      const size_t index =
          hops.size() > static_cast<size_t>(trusted_proxy_hops - 1)
              ? hops.size() - static_cast<size_t>(trusted_proxy_hops)
              : 0;
      address = absl::StripAsciiWhitespace(hops[index]);
    }
  }
  return absl::StrCat("ip:", address);
}

}  // namespace samen::gateway

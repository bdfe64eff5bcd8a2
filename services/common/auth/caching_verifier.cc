#include "services/common/auth/caching_verifier.h"

#include "absl/hash/hash.h"

namespace samen::auth::internal {

absl::StatusOr<Principal> CachingVerifier::Verify(absl::string_view token,
                                                  absl::Time now) const {
  Shard& shard = shards_[absl::Hash<absl::string_view>()(token) % kShards];
  {
    absl::MutexLock lock(&shard.mu);
    auto it = shard.entries.find(token);
    if (it != shard.entries.end()) {
      if (now < it->second.expires) {
        return it->second;
      }
      shard.entries.erase(it);
    }
  }
  absl::StatusOr<Principal> principal = inner_->Verify(token, now);
  if (principal.ok() && now < principal->expires) {
    absl::MutexLock lock(&shard.mu);
    if (shard.entries.size() >= max_per_shard_) {
      shard.entries.clear();
    }
    shard.entries.emplace(std::string(token), *principal);
  }
  return principal;
}

}  // namespace samen::auth::internal

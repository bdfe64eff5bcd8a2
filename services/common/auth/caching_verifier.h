#pragma once

// A TokenVerifier that remembers the principals of tokens it verified, until
// they expire. Only successful verifications are kept, keyed by the exact token
// text, so a cached answer is one the inner verifier gave for the same bytes.
// Sharded to keep lock contention low; a full shard is emptied (tokens simply
// verify again).

#include <array>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/common/auth/auth.h"

namespace samen::auth::internal {

class CachingVerifier final : public TokenVerifier {
 public:
  CachingVerifier(std::unique_ptr<TokenVerifier> inner, size_t max_entries)
      : inner_(std::move(inner)),
        max_per_shard_(std::max<size_t>(1, max_entries / kShards)) {}

  absl::StatusOr<Principal> Verify(absl::string_view token,
                                   absl::Time now) const override;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, Principal> entries ABSL_GUARDED_BY(mu);
  };

  std::unique_ptr<TokenVerifier> inner_;
  const size_t max_per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace samen::auth::internal

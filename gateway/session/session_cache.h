#pragma once

// What the gateway remembers of a web session between requests: its current
// access token and anti-CSRF token, keyed by the SHA-256 of the session
// secret (the secret itself is never a key, never logged). An entry is fresh
// for at most 30 s and never beyond the token's expiry minus 30 s, so an
// ended session stops working within 30 s on every replica; the cache is
// bounded and drops its oldest entries first.

#include <list>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace samen::gateway::session {

struct CachedSession {
  std::string access_token;
  std::string csrf_token;
  absl::Time fresh_until;
};

class SessionCache {
 public:
  static constexpr absl::Duration kMaxAge = absl::Seconds(30);
  // Tokens are not handed out in their last 30 s.
  static constexpr absl::Duration kExpiryMargin = absl::Seconds(30);

  explicit SessionCache(size_t max_entries = 10000);

  // The key for a session secret: its SHA-256, hex.
  static std::string KeyFor(absl::string_view session_secret);

  // The entry for `key` while it is fresh at `now`.
  std::optional<CachedSession> Find(const std::string& key, absl::Time now);
  // Remembers a session until min(now + 30 s, token_expiry - 30 s); nothing
  // when that is not in the future.
  void Put(const std::string& key, std::string access_token,
           std::string csrf_token, absl::Time token_expiry, absl::Time now);
  void Erase(const std::string& key);
  size_t size() const;

 private:
  struct Entry {
    CachedSession session;
    std::list<std::string>::iterator age;
  };
  void EraseLocked(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_entries_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Keys, oldest first.
  std::list<std::string> ages_ ABSL_GUARDED_BY(mu_);
};

}  // namespace samen::gateway::session

#include "gateway/session/session_cache.h"

#include <openssl/evp.h>

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"

namespace samen::gateway::session {

SessionCache::SessionCache(size_t max_entries)
    : max_entries_(std::max<size_t>(1, max_entries)) {}

std::string SessionCache::KeyFor(absl::string_view session_secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(session_secret.data(), session_secret.size(), digest, &length,
             EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

std::optional<CachedSession> SessionCache::Find(const std::string& key,
                                                absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return std::nullopt;
  }
  if (it->second.session.fresh_until <= now) {
    EraseLocked(key);
    return std::nullopt;
  }
  return it->second.session;
}

void SessionCache::Put(const std::string& key, std::string access_token,
                       std::string csrf_token, absl::Time token_expiry,
                       absl::Time now) {
  const absl::Time fresh_until =
      std::min(now + kMaxAge, token_expiry - kExpiryMargin);
  absl::MutexLock lock(&mu_);
  EraseLocked(key);
  if (fresh_until <= now) {
    return;
  }
  while (entries_.size() >= max_entries_ && !ages_.empty()) {
    const std::string oldest = ages_.front();
    EraseLocked(oldest);
  }
  ages_.push_back(key);
  entries_.emplace(key, Entry{CachedSession{std::move(access_token),
                                            std::move(csrf_token), fresh_until},
                              std::prev(ages_.end())});
}

void SessionCache::Erase(const std::string& key) {
  absl::MutexLock lock(&mu_);
  EraseLocked(key);
}

size_t SessionCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

void SessionCache::EraseLocked(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return;
  }
  ages_.erase(it->second.age);
  entries_.erase(it);
}

}  // namespace samen::gateway::session

#pragma once

// FNV-1a, 64 bits: the stable, non-cryptographic hash behind etags and page
// token fingerprints (they must not change between releases or replicas).

#include <cstdint>

#include "absl/strings/string_view.h"

namespace samen::resource {

inline uint64_t Fnv1a(absl::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace samen::resource

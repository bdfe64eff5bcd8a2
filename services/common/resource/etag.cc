#include "services/common/resource/etag.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "services/common/errors.h"
#include "services/common/resource/fnv1a.h"

namespace samen::resource {

std::string MakeEtag(absl::string_view name, int64_t version,
                     absl::Time create_time) {
  return absl::StrFormat(
      "%x-%016x", static_cast<uint64_t>(version),
      Fnv1a(absl::StrCat(name, "@", absl::ToUnixMicros(create_time))));
}

absl::Status CheckEtag(absl::string_view requested, absl::string_view stored) {
  absl::string_view r = requested;
  absl::ConsumePrefix(&r, "W/");
  if (r.size() >= 2 && r.front() == '"' && r.back() == '"') {
    r = r.substr(1, r.size() - 2);
  }
  if (r.empty() || r == stored) {
    return absl::OkStatus();
  }
  return WithReason(
      absl::AbortedError("etag does not match: the resource changed since you "
                         "read it; read it again and retry"),
      "ETAG_MISMATCH");
}

}  // namespace samen::resource

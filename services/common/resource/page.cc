#include "services/common/resource/page.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"
#include "services/common/resource/fnv1a.h"

namespace samen::resource {

absl::StatusOr<int> EffectivePageSize(int32_t requested, int default_size,
                                      int max_size) {
  if (requested < 0) {
    return InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) {
    return default_size;
  }
  return std::min<int>(requested, max_size);
}

std::string EncodePageToken(absl::string_view last_key,
                            absl::string_view filter_fingerprint) {
  return absl::WebSafeBase64Escape(
      absl::StrFormat("1:%016x:%s", Fnv1a(filter_fingerprint), last_key));
}

absl::StatusOr<std::string> DecodePageToken(
    absl::string_view token, absl::string_view filter_fingerprint) {
  if (token.empty()) {
    return std::string();
  }
  std::string raw;
  if (token.size() > 1024 || !absl::WebSafeBase64Unescape(token, &raw)) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  std::vector<absl::string_view> parts =
      absl::StrSplit(raw, absl::MaxSplits(':', 2));
  if (parts.size() != 3 || parts[0] != "1" || parts[2].empty()) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  if (parts[1] != absl::StrFormat("%016x", Fnv1a(filter_fingerprint))) {
    return InvalidField(
        "page_token",
        "belongs to a listing with other filters; start again without it");
  }
  return std::string(parts[2]);
}

absl::StatusOr<PageQuery> ReadPageQuery(int32_t page_size,
                                        absl::string_view page_token,
                                        std::string fingerprint,
                                        int default_size, int max_size) {
  PageQuery query;
  ASSIGN_OR_RETURN(query.size,
                   EffectivePageSize(page_size, default_size, max_size));
  ASSIGN_OR_RETURN(query.after, DecodePageToken(page_token, fingerprint));
  query.fingerprint = std::move(fingerprint);
  return query;
}

}  // namespace samen::resource

#pragma once

// List paging (AIP-158) as every service does it: page sizes, opaque page
// tokens that cannot be replayed with other filters, and ServeListPage, the
// one place that turns a repository's page into a List response.
//
//   return resource::ServeListPage(
//       req, fingerprint,
//       [&](const resource::PageQuery& q) {
//         return repo_->ListPartnerships(filter, q.after, q.size, deadline);
//       },
//       [](auto* resp, v1::Partnership p) {
//         *resp->add_partnerships() = std::move(p);
//       },
//       resp);

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/status_macros.h"

namespace samen::resource {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

// One page of a listing as a repository returns it.
template <typename T>
struct Page {
  std::vector<T> items;
  // Key of the last item when more may follow; empty on the last page.
  std::string next_key;
};

// 0 -> `default_size`, above `max_size` -> `max_size`, negative ->
// INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> EffectivePageSize(int32_t requested,
                                      int default_size = kDefaultPageSize,
                                      int max_size = kMaxPageSize);

// Page tokens carry the last key of the previous page and a fingerprint of the
// filters (a string the handler builds from every filter of the request).
std::string EncodePageToken(absl::string_view last_key,
                            absl::string_view filter_fingerprint);
// The last key; "" for an empty token. INVALID_ARGUMENT naming page_token for
// a token that is malformed or belongs to other filters.
absl::StatusOr<std::string> DecodePageToken(
    absl::string_view token, absl::string_view filter_fingerprint);

// A list request's paging, checked.
struct PageQuery {
  int size = kDefaultPageSize;
  std::string after;  // the key to continue after; "" for the first page
  std::string fingerprint;
};

absl::StatusOr<PageQuery> ReadPageQuery(int32_t page_size,
                                        absl::string_view page_token,
                                        std::string fingerprint,
                                        int default_size = kDefaultPageSize,
                                        int max_size = kMaxPageSize);

// Checks the request's paging, runs `list(PageQuery)` (returning
// StatusOr<Page<T>>), passes each item to `add(resp, T)` and sets
// next_page_token. `Request` has page_size() and page_token(); `Response` has
// set_next_page_token().
template <typename Request, typename Response, typename List, typename Add>
absl::Status ServeListPage(const Request& req, std::string fingerprint,
                           List list, Add add, Response* resp,
                           int default_size = kDefaultPageSize,
                           int max_size = kMaxPageSize) {
  ASSIGN_OR_RETURN(
      PageQuery query,
      ReadPageQuery(req.page_size(), req.page_token(), std::move(fingerprint),
                    default_size, max_size));
  ASSIGN_OR_RETURN(auto page, list(query));
  for (auto& item : page.items) {
    add(resp, std::move(item));
  }
  if (!page.next_key.empty()) {
    resp->set_next_page_token(
        EncodePageToken(page.next_key, query.fingerprint));
  }
  return absl::OkStatus();
}

}  // namespace samen::resource

#pragma once

// The output-only fields every stored resource carries, read from its row the
// same way in every repository: etag (from the resource's name, the row's
// version column and its create_time), create_time and update_time. An
// unreadable DATETIME follows db/rows.h's policy (DATA_LOSS).

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "services/common/resource/etag.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"

namespace samen {

// `r` has name() and set_etag(), mutable_create_time(), mutable_update_time();
// its name must be set first.
template <typename Resource>
void ReadStoredMetadata(sql::ResultSet& rs, Resource* r) {
  const absl::Time created = db::Datetime(rs, "create_time");
  r->set_etag(resource::MakeEtag(r->name(), rs.getInt64("version"), created));
  ToTimestamp(created, r->mutable_create_time());
  ToTimestamp(db::Datetime(rs, "update_time"), r->mutable_update_time());
}

// A page of a listing keyed by id: the rows of a query that asked for
// `limit` + 1, each read with `read(rs)` (a StatusOr<Resource>); when the
// extra row came, it is dropped and the page continues after the id of the
// last one kept (the part of its name after the last '/').
template <typename Resource, typename Read>
absl::StatusOr<resource::Page<Resource>> ReadIdPage(sql::ResultSet& rs,
                                                    int limit, Read read) {
  resource::Page<Resource> page;
  while (rs.next()) {
    ASSIGN_OR_RETURN(Resource item, read(rs));
    page.items.push_back(std::move(item));
  }
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    const std::string& name = page.items.back().name();
    page.next_key = name.substr(name.rfind('/') + 1);
  }
  return page;
}

}  // namespace samen

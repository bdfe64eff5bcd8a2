#pragma once

// The output-only fields every stored resource carries, read from its row the
// same way in every repository: etag (from the resource's name, the row's
// version column and its create_time), create_time and update_time. An
// unreadable DATETIME follows db/rows.h's policy (DATA_LOSS).

#include "cppconn/resultset.h"
#include "db/rows.h"
#include "services/common/resource/etag.h"
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

}  // namespace samen

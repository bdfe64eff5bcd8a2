#pragma once

// Membership rows as membership_repository.cc reads and writes them, shared
// with the repositories that change memberships inside their own transactions
// (accession decisions), so the SQL for a membership exists once.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "samen/partners/v1/resources.pb.h"

namespace samen::partners {

// The membership of `organisation_id` in `partnership_id`, or nullopt; `lock`
// reads it FOR UPDATE.
absl::StatusOr<std::optional<v1::Membership>> FindMembership(
    sql::Connection& c, const std::string& partnership_id,
    const std::string& organisation_id, bool lock);

// Inserts `m` (when `insert`) or updates the stored row (role, dates, cluster;
// version + 1), stamping `now`. A duplicate insert is ALREADY_EXISTS, an
// unknown organisation INVALID_ARGUMENT.
absl::Status WriteMembership(sql::Connection& c, absl::Time now,
                             const std::string& partnership_id,
                             const v1::Membership& m, bool insert);

}  // namespace samen::partners

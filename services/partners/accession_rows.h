#pragma once

// Application rows as accession_repository.cc reads and writes them, shared
// with accession_audit_repository.cc (audit, documents, overview), so the SQL
// for an application exists once. Inside a transaction the caller holds.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "samen/partners/v1/joining.pb.h"

namespace samen::partners {

// The application `partnerships/{p}/applications/{id}` (NOT_FOUND when
// missing); `lock` reads it FOR UPDATE.
absl::StatusOr<v1::Application> LoadApplication(sql::Connection& c,
                                                const std::string& p,
                                                const std::string& id,
                                                bool lock);

// The open applications of partnership `p`, by id, at most `limit`.
absl::StatusOr<std::vector<v1::Application>> LoadOpenApplications(
    sql::Connection& c, const std::string& p, int limit);

// Writes `app` (state, body, the open-organisation key; version + 1) and its
// audit committee's rows, stamping `now`.
absl::Status WriteApplication(sql::Connection& c, absl::Time now,
                              const std::string& p, const std::string& id,
                              const v1::Application& app);

}  // namespace samen::partners

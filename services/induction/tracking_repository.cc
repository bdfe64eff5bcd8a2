// HR tracking and the audit of reads.

#include "absl/strings/numbers.h"
#include "db/transaction.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"
#include "services/induction/repository_sql.h"

namespace samen::induction {
namespace {

using sqlutil::Cached;
using sqlutil::Rows;
using sqlutil::Str;

}  // namespace

absl::Status InductionRepository::RecordAccess(
    const std::vector<AccessEntry>& entries, absl::Time now,
    absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "record access", [&](sql::Connection& c) {
        auto* ps = Cached(c,
                          "INSERT INTO access_records (starter_id, viewer_id, "
                          "viewer_name, viewer_role, action, access_time) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
        const std::string at = FormatSqlDatetime(now);
        for (const auto& e : entries) {
          ps->setString(1, e.starter_id);
          ps->setString(2, e.viewer_id);
          ps->setString(3, e.viewer_name.substr(0, 200));
          ps->setString(4, e.viewer_role);
          ps->setString(5, e.action);
          ps->setString(6, at);
          ps->executeUpdate();
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<Page<v1::AccessRecord>> InductionRepository::ListAccessRecords(
    const std::string& starter_id, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::AccessRecord>>(
      *pool_, deadline, "list access records",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::AccessRecord>> {
        auto* ps = Cached(c,
                          "SELECT id, viewer_id, viewer_name, viewer_role, "
                          "action, access_time FROM access_records WHERE "
                          "starter_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
        ps->setString(1, starter_id);
        int64_t before = INT64_MAX;
        if (!after.empty() && !absl::SimpleAtoi(after, &before)) {
          return absl::InvalidArgumentError("page_token: not of this list");
        }
        ps->setInt64(2, before);
        ps->setInt(3, limit + 1);
        Rows rs(ps->executeQuery());
        Page<v1::AccessRecord> page;
        std::vector<int64_t> ids;
        while (rs->next()) {
          v1::AccessRecord r;
          r.set_viewer(absl::StrCat("people/", Str(*rs, "viewer_id")));
          r.set_viewer_display_name(Str(*rs, "viewer_name"));
          r.set_viewer_role(Str(*rs, "viewer_role"));
          r.set_action(Str(*rs, "action"));
          ToTimestamp(sqlutil::TimeCol(*rs, "access_time"),
                      r.mutable_access_time());
          ids.push_back(rs->getInt64("id"));
          page.items.push_back(std::move(r));
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = absl::StrCat(ids[limit - 1]);
        }
        return page;
      });
}

}  // namespace samen::induction

// Reads of students' records on record (student_access_records, migration
// 0012): who read which student's record, as what and how; listed to the
// student newest first.

#include <algorithm>
#include <climits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "services/common/timestamp.h"
#include "services/partners/placements_repository.h"

namespace samen::partners {

absl::Status PlacementsRepository::RecordStudentReads(
    const std::vector<std::string>& student_ids, const StudentRead& read,
    absl::Time deadline) {
  if (student_ids.empty()) {
    return absl::OkStatus();
  }
  const absl::Time now = clock_->Now();
  return db::RunInTransaction(
      *pool_, deadline, "record student reads", [&](sql::Connection& c) {
        // One statement per chunk: a page of a list records a read for each
        // student on it. The students' own record is left out in the
        // statement (person_id), so a student reading a list that shows
        // them is not recorded.
        constexpr size_t kChunk = 100;
        for (size_t first = 0; first < student_ids.size(); first += kChunk) {
          const size_t n = std::min(kChunk, student_ids.size() - first);
          std::string text =
              "INSERT INTO student_access_records (student_id, viewer_id, "
              "viewer_name, viewer_role, action, method, access_time) SELECT "
              "id, ?, ?, ?, ?, ?, ? FROM students WHERE person_id <> ? AND "
              "id IN (";
          for (size_t i = 0; i < n; ++i) {
            absl::StrAppend(&text, i == 0 ? "?" : ", ?");
          }
          absl::StrAppend(&text, ")");
          db::Statement ps(c, text, /*cache=*/n == kChunk || n == 1);
          int k = db::BindValues(
              *ps, 1, read.viewer_id, read.viewer_name.substr(0, 200),
              read.viewer_role, read.action, read.method, now, read.viewer_id);
          for (size_t i = first; i < first + n; ++i) {
            ps->setString(k++, student_ids[i]);
          }
          ps->executeUpdate();
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<resource::Page<v1::StudentAccessRecord>>
PlacementsRepository::ListStudentAccessRecords(const std::string& student_id,
                                               const std::string& after,
                                               int limit, absl::Time deadline) {
  int64_t before = INT64_MAX;
  if (!after.empty() && !absl::SimpleAtoi(after, &before)) {
    return absl::InvalidArgumentError("page_token: not of this list");
  }
  return db::WithConnection<resource::Page<v1::StudentAccessRecord>>(
      *pool_, deadline, "list student access records",
      [&](sql::Connection& c)
          -> absl::StatusOr<resource::Page<v1::StudentAccessRecord>> {
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT id, viewer_id, viewer_name, viewer_role, action, method, "
            "access_time FROM student_access_records WHERE student_id = ? "
            "AND id < ? ORDER BY id DESC LIMIT ?",
            student_id, before, limit + 1);
        resource::Page<v1::StudentAccessRecord> page;
        std::vector<int64_t> ids;
        while (rs->next()) {
          v1::StudentAccessRecord r;
          r.set_viewer(absl::StrCat("people/", db::Str(*rs, "viewer_id")));
          r.set_viewer_display_name(db::Str(*rs, "viewer_name"));
          r.set_viewer_role(db::Str(*rs, "viewer_role"));
          r.set_action(db::Str(*rs, "action"));
          r.set_method(db::Str(*rs, "method"));
          ToTimestamp(db::Datetime(*rs, "access_time"),
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

}  // namespace samen::partners

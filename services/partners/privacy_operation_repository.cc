#include "services/partners/privacy_operation_repository.h"

#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cppconn/prepared_statement.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "services/common/auth/random.h"
#include "services/common/privacy/person_data_rpc.h"
#include "services/common/status_macros.h"

namespace samen::partners {
namespace {

constexpr size_t kErrorLength = 1000;

constexpr char kSelectOperation[] =
    "SELECT id, kind, person_id, requested_by, reason, state, error_code, "
    "error_message, create_time, update_time FROM privacy_operations";

std::string Cut(absl::string_view s) {
  return std::string(s.substr(0, kErrorLength));
}

// 128 random bits as 32 hex digits.
absl::StatusOr<std::string> RandomHex() {
  ASSIGN_OR_RETURN(std::string token, auth::RandomToken(16));
  return auth::Sha256Hex(token).substr(0, 32);
}

OperationRow ReadOperation(sql::ResultSet& rs) {
  OperationRow op;
  op.id = db::Str(rs, "id");
  op.kind = static_cast<OperationKind>(db::Int(rs, "kind"));
  op.person_id = db::Str(rs, "person_id");
  op.requested_by = db::Str(rs, "requested_by");
  op.reason = db::NullableStr(rs, "reason");
  op.state = static_cast<OperationState>(db::Int(rs, "state"));
  op.error_code = rs.isNull("error_code") ? 0 : db::Int(rs, "error_code");
  op.error_message = db::NullableStr(rs, "error_message");
  op.create_time = db::Datetime(rs, "create_time");
  op.update_time = db::Datetime(rs, "update_time");
  return op;
}

std::string Blob(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) {
    return "";
  }
  std::unique_ptr<std::istream> in(rs.getBlob(column));
  return std::string((std::istreambuf_iterator<char>(*in)),
                     std::istreambuf_iterator<char>());
}

// The steps and the archive of `op`.
void ReadDetails(sql::Connection& c, OperationRow& op) {
  {
    db::Rows rs = db::ExecuteQuery(
        c,
        "SELECT service, state, attempts, last_error, update_time, "
        "CASE WHEN ? = 2 THEN result END AS erasure FROM "
        "privacy_operation_steps WHERE operation_id = ? ORDER BY position",
        static_cast<int>(op.kind), op.id);
    while (rs->next()) {
      OperationStep s;
      s.service = db::Str(*rs, "service");
      s.state = static_cast<StepState>(db::Int(*rs, "state"));
      s.attempts = db::Int(*rs, "attempts");
      s.last_error = db::NullableStr(*rs, "last_error");
      s.update_time = db::Datetime(*rs, "update_time");
      s.erasure = Blob(*rs, "erasure");
      op.steps.push_back(std::move(s));
    }
  }
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT size_bytes, sha256, expire_time FROM privacy_archives WHERE "
      "operation_id = ?",
      op.id);
  if (rs->next()) {
    op.archive =
        ArchiveInfo{db::Int64(*rs, "size_bytes"), db::Str(*rs, "sha256"),
                    db::Datetime(*rs, "expire_time")};
  }
}

absl::Status OperationNotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("operations/", id, " not found"));
}

absl::StatusOr<OperationRow> ReadFull(sql::Connection& c,
                                      const std::string& id) {
  ASSIGN_OR_RETURN(
      OperationRow op,
      db::ReadOne(db::ExecuteQuery(
                      c, absl::StrCat(kSelectOperation, " WHERE id = ?"), id),
                  ReadOperation, [&] { return OperationNotFound(id); }));
  ReadDetails(c, op);
  return op;
}

// The id of the operation `query` finds with `values`, or "".
template <typename... Values>
std::string FindId(sql::Connection& c, absl::string_view query,
                   const Values&... values) {
  db::Rows rs = db::ExecuteQuery(c, query, values...);
  return rs->next() ? db::Str(*rs, "id") : "";
}

// Locks the operation's row; false when it is gone or no longer running.
bool LockRunning(sql::Connection& c, const std::string& id) {
  db::Rows rs = db::ExecuteQuery(
      c, "SELECT state FROM privacy_operations WHERE id = ? FOR UPDATE", id);
  return rs->next() &&
         db::Int(*rs, "state") == static_cast<int>(OperationState::kRunning);
}

// Whether `step` still holds its lease (under the step's row lock).
bool HoldsLease(sql::Connection& c, const ClaimedStep& step) {
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT state, lease_token FROM privacy_operation_steps WHERE "
      "operation_id = ? AND service = ? FOR UPDATE",
      step.operation_id, step.service);
  return rs->next() &&
         db::Int(*rs, "state") == static_cast<int>(StepState::kPending) &&
         db::NullableStr(*rs, "lease_token") == step.lease_token;
}

// Every step is done: the export's archive is built, the erasure's row takes
// the pseudonym.
absl::Status Finish(sql::Connection& c, const ClaimedStep& step,
                    const ArchiveBuilder& build, absl::Duration export_ttl,
                    absl::Time now) {
  if (step.kind == OperationKind::kErase) {
    db::ExecuteUpdate(
        c,
        "UPDATE privacy_operations SET state = 2, person_id = "
        "COALESCE(pseudonym, person_id), reason = NULL, update_time = ? "
        "WHERE id = ?",
        now, step.operation_id);
    return absl::OkStatus();
  }
  std::vector<ServiceExport> parts;
  {
    db::Rows rs = db::ExecuteQuery(
        c,
        "SELECT service, result FROM privacy_operation_steps WHERE "
        "operation_id = ? ORDER BY position",
        step.operation_id);
    while (rs->next()) {
      parts.push_back({db::Str(*rs, "service"), Blob(*rs, "result")});
    }
  }
  const absl::Time expire = now + export_ttl;
  absl::StatusOr<std::string> archive =
      build(step.person_id, parts, now, expire);
  if (!archive.ok()) {
    db::ExecuteUpdate(c,
                      "UPDATE privacy_operations SET state = 3, error_code = "
                      "?, error_message = ?, update_time = ? WHERE id = ?",
                      static_cast<int>(absl::StatusCode::kInternal),
                      Cut(absl::StrCat("building the archive failed: ",
                                       archive.status().message())),
                      now, step.operation_id);
  } else {
    auto insert = db::Prepare(
        c,
        "INSERT INTO privacy_archives (operation_id, content, sha256, "
        "size_bytes, create_time, expire_time) VALUES (?, ?, ?, ?, ?, ?)");
    std::istringstream stream(*archive);
    insert->setString(1, step.operation_id);
    insert->setBlob(2, &stream);
    db::BindValues(*insert, 3, auth::Sha256Hex(*archive),
                   static_cast<int64_t>(archive->size()), now, expire);
    insert->executeUpdate();
    db::ExecuteUpdate(c,
                      "UPDATE privacy_operations SET state = 2, update_time = "
                      "? WHERE id = ?",
                      now, step.operation_id);
  }
  // The parts were a copy of the person's data: the archive holds it now.
  db::ExecuteUpdate(c,
                    "UPDATE privacy_operation_steps SET result = NULL WHERE "
                    "operation_id = ?",
                    step.operation_id);
  return absl::OkStatus();
}

// The operation an earlier request with the same request_id started, or ""
// when there is none; INVALID_ARGUMENT when that request was about another
// person.
absl::StatusOr<std::string> RepeatedRequest(sql::Connection& c,
                                            const NewOperation& op) {
  if (op.request_id.empty()) {
    return std::string();
  }
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT id, person_id FROM privacy_operations WHERE requested_by = ? "
      "AND kind = ? AND request_id = ?",
      op.requested_by, static_cast<int>(op.kind), op.request_id);
  if (!rs->next()) {
    return std::string();
  }
  // After an erasure the row holds the pseudonym instead of the person's id:
  // the same request again still gets it.
  const std::string id = db::Str(*rs, "id");
  const std::string person = db::Str(*rs, "person_id");
  if (person != op.person_id && !privacy::IsPseudonym(person)) {
    return absl::InvalidArgumentError(
        "request_id: already used for another person");
  }
  return id;
}

// Writes the operation, for an export by someone else the read on the
// person's student record, and one step per service (the outbox the worker
// delivers), all in the caller's transaction.
void InsertOperation(sql::Connection& c, const NewOperation& op,
                     const std::string& id, const std::string& pseudonym,
                     absl::Time now) {
  auto insert = db::Prepare(
      c,
      "INSERT INTO privacy_operations (id, kind, person_id, "
      "requested_by, request_id, reason, pseudonym, state, "
      "create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
  db::BindValues(*insert, 1, id, static_cast<int>(op.kind), op.person_id,
                 op.requested_by);
  db::BindNullable(*insert, 5, op.request_id);
  db::BindNullable(*insert, 6, op.reason);
  db::BindNullable(*insert, 7, pseudonym);
  db::BindValues(*insert, 8, now, now);
  insert->executeUpdate();
  if (op.kind == OperationKind::kExport && op.requested_by != op.person_id) {
    db::ExecuteUpdate(
        c,
        "INSERT INTO student_access_records (student_id, viewer_id, "
        "viewer_name, viewer_role, action, method, access_time) SELECT "
        "id, ?, ?, ?, 'GET', 'ExportPersonalData', ? FROM students "
        "WHERE person_id = ?",
        op.requested_by, op.requester_name.substr(0, 200), op.requester_role,
        now, op.person_id);
  }
  int position = 0;
  for (const PlannedStep& s : PlanSteps(op.kind, op.services)) {
    db::ExecuteUpdate(
        c,
        "INSERT INTO privacy_operation_steps (operation_id, service, "
        "position, state, attempts, next_attempt_time, update_time) "
        "VALUES (?, ?, ?, ?, 0, ?, ?)",
        id, s.service, position++, static_cast<int>(s.state), now, now);
  }
}

}  // namespace

absl::StatusOr<OperationRow> PrivacyOperationRepository::Start(
    const NewOperation& op, absl::Time deadline) {
  const absl::Time now = clock_->Now();
  // Ids start with a letter, as resource ids do (resource::ValidateId).
  ASSIGN_OR_RETURN(const std::string random_id, RandomHex());
  const std::string new_id = absl::StrCat("op", random_id.substr(0, 30));
  ASSIGN_OR_RETURN(const std::string new_pseudonym, RandomHex());
  return db::InTransaction<OperationRow>(
      *pool_, deadline, "start privacy operation",
      [&](sql::Connection& c) -> absl::StatusOr<OperationRow> {
        ASSIGN_OR_RETURN(const std::string repeated, RepeatedRequest(c, op));
        if (!repeated.empty()) {
          return ReadFull(c, repeated);
        }
        // The person's directory row, locked so that two requests for one
        // person start one erasure.
        {
          db::Rows rs = db::ExecuteQuery(
              c, "SELECT id FROM people WHERE id = ? FOR UPDATE", op.person_id);
          if (!rs->next()) {
            return absl::NotFoundError(
                absl::StrCat("people/", op.person_id, " not found"));
          }
        }
        const std::string running = FindId(
            c,
            "SELECT id FROM privacy_operations WHERE person_id = ? AND kind "
            "= 2 AND state = 1 ORDER BY create_time DESC LIMIT 1",
            op.person_id);
        if (!running.empty()) {
          if (op.kind == OperationKind::kErase) {
            return ReadFull(c, running);
          }
          return absl::FailedPreconditionError(
              absl::StrCat("people/", op.person_id,
                           " is being erased (operations/", running, ")"));
        }
        std::string pseudonym;
        if (op.kind == OperationKind::kErase) {
          db::Rows rs = db::ExecuteQuery(
              c,
              "SELECT pseudonym FROM privacy_operations WHERE person_id = ? "
              "AND kind = 2 AND pseudonym IS NOT NULL ORDER BY create_time "
              "DESC LIMIT 1",
              op.person_id);
          pseudonym = rs->next() ? db::Str(*rs, "pseudonym")
                                 : absl::StrCat(privacy::kPseudonymPrefix,
                                                new_pseudonym);
        }
        InsertOperation(c, op, new_id, pseudonym, now);
        return ReadFull(c, new_id);
      });
}

absl::StatusOr<OperationRow> PrivacyOperationRepository::Get(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<OperationRow>(
      *pool_, deadline, "get privacy operation",
      [&](sql::Connection& c) { return ReadFull(c, id); });
}

absl::StatusOr<resource::Page<OperationRow>> PrivacyOperationRepository::List(
    const std::string& person_id, const std::string& after, int size,
    absl::Time deadline) {
  std::optional<absl::Time> after_time;
  std::string after_id;
  if (!after.empty()) {
    std::vector<std::string> parts = absl::StrSplit(after, '|');
    if (parts.size() != 2) {
      return absl::InvalidArgumentError("page_token: not a valid token");
    }
    ASSIGN_OR_RETURN(after_time, db::ParseSqlDatetime(parts[0]));
    after_id = parts[1];
  }
  return db::WithConnection<resource::Page<OperationRow>>(
      *pool_, deadline, "list privacy operations",
      [&](sql::Connection& c) -> absl::StatusOr<resource::Page<OperationRow>> {
        resource::Page<OperationRow> page;
        {
          db::Rows rs =
              after_time
                  ? db::ExecuteQuery(
                        c,
                        absl::StrCat(kSelectOperation,
                                     " WHERE person_id = ? AND (create_time "
                                     "< ? OR (create_time = ? AND id < ?)) "
                                     "ORDER BY create_time DESC, id DESC "
                                     "LIMIT ?"),
                        person_id, *after_time, *after_time, after_id, size + 1)
                  : db::ExecuteQuery(
                        c,
                        absl::StrCat(kSelectOperation,
                                     " WHERE person_id = ? ORDER BY "
                                     "create_time DESC, id DESC LIMIT ?"),
                        person_id, size + 1);
          while (rs->next()) {
            page.items.push_back(ReadOperation(*rs));
          }
        }
        if (page.items.size() > static_cast<size_t>(size)) {
          page.items.pop_back();
          const OperationRow& last = page.items.back();
          page.next_key = absl::StrCat(db::FormatSqlDatetime(last.create_time),
                                       "|", last.id);
        }
        for (OperationRow& op : page.items) {
          ReadDetails(c, op);
        }
        return page;
      });
}

absl::StatusOr<std::string> PrivacyOperationRepository::ReadArchive(
    const std::string& operation_id, const std::string& person_id,
    absl::Time now, absl::Time deadline) {
  return db::WithConnection<std::string>(
      *pool_, deadline, "read data export",
      [&](sql::Connection& c) -> absl::StatusOr<std::string> {
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT a.content FROM privacy_archives a JOIN "
            "privacy_operations o ON o.id = a.operation_id WHERE "
            "a.operation_id = ? AND o.person_id = ? AND o.kind = 1 AND "
            "a.expire_time > ?",
            operation_id, person_id, now);
        if (!rs->next()) {
          return absl::NotFoundError(absl::StrCat(
              "people/", person_id, "/dataExports/", operation_id,
              " not found (an export can be downloaded until it expires)"));
        }
        return Blob(*rs, "content");
      });
}

absl::StatusOr<std::vector<ClaimedStep>> PrivacyOperationRepository::Claim(
    absl::Time now, int limit, absl::Duration lease, absl::Time deadline) {
  ASSIGN_OR_RETURN(const std::string token, RandomHex());
  return db::InTransaction<std::vector<ClaimedStep>>(
      *pool_, deadline, "claim privacy steps",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<ClaimedStep>> {
        std::vector<ClaimedStep> out;
        {
          db::Rows rs = db::ExecuteQuery(
              c,
              "SELECT operation_id, service, attempts FROM "
              "privacy_operation_steps WHERE state = 2 AND "
              "next_attempt_time <= ? ORDER BY next_attempt_time LIMIT ? "
              "FOR UPDATE SKIP LOCKED",
              now, limit);
          while (rs->next()) {
            ClaimedStep s;
            s.operation_id = db::Str(*rs, "operation_id");
            s.service = db::Str(*rs, "service");
            s.attempts = db::Int(*rs, "attempts") + 1;
            s.lease_token = token.substr(0, 24);
            out.push_back(std::move(s));
          }
        }
        for (ClaimedStep& s : out) {
          {
            db::Rows rs = db::ExecuteQuery(
                c,
                "SELECT kind, person_id, requested_by, pseudonym FROM "
                "privacy_operations WHERE id = ?",
                s.operation_id);
            if (rs->next()) {
              s.kind = static_cast<OperationKind>(db::Int(*rs, "kind"));
              s.person_id = db::Str(*rs, "person_id");
              s.requested_by = db::Str(*rs, "requested_by");
              s.pseudonym = db::NullableStr(*rs, "pseudonym");
            }
          }
          db::ExecuteUpdate(
              c,
              "UPDATE privacy_operation_steps SET attempts = attempts + 1, "
              "lease_token = ?, next_attempt_time = ?, update_time = ? WHERE "
              "operation_id = ? AND service = ?",
              s.lease_token, now + lease, now, s.operation_id, s.service);
        }
        return out;
      });
}

absl::StatusOr<bool> PrivacyOperationRepository::Complete(
    const ClaimedStep& step, const std::string& result,
    const ArchiveBuilder& build, absl::Duration export_ttl, bool* woke,
    absl::Time deadline) {
  *woke = false;
  return db::InTransaction<bool>(
      *pool_, deadline, "complete privacy step",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        *woke = false;
        const absl::Time now = clock_->Now();
        if (!LockRunning(c, step.operation_id) || !HoldsLease(c, step)) {
          return false;
        }
        auto done = db::Prepare(
            c,
            "UPDATE privacy_operation_steps SET state = 3, result = ?, "
            "lease_token = NULL, last_error = NULL, update_time = ? WHERE "
            "operation_id = ? AND service = ?");
        std::istringstream stream(result);
        done->setBlob(1, &stream);
        db::BindValues(*done, 2, now, step.operation_id, step.service);
        done->executeUpdate();
        int pending = 0;
        int waiting = 0;
        {
          db::Rows rs =
              db::ExecuteQuery(c,
                               "SELECT COALESCE(SUM(state = 2), 0) AS pending, "
                               "COALESCE(SUM(state = 1), 0) AS waiting FROM "
                               "privacy_operation_steps WHERE operation_id = ?",
                               step.operation_id);
          if (rs->next()) {
            pending = db::Int(*rs, "pending");
            waiting = db::Int(*rs, "waiting");
          }
        }
        if (pending > 0) {
          db::ExecuteUpdate(c,
                            "UPDATE privacy_operations SET update_time = ? "
                            "WHERE id = ?",
                            now, step.operation_id);
        } else if (waiting > 0) {
          db::ExecuteUpdate(
              c,
              "UPDATE privacy_operation_steps SET state = 2, "
              "next_attempt_time = ?, update_time = ? WHERE operation_id = ? "
              "AND state = 1",
              now, now, step.operation_id);
          db::ExecuteUpdate(c,
                            "UPDATE privacy_operations SET update_time = ? "
                            "WHERE id = ?",
                            now, step.operation_id);
          *woke = true;
        } else {
          RETURN_IF_ERROR(Finish(c, step, build, export_ttl, now));
        }
        return true;
      });
}

absl::StatusOr<bool> PrivacyOperationRepository::Fail(
    const ClaimedStep& step, const absl::Status& error,
    std::optional<absl::Time> retry_at, absl::Time deadline) {
  const std::string text = Cut(absl::StrCat(
      absl::StatusCodeToString(error.code()), ": ", error.message()));
  return db::InTransaction<bool>(
      *pool_, deadline, "fail privacy step",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        const absl::Time now = clock_->Now();
        if (!LockRunning(c, step.operation_id) || !HoldsLease(c, step)) {
          return false;
        }
        if (retry_at) {
          db::ExecuteUpdate(
              c,
              "UPDATE privacy_operation_steps SET lease_token = NULL, "
              "next_attempt_time = ?, last_error = ?, update_time = ? WHERE "
              "operation_id = ? AND service = ?",
              *retry_at, text, now, step.operation_id, step.service);
          db::ExecuteUpdate(c,
                            "UPDATE privacy_operations SET update_time = ? "
                            "WHERE id = ?",
                            now, step.operation_id);
          return true;
        }
        db::ExecuteUpdate(
            c,
            "UPDATE privacy_operation_steps SET state = 4, lease_token = "
            "NULL, last_error = ?, update_time = ? WHERE operation_id = ? AND "
            "service = ?",
            text, now, step.operation_id, step.service);
        db::ExecuteUpdate(
            c,
            "UPDATE privacy_operation_steps SET state = 5, lease_token = "
            "NULL, update_time = ? WHERE operation_id = ? AND state IN (1, 2)",
            now, step.operation_id);
        db::ExecuteUpdate(
            c,
            "UPDATE privacy_operations SET state = 3, error_code = ?, "
            "error_message = ?, update_time = ? WHERE id = ?",
            static_cast<int>(error.code()),
            Cut(absl::StrCat(step.service, ": ", text)), now,
            step.operation_id);
        return true;
      });
}

absl::StatusOr<int> PrivacyOperationRepository::DeleteExpiredArchives(
    absl::Time now, int limit, absl::Time deadline) {
  return db::WithConnection<int>(
      *pool_, deadline, "delete expired data exports",
      [&](sql::Connection& c) -> absl::StatusOr<int> {
        return db::ExecuteUpdate(
            c, "DELETE FROM privacy_archives WHERE expire_time <= ? LIMIT ?",
            now, limit);
      });
}

}  // namespace samen::partners

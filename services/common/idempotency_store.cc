#include "services/common/idempotency_store.h"

#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/logging.h"
#include "services/common/sql_time.h"

namespace samen {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

void BindKey(sql::PreparedStatement& ps, int first,
             const IdempotencyStore::Key& key) {
  ps.setString(first, key.subject);
  ps.setString(first + 1, key.method);
  ps.setString(first + 2, key.request_id);
}

// Expired keys are removed a few at a time by the requests themselves.
std::atomic<uint64_t> begins{0};

}  // namespace

absl::StatusOr<std::optional<IdempotencyStore::Outcome>>
MysqlIdempotencyStore::Begin(const Key& key, absl::string_view fingerprint,
                             absl::Time deadline) {
  using Result = std::optional<Outcome>;
  return db::InTransaction<Result>(
      *pool_, deadline, "idempotency check",
      [&](sql::Connection& c) -> absl::StatusOr<Result> {
        const absl::Time now = NowMicros();
        if (begins.fetch_add(1) % 512 == 0) {
          auto& purge = db::Cached(
              c, "DELETE FROM idempotency_keys WHERE expires_at < ? LIMIT 500");
          purge.setString(1, FormatSqlDatetime(now));
          purge.executeUpdate();
        }
        auto& read = db::Cached(
            c,
            "SELECT fingerprint, done, status_code, status_message, "
            "status_details, "
            "response, claimed_at, expires_at FROM idempotency_keys "
            "WHERE subject = ? AND method = ? AND request_id = ? FOR UPDATE");
        BindKey(read, 1, key);
        Rows rs(read.executeQuery());
        if (rs->next()) {
          auto claimed =
              ParseSqlDatetime(rs->getString("claimed_at").asStdString());
          auto expires =
              ParseSqlDatetime(rs->getString("expires_at").asStdString());
          if (!claimed.ok() || !expires.ok()) {
            return absl::InternalError("unreadable idempotency record");
          }
          const bool expired = *expires < now;
          if (!expired) {
            if (rs->getString("fingerprint").asStdString() != fingerprint) {
              return WithReason(absl::FailedPreconditionError(
                                    "this idempotency key was used for a "
                                    "different request; use a "
                                    "new key for a new request"),
                                "IDEMPOTENCY_KEY_REUSED");
            }
            if (rs->getBoolean("done")) {
              Outcome outcome;
              const auto code =
                  static_cast<grpc::StatusCode>(rs->getInt("status_code"));
              outcome.status = FromGrpcStatus(grpc::Status(
                  code,
                  rs->isNull("status_message")
                      ? ""
                      : rs->getString("status_message").asStdString(),
                  rs->isNull("status_details")
                      ? ""
                      : rs->getString("status_details").asStdString()));
              if (!rs->isNull("response")) {
                outcome.response = rs->getString("response").asStdString();
              }
              return Result(std::move(outcome));
            }
            if (*claimed > now - stale_claim_) {
              return WithReason(
                  absl::AbortedError(
                      "a request with this idempotency key is still "
                      "being processed; retry shortly"),
                  "IDEMPOTENCY_KEY_IN_USE");
            }
          }
          rs.reset();
          // Expired, or claimed by a process that never finished: claim it
          // anew.
          auto& reclaim = db::Cached(
              c,
              "UPDATE idempotency_keys SET fingerprint = ?, done = FALSE, "
              "status_code = 0, "
              "status_message = NULL, status_details = NULL, response = NULL, "
              "claimed_at = ?, expires_at = ? WHERE subject = ? AND method = ? "
              "AND "
              "request_id = ?");
          reclaim.setString(1, std::string(fingerprint));
          reclaim.setString(2, FormatSqlDatetime(now));
          reclaim.setString(3, FormatSqlDatetime(now + ttl_));
          BindKey(reclaim, 4, key);
          reclaim.executeUpdate();
          return Result(std::nullopt);
        }
        rs.reset();
        auto& claim =
            db::Cached(c,
                       "INSERT INTO idempotency_keys (subject, method, "
                       "request_id, fingerprint, "
                       "claimed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
        BindKey(claim, 1, key);
        claim.setString(4, std::string(fingerprint));
        claim.setString(5, FormatSqlDatetime(now));
        claim.setString(6, FormatSqlDatetime(now + ttl_));
        try {
          claim.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1062) {
            // Another replica claimed it between our read and insert.
            return WithReason(
                absl::AbortedError(
                    "a request with this idempotency key is still "
                    "being processed; retry shortly"),
                "IDEMPOTENCY_KEY_IN_USE");
          }
          throw;
        }
        return Result(std::nullopt);
      });
}

void MysqlIdempotencyStore::Finish(const Key& key, const Outcome& outcome,
                                   absl::Time deadline) {
  const grpc::Status status = ToGrpcStatus(outcome.status);
  absl::Status s = db::RunWithConnection(
      *pool_, deadline, "record idempotent outcome", [&](sql::Connection& c) {
        auto& ps = db::Cached(
            c,
            "UPDATE idempotency_keys SET done = TRUE, status_code = ?, "
            "status_message = ?, status_details = ?, response = ? "
            "WHERE subject = ? AND method = ? AND request_id = ?");
        ps.setInt(1, status.error_code());
        ps.setString(2, status.error_message());
        ps.setString(3, status.error_details());
        ps.setString(4, outcome.response);
        BindKey(ps, 5, key);
        ps.executeUpdate();
        return absl::OkStatus();
      });
  if (!s.ok()) {
    log::Warning("idempotent outcome not recorded",
                 {{"method", key.method}, {"error", std::string(s.message())}});
  }
}

void MysqlIdempotencyStore::Forget(const Key& key, absl::Time deadline) {
  absl::Status s = db::RunWithConnection(
      *pool_, deadline, "release idempotency key", [&](sql::Connection& c) {
        auto& ps =
            db::Cached(c,
                       "DELETE FROM idempotency_keys WHERE subject = ? AND "
                       "method = ? AND request_id = ? AND done = FALSE");
        BindKey(ps, 1, key);
        ps.executeUpdate();
        return absl::OkStatus();
      });
  if (!s.ok()) {
    log::Warning("idempotency key not released",
                 {{"method", key.method}, {"error", std::string(s.message())}});
  }
}

}  // namespace samen

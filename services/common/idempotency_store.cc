#include "services/common/idempotency_store.h"

#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/errors.h"
#include "db/rows.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"

namespace samen {
namespace {

using Result = std::optional<IdempotencyStore::Outcome>;

void BindKey(sql::PreparedStatement& ps, int first,
             const IdempotencyStore::Key& key) {
  ps.setString(first, key.subject);
  ps.setString(first + 1, key.method);
  ps.setString(first + 2, key.request_id);
}

absl::Status InUse() {
  return WithReason(
      absl::AbortedError("a request with this idempotency key is still "
                         "being processed; retry shortly"),
      "IDEMPOTENCY_KEY_IN_USE");
}

// Expired keys are removed a few at a time by the requests themselves.
std::atomic<uint64_t> begins{0};

void PurgeExpiredNowAndThen(sql::Connection& c, absl::Time now) {
  if (begins.fetch_add(1) % 512 != 0) {
    return;
  }
  auto& purge = db::Cached(
      c, "DELETE FROM idempotency_keys WHERE expires_at < ? LIMIT 500");
  db::BindDatetime(purge, 1, now);
  purge.executeUpdate();
}

// A key's row as stored.
struct StoredKey {
  std::string fingerprint;
  bool done = false;
  IdempotencyStore::Outcome outcome;  // when done
  absl::Time claimed_at;
  absl::Time expires_at;
};

// The key's row under its row lock, or nullopt when there is none.
std::optional<StoredKey> ReadLocked(sql::Connection& c,
                                    const IdempotencyStore::Key& key) {
  auto& read = db::Cached(
      c,
      "SELECT fingerprint, done, status_code, status_message, "
      "status_details, "
      "response, claimed_at, expires_at FROM idempotency_keys "
      "WHERE subject = ? AND method = ? AND request_id = ? FOR UPDATE");
  BindKey(read, 1, key);
  db::Rows rs(read.executeQuery());
  if (!rs->next()) {
    return std::nullopt;
  }
  StoredKey stored;
  stored.fingerprint = db::Str(*rs, "fingerprint");
  stored.done = db::Bool(*rs, "done");
  stored.claimed_at = db::Datetime(*rs, "claimed_at");
  stored.expires_at = db::Datetime(*rs, "expires_at");
  if (stored.done) {
    const auto code =
        static_cast<grpc::StatusCode>(db::Int(*rs, "status_code"));
    stored.outcome.status = FromGrpcStatus(
        grpc::Status(code, db::NullableStr(*rs, "status_message"),
                     db::NullableStr(*rs, "status_details")));
    stored.outcome.response = db::NullableStr(*rs, "response");
  }
  return stored;
}

// What an unexpired key means for this request: its recorded outcome, an
// error, or nullopt when its claim is stale and may be taken over.
absl::StatusOr<Result> Replay(const StoredKey& stored,
                              absl::string_view fingerprint, absl::Time now,
                              absl::Duration stale_claim) {
  if (stored.fingerprint != fingerprint) {
    return WithReason(
        absl::FailedPreconditionError("this idempotency key was used for a "
                                      "different request; use a "
                                      "new key for a new request"),
        "IDEMPOTENCY_KEY_REUSED");
  }
  if (stored.done) {
    return Result(stored.outcome);
  }
  if (stored.claimed_at > now - stale_claim) {
    return InUse();
  }
  return Result(std::nullopt);
}

// Takes over an expired or stale claim.
void Reclaim(sql::Connection& c, const IdempotencyStore::Key& key,
             absl::string_view fingerprint, absl::Time now,
             absl::Time expires) {
  auto& reclaim = db::Cached(
      c,
      "UPDATE idempotency_keys SET fingerprint = ?, done = FALSE, "
      "status_code = 0, "
      "status_message = NULL, status_details = NULL, response = NULL, "
      "claimed_at = ?, expires_at = ? WHERE subject = ? AND method = ? "
      "AND "
      "request_id = ?");
  reclaim.setString(1, std::string(fingerprint));
  db::BindDatetime(reclaim, 2, now);
  db::BindDatetime(reclaim, 3, expires);
  BindKey(reclaim, 4, key);
  reclaim.executeUpdate();
}

// Claims a new key; IDEMPOTENCY_KEY_IN_USE when another replica claimed it
// between our read and this insert.
absl::Status ClaimNew(sql::Connection& c, const IdempotencyStore::Key& key,
                      absl::string_view fingerprint, absl::Time now,
                      absl::Time expires) {
  auto& claim = db::Cached(c,
                           "INSERT INTO idempotency_keys (subject, method, "
                           "request_id, fingerprint, "
                           "claimed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
  BindKey(claim, 1, key);
  claim.setString(4, std::string(fingerprint));
  db::BindDatetime(claim, 5, now);
  db::BindDatetime(claim, 6, expires);
  try {
    claim.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == db::kErDupEntry) {
      return InUse();
    }
    throw;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<IdempotencyStore::Outcome>>
MysqlIdempotencyStore::Begin(const Key& key, absl::string_view fingerprint,
                             absl::Time deadline) {
  return db::InTransaction<Result>(
      *pool_, deadline, "idempotency check",
      [&](sql::Connection& c) -> absl::StatusOr<Result> {
        const absl::Time now = db::NowMicros();
        PurgeExpiredNowAndThen(c, now);
        std::optional<StoredKey> stored = ReadLocked(c, key);
        if (!stored.has_value()) {
          RETURN_IF_ERROR(ClaimNew(c, key, fingerprint, now, now + ttl_));
          return Result(std::nullopt);
        }
        if (stored->expires_at >= now) {
          ASSIGN_OR_RETURN(Result replayed,
                           Replay(*stored, fingerprint, now, stale_claim_));
          if (replayed.has_value()) {
            return replayed;
          }
        }
        // Expired, or claimed by a process that never finished: claim it
        // anew.
        Reclaim(c, key, fingerprint, now, now + ttl_);
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

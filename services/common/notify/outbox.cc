#include "services/common/notify/outbox.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/prepared_statement.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/auth/random.h"
#include "services/common/status_macros.h"

namespace samen::notify {
namespace {

constexpr int kDetailLength = 500;

std::string Cut(const std::string& s) {
  return s.size() <= kDetailLength ? s : s.substr(0, kDetailLength);
}

void LogAttempt(sql::Connection& c, int64_t id, int number, const Attempt& a) {
  db::ExecuteUpdate(c,
                    "INSERT INTO notification_attempts (notification_id, "
                    "attempt, attempt_time, duration_ms, outcome, detail) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    id, number, a.time,
                    static_cast<int>(absl::ToInt64Milliseconds(a.duration)),
                    static_cast<int>(a.outcome), Cut(a.detail));
}

std::vector<ClaimedNotification> ReadClaimed(sql::Connection& c,
                                             const std::vector<int64_t>& ids,
                                             bool full_batch) {
  db::Statement read(
      c,
      absl::StrCat("SELECT id, message_key, kind, recipient_id, payload, "
                   "attempts, create_time, lease_token FROM "
                   "notification_outbox WHERE id IN (",
                   db::Placeholders(ids.size()), ") ORDER BY id"),
      full_batch);
  for (size_t i = 0; i < ids.size(); ++i) {
    read->setInt64(static_cast<int>(i) + 1, ids[i]);
  }
  std::vector<ClaimedNotification> out;
  db::Rows rs(read->executeQuery());
  while (rs->next()) {
    ClaimedNotification n;
    n.id = rs->getInt64("id");
    n.key = db::Str(*rs, "message_key");
    n.kind = db::Str(*rs, "kind");
    n.recipient_id = db::Str(*rs, "recipient_id");
    n.payload = db::Str(*rs, "payload");
    n.attempts = rs->getInt("attempts");
    n.create_time = db::Datetime(*rs, "create_time");
    n.interrupted = !rs->isNull("lease_token");
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

void Enqueue(sql::Connection& c, const std::vector<Notification>& batch,
             absl::Time now) {
  if (batch.empty()) {
    return;
  }
  // A booking enqueues two to four messages: that text is cached; a longer
  // batch (an activity's cancellation) is prepared once.
  std::vector<absl::string_view> rows(batch.size(),
                                      "(?, ?, ?, ?, ?, 1, 0, ?, ?)");
  db::Statement ps(c,
                   absl::StrCat("INSERT INTO notification_outbox (message_key, "
                                "topic, kind, recipient_id, payload, state, "
                                "attempts, next_attempt_time, create_time) "
                                "VALUES ",
                                absl::StrJoin(rows, ", "),
                                " ON DUPLICATE KEY UPDATE id = id"),
                   batch.size() <= 4);
  int i = 1;
  for (const Notification& n : batch) {
    ps->setString(i++, n.key);
    ps->setString(i++, n.topic);
    ps->setString(i++, n.kind);
    ps->setString(i++, n.recipient_id);
    ps->setString(i++, n.payload);
    db::BindDatetime(*ps, i++, std::max(n.send_at, now));
    db::BindDatetime(*ps, i++, now);
  }
  ps->executeUpdate();
}

int Withdraw(sql::Connection& c, absl::string_view topic, absl::Time now) {
  return db::ExecuteUpdate(
      c,
      "UPDATE notification_outbox SET state = 5, lease_token = NULL, "
      "finish_time = ? WHERE topic = ? AND state = 1",
      now, topic);
}

absl::StatusOr<std::vector<ClaimedNotification>> OutboxStore::Claim(
    absl::Time now, int limit, absl::Duration lease, absl::Time deadline) {
  return db::InTransaction<std::vector<ClaimedNotification>>(
      *pool_, deadline, "claim notifications",
      [&](sql::Connection& c)
          -> absl::StatusOr<std::vector<ClaimedNotification>> {
        std::vector<int64_t> ids;
        {
          db::Rows rs = db::ExecuteQuery(
              c,
              "SELECT id FROM notification_outbox WHERE state = 1 AND "
              "next_attempt_time <= ? ORDER BY next_attempt_time LIMIT ? "
              "FOR UPDATE SKIP LOCKED",
              now, limit);
          while (rs->next()) {
            ids.push_back(rs->getInt64("id"));
          }
        }
        if (ids.empty()) {
          return std::vector<ClaimedNotification>{};
        }
        const bool full = ids.size() == static_cast<size_t>(limit);
        std::vector<ClaimedNotification> out = ReadClaimed(c, ids, full);
        ASSIGN_OR_RETURN(const std::string token, auth::RandomToken(12));
        for (ClaimedNotification& n : out) {
          n.lease_token = token;
          if (n.interrupted) {
            ++n.attempts;
            Attempt a;
            a.outcome = AttemptOutcome::kInterrupted;
            a.time = now;
            a.detail =
                "the worker that held this message stopped before it "
                "finished (its lease ran out); trying again";
            LogAttempt(c, n.id, n.attempts, a);
          }
        }
        db::Statement up(
            c,
            // attempts first: later assignments see the new lease_token.
            absl::StrCat("UPDATE notification_outbox SET attempts = attempts "
                         "+ (lease_token IS NOT NULL), next_attempt_time = ?, "
                         "lease_token = ? WHERE id IN (",
                         db::Placeholders(ids.size()), ")"),
            full);
        db::BindValues(*up, 1, now + lease, token);
        for (size_t i = 0; i < ids.size(); ++i) {
          up->setInt64(static_cast<int>(i) + 3, ids[i]);
        }
        up->executeUpdate();
        return out;
      });
}

absl::StatusOr<bool> OutboxStore::Hold(const ClaimedNotification& n,
                                       absl::Time now, absl::Duration lease,
                                       absl::Time deadline) {
  return db::InTransaction<bool>(
      *pool_, deadline, "hold notification",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        // Read under the row lock rather than count changed rows: a renewal
        // to the same instant (a frozen test clock) changes nothing and is
        // still ours.
        {
          db::Rows rs = db::ExecuteQuery(
              c,
              "SELECT lease_token, state FROM notification_outbox WHERE id = "
              "? FOR UPDATE",
              n.id);
          if (!rs->next() || rs->isNull("lease_token") ||
              db::Str(*rs, "lease_token") != n.lease_token ||
              rs->getInt("state") != static_cast<int>(OutboxState::kPending)) {
            return false;
          }
        }
        db::ExecuteUpdate(c,
                          "UPDATE notification_outbox SET next_attempt_time = "
                          "? WHERE id = ?",
                          now + lease, n.id);
        return true;
      });
}

absl::StatusOr<bool> OutboxStore::Complete(const ClaimedNotification& n,
                                           const Attempt& a,
                                           absl::Time deadline) {
  return db::InTransaction<bool>(
      *pool_, deadline, "complete notification",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        const OutboxState state =
            a.outcome == AttemptOutcome::kSent      ? OutboxState::kSent
            : a.outcome == AttemptOutcome::kSkipped ? OutboxState::kSkipped
            : a.outcome == AttemptOutcome::kRetry && a.next_attempt
                ? OutboxState::kPending
                : OutboxState::kFailed;
        const absl::Time finished = a.time + a.duration;
        sql::PreparedStatement& up = db::Cached(
            c,
            "UPDATE notification_outbox SET state = ?, attempts = attempts + "
            "1, next_attempt_time = ?, lease_token = NULL, last_error = ?, "
            "finish_time = ? WHERE id = ? AND lease_token = ?");
        db::BindValues(
            up, 1, static_cast<int>(state), a.next_attempt.value_or(finished),
            a.outcome == AttemptOutcome::kSent ? std::string() : Cut(a.detail));
        if (state == OutboxState::kPending) {
          up.setNull(4, sql::DataType::TIMESTAMP);
        } else {
          db::BindDatetime(up, 4, finished);
        }
        db::BindValues(up, 5, n.id, n.lease_token);
        if (up.executeUpdate() == 0) {
          return false;  // the lease ran out and another worker took over
        }
        LogAttempt(c, n.id, n.attempts + 1, a);
        return true;
      });
}

absl::StatusOr<bool> OutboxStore::Defer(const ClaimedNotification& n,
                                        absl::Time until, absl::Time deadline) {
  return db::InTransaction<bool>(
      *pool_, deadline, "defer notification",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        return db::ExecuteUpdate(
                   c,
                   "UPDATE notification_outbox SET next_attempt_time = ?, "
                   "lease_token = NULL WHERE id = ? AND lease_token = ?",
                   until, n.id, n.lease_token) > 0;
      });
}

absl::Status OutboxStore::Add(const std::vector<Notification>& messages,
                              absl::Time now, absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "enqueue notifications", [&](sql::Connection& c) {
        // Batches of 100: a digest's payload is a
        // few KiB, far below max_allowed_packet.
        constexpr size_t kBatch = 100;
        for (size_t i = 0; i < messages.size(); i += kBatch) {
          Enqueue(c,
                  std::vector<Notification>(
                      messages.begin() + i,
                      messages.begin() + std::min(messages.size(), i + kBatch)),
                  now);
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<bool> OutboxStore::ClaimPeriod(const std::string& job,
                                              const std::string& period,
                                              absl::Time now,
                                              absl::Time lease_until,
                                              absl::Time deadline) {
  return db::InTransaction<bool>(
      *pool_, deadline, "claim job period",
      [&](sql::Connection& c) -> absl::StatusOr<bool> {
        db::ExecuteUpdate(c,
                          "INSERT INTO notification_jobs (job, period, done, "
                          "lease_until) VALUES (?, ?, FALSE, ?) ON DUPLICATE "
                          "KEY UPDATE job = job",
                          job, period, absl::FromUnixSeconds(86400));  // free
        // The row exists now: take it when it is free, under its row lock.
        return db::ExecuteUpdate(c,
                                 "UPDATE notification_jobs SET lease_until = ? "
                                 "WHERE job = ? AND period = ? AND NOT done "
                                 "AND lease_until < ?",
                                 lease_until, job, period, now) > 0;
      });
}

absl::Status OutboxStore::FinishPeriod(const std::string& job,
                                       const std::string& period,
                                       absl::Time now, absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "finish job period", [&](sql::Connection& c) {
        db::ExecuteUpdate(c,
                          "UPDATE notification_jobs SET done = TRUE, "
                          "finish_time = ? WHERE job = ? AND period = ?",
                          now, job, period);
        return absl::OkStatus();
      });
}

}  // namespace samen::notify

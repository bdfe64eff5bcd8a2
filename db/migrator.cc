// Migrate: applies the pending migrations of one service database under
// GET_LOCK.
//
// MySQL commits DDL implicitly, so a migration is not atomic: when statement k
// of a file fails, statements 1..k-1 stay applied and the migration is not
// recorded. Write migrations so that they can run again after a fix (IF NOT
// EXISTS, one DDL change per file where practical), or split them.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "db/errors.h"
#include "db/migrator.h"
#include "db/session.h"
#include "db/statement.h"

namespace samen::db {
namespace {

constexpr char kLockPrefix[] = "samen_migrate_";
constexpr size_t kMaxLockName =
    64;  // MySQL refuses longer user-level lock names
// A DDL statement waiting for a metadata lock (a long transaction on the table)
// gives up after this instead of the server default of a year, which would
// stall every query queued behind it.
constexpr int kMetadataLockWaitSeconds = 120;

bool ValidDatabaseName(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_';
  });
}

std::string LockName(const std::string& database) {
  std::string name = absl::StrCat(kLockPrefix, database);
  if (name.size() > kMaxLockName) {
    name = absl::StrCat(
        kLockPrefix,
        Checksum(database).substr(0, kMaxLockName - (sizeof(kLockPrefix) - 1)));
  }
  return name;
}

sql::SQLString Sql(absl::string_view text) {
  return sql::SQLString(text.data(), text.size());
}

std::string Short(const std::string& checksum) {
  return checksum.substr(0, 12);
}

// Holds the named lock for the lifetime of the object (and of the session
// anyway).
class NamedLock {
 public:
  NamedLock(sql::Connection& conn, std::string name)
      : conn_(conn), name_(std::move(name)) {}
  NamedLock(const NamedLock&) = delete;
  NamedLock& operator=(const NamedLock&) = delete;

  // OK when taken; DEADLINE_EXCEEDED when another session held it for
  // `timeout`.
  absl::Status Acquire(absl::Duration timeout) {
    std::unique_ptr<sql::PreparedStatement> ps(
        conn_.prepareStatement("SELECT GET_LOCK(?, ?)"));
    ps->setString(1, name_);
    ps->setInt(2, static_cast<int>(
                      std::max<int64_t>(0, absl::ToInt64Seconds(timeout))));
    std::unique_ptr<sql::ResultSet> rs(ps->executeQuery());
    if (!rs->next() || rs->isNull(1)) {
      return absl::InternalError(
          absl::StrCat("could not take the lock ", name_));
    }
    if (rs->getInt(1) != 1) {
      return absl::DeadlineExceededError(
          absl::StrCat("another migrator held the lock ", name_,
                       " for longer than ", absl::FormatDuration(timeout)));
    }
    held_ = true;
    return absl::OkStatus();
  }

  ~NamedLock() {
    if (!held_) {
      return;
    }
    try {
      std::unique_ptr<sql::PreparedStatement> ps(
          conn_.prepareStatement("SELECT RELEASE_LOCK(?)"));
      ps->setString(1, name_);
      std::unique_ptr<sql::ResultSet> rs(ps->executeQuery());
    } catch (const sql::SQLException&) {
      // The lock goes with the session, which closes next.
    }
  }

 private:
  sql::Connection& conn_;
  const std::string name_;
  bool held_ = false;
};

struct AppliedMigration {
  std::string name;
  std::string checksum;
};

// Sorted by version; INVALID_ARGUMENT for a list that cannot be applied.
absl::StatusOr<std::vector<const Migration*>> Ordered(
    const std::vector<Migration>& migrations) {
  std::vector<const Migration*> ordered;
  for (const Migration& m : migrations) {
    if (m.version <= 0 || m.name.empty() || m.name.size() > 255) {
      return absl::InvalidArgumentError(absl::StrCat(
          "migration '", m.name,
          "' needs a positive version and a name of 1 to 255 bytes"));
    }
    ordered.push_back(&m);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration* a, const Migration* b) {
              return a->version < b->version;
            });
  for (size_t i = 1; i < ordered.size(); ++i) {
    if (ordered[i]->version == ordered[i - 1]->version) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations ", ordered[i - 1]->name, " and ",
                       ordered[i]->name, " share a version"));
    }
  }
  return ordered;
}

std::map<int, AppliedMigration> ReadApplied(sql::Connection& conn) {
  std::map<int, AppliedMigration> applied;
  std::unique_ptr<sql::Statement> stmt(conn.createStatement());
  std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(
      "SELECT version, name, checksum FROM schema_migrations"));
  while (rs->next()) {
    applied[rs->getInt(1)] = AppliedMigration{rs->getString(2).asStdString(),
                                              rs->getString(3).asStdString()};
  }
  return applied;
}

// Applies one migration statement by statement and records it.
absl::Status Apply(sql::Connection& conn, const Migration& m) {
  const std::vector<std::string> statements = SplitStatements(m.sql);
  for (size_t i = 0; i < statements.size(); ++i) {
    try {
      Execute(conn, statements[i]);
    } catch (const sql::SQLException& e) {
      if (internal::IsDead(conn, e)) {
        throw;
      }
      // The server's message names our own DDL, never request data: it is what
      // an operator needs to fix the file.
      return absl::InternalError(absl::StrCat(
          "migration ", m.name, " failed at statement ", i + 1, " of ",
          statements.size(), " (mysql error ", e.getErrorCode(), ": ", e.what(),
          "); the statements before it ", i == 0 ? "(none) " : "",
          "stay applied"));
    }
  }
  std::unique_ptr<sql::PreparedStatement> ps(conn.prepareStatement(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
      "VALUES (?, ?, ?, UTC_TIMESTAMP(6))"));
  ps->setInt(1, m.version);
  ps->setString(2, m.name);
  ps->setString(3, Checksum(m.sql));
  ps->executeUpdate();
  return absl::OkStatus();
}

// The framework's tables, in every service database (data_map.cc maps them):
// the migrations applied, the idempotency store's keys, the job leases.
void CreateFrameworkTables(sql::Connection& conn) {
  Execute(
      conn,
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version INT NOT NULL PRIMARY KEY, "
      "name VARCHAR(255) NOT NULL, "
      "checksum CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, "
      "applied_at DATETIME(6) NOT NULL"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci");
  // The outcomes of idempotent requests (services/common/idempotency_store.h).
  Execute(
      conn,
      "CREATE TABLE IF NOT EXISTS idempotency_keys ("
      "subject VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, "
      "method VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, "
      "request_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT "
      "NULL, "
      "fingerprint CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, "
      "done BOOLEAN NOT NULL DEFAULT FALSE, "
      "status_code INT NOT NULL DEFAULT 0, "
      "status_message TEXT NULL, "
      "status_details BLOB NULL, "
      "response MEDIUMBLOB NULL, "
      "claimed_at DATETIME(6) NOT NULL, "
      "expires_at DATETIME(6) NOT NULL, "
      "PRIMARY KEY (subject, method, request_id), "
      "KEY ix_idempotency_expires (expires_at)"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci");

  // And the leases of periodic jobs that one replica at a time runs
  // (db/job_lease.h).
  Execute(
      conn,
      "CREATE TABLE IF NOT EXISTS job_leases ("
      "job VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, "
      "holder VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, "
      "lease_until DATETIME(6) NOT NULL, "
      "PRIMARY KEY (job)"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci");
}

absl::Status MigrateOn(sql::Connection& conn, const std::string& database,
                       const std::vector<const Migration*>& migrations,
                       absl::Duration lock_timeout) {
  Execute(conn, absl::StrCat("SET @@SESSION.lock_wait_timeout=",
                             kMetadataLockWaitSeconds));
  Execute(conn, absl::StrCat(
                    "CREATE DATABASE IF NOT EXISTS `", database,
                    "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"));
  conn.setSchema(Sql(database));

  NamedLock lock(conn, LockName(database));
  if (absl::Status s = lock.Acquire(lock_timeout); !s.ok()) {
    return s;
  }
  CreateFrameworkTables(conn);

  // Everything applied must still be known and unchanged before anything new is
  // applied.
  const std::map<int, AppliedMigration> applied = ReadApplied(conn);
  std::map<int, const Migration*> known;
  for (const Migration* m : migrations) {
    known[m->version] = m;
  }
  for (const auto& [version, row] : applied) {
    auto it = known.find(version);
    if (it == known.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("database ", database, " has migration ", row.name,
                       " applied, which this binary does not know: the "
                       "database is newer than this binary"));
    }
    const std::string checksum = Checksum(it->second->sql);
    if (checksum != row.checksum) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", it->second->name,
          " was edited after it was applied (checksum ", Short(row.checksum),
          "... in the database, ", Short(checksum),
          "... in this binary); add a new migration instead"));
    }
  }
  const int newest_applied = applied.empty() ? 0 : applied.rbegin()->first;
  for (const Migration* m : migrations) {
    if (applied.count(m->version) > 0) {
      continue;
    }
    if (m->version < newest_applied) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", m->name, " is older than ",
                       applied.rbegin()->second.name,
                       ", which is already applied; give it a higher number"));
    }
    if (absl::Status s = Apply(conn, *m); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Migrate(const MysqlOptions& options, const std::string& database,
                     const std::vector<Migration>& migrations,
                     absl::Duration lock_timeout) {
  if (!ValidDatabaseName(database)) {
    return absl::InvalidArgumentError(
        "database name must be 1 to 64 ASCII letters, digits or underscores");
  }
  absl::StatusOr<std::vector<const Migration*>> ordered = Ordered(migrations);
  if (!ordered.ok()) {
    return ordered.status();
  }
  // Long DDL and the wait for the lock must not trip the socket timeout.
  const absl::Duration io_timeout = std::max(
      {options.io_timeout, absl::Hours(1), lock_timeout + absl::Minutes(1)});
  internal::Session session;
  try {
    session =
        internal::OpenSession(internal::Driver(), options, "", io_timeout);
  } catch (const sql::SQLException& e) {
    return internal::ConnectFailed(e);
  }
  const std::string what = absl::StrCat("migrate ", database);
  try {
    return internal::Prefixed(
        what, MigrateOn(*session.conn, database, *ordered, lock_timeout));
  } catch (const sql::SQLException& e) {
    if (internal::IsDead(*session.conn, e)) {
      return FromSqlException(e, what);
    }
    return absl::InternalError(
        absl::StrCat(what, ": mysql error ", e.getErrorCode(), ": ", e.what()));
  }
}

}  // namespace samen::db

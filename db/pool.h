#pragma once

// A bounded pool of MySQL connections (Connector/C++ 1.1.12, JDBC-style sql::
// API).
//
// Connections are opened lazily, so a server starts while MySQL is down and
// recovers by itself when it comes back. A connection idle longer than
// `validate_after_idle` is validated before it is handed out; a connection on
// which a connection-level error happened (lost, gone away) is discarded
// instead of returned, and replaced on demand.
//
// Every connection's session runs in UTC, utf8mb4 (utf8mb4_unicode_520_ci),
// strict sql_mode, REPEATABLE READ and autocommit; a lease must give it back
// that way (end any transaction it began). Leases must not outlive their pool:
// destroy or release every Lease before the Pool.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sql {
class Connection;
class Driver;
}  // namespace sql

namespace samen::db {

struct MysqlOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user = "samen";
  std::string password;
  // Database to USE on every connection; empty for none (the migrator creates
  // it).
  std::string database;
  // Most connections open at once.
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(3);
  // A connection idle this long is pinged before use.
  absl::Duration validate_after_idle = absl::Seconds(10);
  // A socket read or write that takes longer fails the connection, so a dead
  // server cannot hang a thread. Also the longest any single statement can run.
  absl::Duration io_timeout = absl::Seconds(30);
};

class Pool;

// RAII lease of one pooled connection; returns it (or discards it when broken)
// on destruction, so a connection cannot leak on an error path.
class Lease {
 public:
  // Empty (holds nothing). Defined out of line because Slot is incomplete here.
  Lease();
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  sql::Connection& conn() const;
  sql::Connection* operator->() const { return &conn(); }

  // Makes the session honour `deadline`: statements and lock waits give up when
  // it passes (MariaDB max_statement_time / MySQL max_execution_time,
  // innodb_lock_wait_timeout). Costs a round trip only when the rounded limits
  // differ from the session's current ones.
  absl::Status ApplyDeadline(absl::Time deadline);

  // Discard the connection instead of returning it to the pool.
  void MarkBroken() { broken_ = true; }
  bool broken() const { return broken_; }

  // True when the connection served an earlier lease (it may have gone stale
  // while idle).
  bool reused() const;

 private:
  friend class Pool;
  struct Slot;
  Lease(Pool* pool, std::unique_ptr<Slot> slot);

  Pool* pool_ = nullptr;
  std::unique_ptr<Slot> slot_;
  bool broken_ = false;
};

class Pool {
 public:
  explicit Pool(MysqlOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Waits for a free connection until `deadline`; opens one when below
  // pool_size. UNAVAILABLE when MySQL cannot be reached; DEADLINE_EXCEEDED when
  // none frees in time.
  absl::StatusOr<Lease> Acquire(absl::Time deadline);
  // Like Acquire, but pings an idle connection before handing it out whatever
  // its idle time: for a second try after a pooled connection turned out dead.
  absl::StatusOr<Lease> AcquireValidated(absl::Time deadline);

  const MysqlOptions& options() const { return options_; }
  // Connections open now (leased or idle), for metrics and tests.
  int open_connections() const;
  // Connections discarded as broken since start.
  int64_t discarded_connections() const;

 private:
  friend class Lease;
  absl::StatusOr<Lease> AcquireImpl(absl::Time deadline, bool validate);
  void Release(std::unique_ptr<Lease::Slot> slot, bool broken);
  void Discard(std::unique_ptr<Lease::Slot> slot);
  // Opens a connection, giving up on connecting by `deadline` (in whole
  // seconds).
  absl::StatusOr<std::unique_ptr<Lease::Slot>> Open(absl::Time deadline);

  const MysqlOptions options_;
  sql::Driver* driver_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Lease::Slot>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t discarded_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace samen::db

#pragma once

// Forward-only SQL migrations per service
// (db/migrations/<service>/NNNN_name.sql), compiled into the binary. Applied in
// order, each recorded in the service database's `schema_migrations` table with
// its SHA-256 checksum. Several replicas may start at once: the migrator holds
// GET_LOCK('samen_migrate_<database>') while it works. An applied migration
// whose file has changed since is an error (FAILED_PRECONDITION), and nothing
// further is applied.

#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "db/pool.h"

namespace samen::db {

struct Migration {
  int version = 0;   // NNNN from the file name
  std::string name;  // file name without extension, e.g. "0001_initial"
  std::string sql;   // file contents; statements split by SplitStatements
};

// The migrations compiled in for a service ("partners", ...), sorted by
// version; empty when unknown.
const std::vector<Migration>& MigrationsFor(absl::string_view service);

// The services that have migrations compiled in, sorted.
std::vector<std::string> ServicesWithMigrations();

// Splits a migration file into statements on ';' outside quotes ('...', "...",
// `...`, with backslash and doubled-quote escapes) and outside -- / # / /* */
// comments. Empty and comment-only statements are dropped. There is no
// DELIMITER: stored routines and triggers with compound bodies cannot be
// written in a migration.
std::vector<std::string> SplitStatements(absl::string_view sql);

// Hex SHA-256 of the file contents.
std::string Checksum(absl::string_view sql);

// Creates `database` if missing and applies what is pending. `options.database`
// is ignored; the connection is opened without a default database first.
absl::Status Migrate(const MysqlOptions& options, const std::string& database,
                     const std::vector<Migration>& migrations,
                     absl::Duration lock_timeout = absl::Seconds(60));

}  // namespace samen::db

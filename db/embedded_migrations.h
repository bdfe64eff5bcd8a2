#pragma once

// Private to samen_db: the migration files compiled in. The definition is
// generated at configure time from db/migrations/<service>/NNNN_name.sql (see
// embed_migrations.cmake).

#include <cstddef>
#include <vector>

namespace samen::db::internal {

struct EmbeddedMigration {
  const char* service;  // directory name, e.g. "partners"
  int version;          // NNNN
  const char* name;     // file name without ".sql"
  const char* sql;      // file contents, `sql_size` bytes
  size_t sql_size;
};

// Every migration file, in service then version order.
std::vector<EmbeddedMigration> EmbeddedMigrations();

}  // namespace samen::db::internal

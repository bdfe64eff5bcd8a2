#pragma once

// A person's data in one service database, exported or erased as the
// service's data map (privacy/data_map.h) says. Table and column names come
// only from the map, a constant of the code; the person's id and the
// pseudonym are bound to placeholders.
//
//   ASSIGN_OR_RETURN(google::protobuf::Struct data,
//                    privacy::ExportPerson(conn, InductionDataMap(), id));
//   privacy::ErasureOptions options{.pseudonym = "erased-4f1c..."};
//   ASSIGN_OR_RETURN(auto counts,
//                    privacy::ErasePerson(conn, InductionDataMap(), id,
//                                         options));
//
// Both take a connection in autocommit mode (db::RunWithConnection): the
// export reads table by table; the erasure changes at most
// `options.batch_size` rows per statement, each statement its own short
// transaction, so it never holds locks on a hot table for long. It is
// idempotent: rows already deleted are gone, rows already anonymised no
// longer hold the person's id, so running it again, or again after it stopped
// half-way (a crash, a failed statement), finishes the work and changes
// nothing twice. Give every run of one erasure the same pseudonym, so that the
// anonymised rows of one person stay one (anonymous) person: an erased
// starter's sessions still count for their school.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/struct.pb.h"
#include "services/common/privacy/data_map.h"

namespace sql {
class Connection;
}

namespace samen::privacy {

// Every row that belongs to `person_id` (any of each table's links), with the
// columns the map exports (personal ones and those needed to understand
// them): {"service": ..., "person": ..., "tables": {table: [{column: value}]}},
// a table with no rows of theirs as an empty list. Numbers as numbers, NULL
// as null, binary columns as hex, everything else as text.
absl::StatusOr<google::protobuf::Struct> ExportPerson(
    sql::Connection& c, const DataMap& map, absl::string_view person_id);

// The export as JSON text.
absl::StatusOr<std::string> ExportPersonJson(sql::Connection& c,
                                             const DataMap& map,
                                             absl::string_view person_id);

struct ErasureOptions {
  // Replaces the person's id in the rows that are kept anonymised; the same
  // on every run of one erasure. Not empty, not the person's id, at most 64
  // bytes of [A-Za-z0-9_-].
  std::string pseudonym;
  // Rows changed per statement.
  int batch_size = 500;
  // Called after every statement that changed rows; a non-OK status stops
  // the erasure there and is returned (cancellation, a deadline).
  std::function<absl::Status(absl::string_view table, int64_t rows)>
      after_batch;
};

// What an erasure did to one table.
struct TableErasure {
  std::string table;
  int64_t deleted = 0;
  int64_t anonymised = 0;
  int64_t kept = 0;  // rows of the person left as they are (Erasure::kKeep)
};

// Applies each table's links in map order. INVALID_ARGUMENT for an empty
// person id, a bad pseudonym or a map that does not validate; a failed
// statement's status (db::FromSqlException) naming the table.
absl::StatusOr<std::vector<TableErasure>> ErasePerson(
    sql::Connection& c, const DataMap& map, absl::string_view person_id,
    const ErasureOptions& options);

}  // namespace samen::privacy

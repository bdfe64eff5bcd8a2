#pragma once

// The data map (AVG/GDPR, docs/privacy.md): for every table of a service's
// database what it is for, how its rows belong to a person, what each column
// holds, who may read it, how long it stays and what erasing a person does to
// it. One map per service, next to its code (services/<svc>/privacy_map.cc),
// written as compile-time constants, so that the export and erase engine
// (privacy/engine.h) never takes a table or column name from anywhere else;
// tests/integration/privacy/register_test.cc checks every map against the
// migrated schema, column for column, and docs/privacy.md is printed from the
// maps (`samen-server privacy-register`).
//
//   constexpr privacy::Column kNotesColumns[] = {
//       {.name = "id", .kind = DataKind::kNotPersonal, .context = true},
//       {.name = "text", .kind = DataKind::kCoachingContent,
//        .readers = "the starter and the coach of the session"},
//   };
//   constexpr privacy::Link kNotesLinks[] = {
//       {.column = "author_id", .action = Erasure::kDelete},
//   };
//   constexpr privacy::Table kTables[] = {{.name = "coaching_notes", ...}};

#include <span>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace samen::privacy {

// What a column holds, for a person.
enum class DataKind {
  kNotPersonal,      // nothing about a person (ids of organisations, counters)
  kIdentifying,      // who someone is: their id, name, account
  kContact,          // how to reach someone: e-mail, links, addresses
  kEmployment,       // their school, programme, role, dates of their job
  kCoachingContent,  // what a starter and a coach shared: sensitive
  kAttendance,       // sessions booked, held, missed, cancelled
  kHours,            // professionalisation hours credited
  kPreferences,      // settings and wishes they gave
  kFeedback,         // opinions they wrote (evaluations)
  kTechnical,        // logs, sessions, hashes of secrets, delivery records
};

// What erasing a person does to a row that belongs to them.
enum class Erasure {
  kDelete,     // the row goes
  kAnonymise,  // the row stays (it counts for someone else); the person's
               // columns are scrubbed (Column::scrub)
  kKeep,       // the row stays as it is, for the reason given
};

// What anonymising does to a column of a row being anonymised.
enum class Scrub {
  kKeep,       // unchanged
  kNull,       // set to NULL (the column must be nullable)
  kReplace,    // set to Column::replacement
  kPseudonym,  // a person-id column: where it holds the erased person's id,
               // set to the erasure's pseudonym; another person's id stays
};

// Whether the export of a person's data shows a column.
enum class Export {
  kDefault,   // personal columns, yes; columns that are not personal, no
  kContext,   // not personal, but needed to understand the rest (kind, state)
  kWithheld,  // personal but never handed out (a hash of a credential)
};

struct Column {
  absl::string_view name;
  DataKind kind = DataKind::kNotPersonal;
  // Who may read the column, when it differs from the table's readers.
  absl::string_view readers = {};
  Scrub scrub = Scrub::kKeep;
  absl::string_view replacement = {};  // Scrub::kReplace only
  Export export_as = Export::kDefault;
};

// One way a row belongs to a person: `column` holds their id, or, with
// `condition`, an SQL condition of the code with one `?` (bound to the
// person's id) says which rows are theirs through another table, e.g.
// "entry_id IN (SELECT id FROM calendar_entries WHERE starter_id = ?)".
struct Link {
  absl::string_view column;
  Erasure action = Erasure::kDelete;
  absl::string_view condition = {};
  absl::string_view why = {};  // kKeep: the legal reason; kAnonymise: for whom
};

// Which rows of a table are past their retention period: `condition` is an
// SQL condition of the code with one `?`, bound to the cutoff (now minus the
// table's period in days, a UTC DATETIME), e.g. "attempt_time < ?". The
// retention job (privacy/retention.h) deletes the rows it selects in small
// batches. When another part of the code already deletes the table's expired
// rows, `enforced_by` names it instead and the job leaves the table alone.
// Both empty: no row expires by time (it goes with the record it belongs to,
// or when someone deletes it), which the table's `retention` words say.
struct RetentionRule {
  absl::string_view condition = {};
  absl::string_view enforced_by = {};
};

struct Table {
  absl::string_view name;
  absl::string_view purpose;
  // Empty: no row belongs to a person (the table may still hold personal
  // data in free text, which its columns say; erasure does not touch it).
  std::span<const Link> links;
  std::span<const Column> columns;
  absl::string_view readers;    // the roles that read it, through the API
  absl::string_view retention;  // how long rows stay, in words
  int retention_days = 0;       // the default period, when it is one; else 0
  // Which rows are past `retention_days` (overridable with --retention).
  RetentionRule expiry = {};
  // Its anonymising statements run with foreign_key_checks off: rows whose
  // foreign key points at a parent keyed by the person's id (attendance at
  // an enrolment), which this erasure moves to the same pseudonym too, so the
  // keys agree again when it has run through (and on the re-run after a
  // stop between the two).
  bool relaxed_foreign_keys = false;
};

// The tables of one service's database, in erasure order: a table whose
// Link::condition reads another table comes before that table is changed
// (notes before the entries they hang on), children before the parents their
// foreign keys point to.
struct DataMap {
  absl::string_view service;  // "induction"; database samen_<service>
  std::span<const Table> tables;
};

absl::string_view KindName(DataKind kind);
absl::string_view ErasureName(Erasure erasure);
bool IsPersonal(DataKind kind);

// The SQL condition (one `?`, the person's id) selecting the rows `link`
// makes a person's: "<column> = ?", or its own condition.
std::string LinkCondition(const Link& link);

// The tables the framework creates in every service database (the migrator's
// schema_migrations, the idempotency store's idempotency_keys).
std::span<const Table> FrameworkTables();

// The service's tables followed by the framework's: what the engine and the
// register cover.
std::vector<const Table*> AllTables(const DataMap& map);

// INVALID_ARGUMENT naming the table and column when the map cannot be applied:
// a duplicate table or column, a link to a column not listed, an anonymising
// link whose own column would still match after the scrub (not kPseudonym or
// kNull), kReplace without kAnonymise, a kept link without its reason.
absl::Status Validate(const DataMap& map);

// The register of processing (art. 30) as markdown: docs/privacy.md.
std::string RegisterMarkdown(std::span<const DataMap* const> maps);

}  // namespace samen::privacy

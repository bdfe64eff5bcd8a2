#include "services/common/privacy/data_map.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"

namespace samen::privacy {
namespace {

constexpr Column kSchemaMigrationsColumns[] = {
    {.name = "version"},
    {.name = "name"},
    {.name = "checksum"},
    {.name = "applied_at"},
};

constexpr Column kIdempotencyColumns[] = {
    {.name = "subject", .kind = DataKind::kIdentifying},
    {.name = "method", .kind = DataKind::kTechnical},
    {.name = "request_id", .kind = DataKind::kTechnical},
    {.name = "fingerprint", .kind = DataKind::kTechnical},
    {.name = "done"},
    {.name = "status_code", .kind = DataKind::kTechnical},
    {.name = "status_message", .kind = DataKind::kTechnical},
    {.name = "status_details",
     .kind = DataKind::kTechnical,
     .export_as = Export::kWithheld},
    {.name = "response",
     .kind = DataKind::kTechnical,
     .export_as = Export::kWithheld},
    {.name = "claimed_at", .kind = DataKind::kTechnical},
    {.name = "expires_at"},
};

// The holder is a replica (host name, process id), not a person.
constexpr Column kJobLeaseColumns[] = {
    {.name = "job"},
    {.name = "holder"},
    {.name = "lease_until"},
};

constexpr Link kIdempotencyLinks[] = {
    {.column = "subject", .action = Erasure::kDelete},
};

constexpr Table kFrameworkTables[] = {
    {.name = "schema_migrations",
     .purpose = "The migrations applied to this database (the migrator).",
     .columns = kSchemaMigrationsColumns,
     .readers = "operators",
     .retention = "as long as the database"},
    {.name = "idempotency_keys",
     .purpose =
         "The outcome of each mutating request carrying a request_id, replayed "
         "to its retries (docs/architecture.md, decision 2); the response may "
         "hold what the request returned to its caller.",
     .links = kIdempotencyLinks,
     .columns = kIdempotencyColumns,
     .readers = "nobody through the API: only the caller's own retries",
     .retention = "24 hours (the store's ttl), then pruned",
     .retention_days = 1,
     .expiry = {.enforced_by =
                    "the idempotency store, which deletes keys past their "
                    "expires_at (its 24-hour ttl) as requests arrive"}},
    {.name = "job_leases",
     .purpose = "Which replica runs a periodic job (the retention job) until "
                "when: one row per job, taken with one atomic UPDATE.",
     .columns = kJobLeaseColumns,
     .readers = "operators",
     .retention = "as long as the database (one row per job)"},
};

}  // namespace

absl::string_view KindName(DataKind kind) {
  switch (kind) {
    case DataKind::kNotPersonal:
      return "not personal";
    case DataKind::kIdentifying:
      return "identifying";
    case DataKind::kContact:
      return "contact";
    case DataKind::kEmployment:
      return "employment";
    case DataKind::kCoachingContent:
      return "coaching content (sensitive)";
    case DataKind::kAttendance:
      return "attendance";
    case DataKind::kHours:
      return "hours";
    case DataKind::kPreferences:
      return "preferences";
    case DataKind::kFeedback:
      return "feedback";
    case DataKind::kTechnical:
      return "technical/log";
  }
  return "unknown";
}

absl::string_view ErasureName(Erasure erasure) {
  switch (erasure) {
    case Erasure::kDelete:
      return "delete";
    case Erasure::kAnonymise:
      return "anonymise";
    case Erasure::kKeep:
      return "keep";
  }
  return "unknown";
}

bool IsPersonal(DataKind kind) { return kind != DataKind::kNotPersonal; }

std::string LinkCondition(const Link& link) {
  if (!link.condition.empty()) {
    return std::string(link.condition);
  }
  return absl::StrCat(link.column, " = ?");
}

std::span<const Table> FrameworkTables() { return kFrameworkTables; }

std::vector<const Table*> AllTables(const DataMap& map) {
  std::vector<const Table*> out;
  for (const Table& t : map.tables) {
    out.push_back(&t);
  }
  for (const Table& t : FrameworkTables()) {
    out.push_back(&t);
  }
  return out;
}

namespace {

const Column* FindColumn(const Table& table, absl::string_view name) {
  for (const Column& c : table.columns) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

absl::Status Invalid(const DataMap& map, const Table& table,
                     absl::string_view column, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("data map of ", map.service, ": ", table.name,
                   column.empty() ? "" : ".", column, ": ", what));
}

absl::Status ValidateLinks(const DataMap& map, const Table& t) {
  bool anonymises = false;
  for (const Link& link : t.links) {
    const Column* c = FindColumn(t, link.column);
    if (c == nullptr) {
      return Invalid(map, t, link.column,
                     "a link names a column the table does not list");
    }
    if (link.condition.empty() && !IsPersonal(c->kind)) {
      return Invalid(map, t, link.column,
                     "holds a person's id, so it is personal data");
    }
    if (link.action == Erasure::kKeep && link.why.empty()) {
      return Invalid(map, t, link.column, "kept without a reason");
    }
    if (link.action == Erasure::kAnonymise) {
      anonymises = true;
      if (!link.condition.empty()) {
        return Invalid(map, t, link.column,
                       "anonymises through a condition: only a person-id "
                       "column can be scrubbed so the row no longer matches");
      }
      if (c->scrub != Scrub::kPseudonym && c->scrub != Scrub::kNull) {
        return Invalid(map, t, link.column,
                       "anonymised rows would still belong to the person: "
                       "scrub it with kPseudonym or kNull");
      }
    }
  }
  for (const Column& c : t.columns) {
    if (c.scrub != Scrub::kKeep && !anonymises) {
      return Invalid(map, t, c.name,
                     "scrubbed, but no link of the table anonymises");
    }
    if (c.scrub != Scrub::kKeep && !IsPersonal(c.kind)) {
      return Invalid(map, t, c.name, "scrubbed, but not personal data");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateExpiry(const DataMap& map, const Table& t) {
  const RetentionRule& rule = t.expiry;
  if (rule.condition.empty()) {
    return absl::OkStatus();
  }
  if (!rule.enforced_by.empty()) {
    return Invalid(map, t, "",
                   "a retention condition and enforced_by both: one deleter "
                   "per table");
  }
  if (t.retention_days <= 0) {
    return Invalid(map, t, "",
                   "a retention condition needs a period (retention_days > "
                   "0)");
  }
  if (std::count(rule.condition.begin(), rule.condition.end(), '?') != 1) {
    return Invalid(map, t, "",
                   "a retention condition needs exactly one ? (the cutoff)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Validate(const DataMap& map) {
  std::set<absl::string_view> tables;
  for (const Table* t : AllTables(map)) {
    if (!tables.insert(t->name).second) {
      return Invalid(map, *t, "", "listed twice");
    }
    if (t->purpose.empty() || t->readers.empty() || t->retention.empty()) {
      return Invalid(map, *t, "", "needs a purpose, readers and a retention");
    }
    std::set<absl::string_view> columns;
    for (const Column& c : t->columns) {
      if (!columns.insert(c.name).second) {
        return Invalid(map, *t, c.name, "listed twice");
      }
    }
    if (absl::Status s = ValidateLinks(map, *t); !s.ok()) {
      return s;
    }
    if (absl::Status s = ValidateExpiry(map, *t); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace samen::privacy

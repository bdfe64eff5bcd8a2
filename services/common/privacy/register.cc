// RegisterMarkdown: docs/privacy.md, printed from the data maps.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "services/common/privacy/data_map.h"

namespace samen::privacy {
namespace {

constexpr DataKind kKinds[] = {
    DataKind::kIdentifying,     DataKind::kContact,    DataKind::kEmployment,
    DataKind::kCoachingContent, DataKind::kAttendance, DataKind::kHours,
    DataKind::kPreferences,     DataKind::kFeedback,   DataKind::kTechnical,
};

// Text for a table cell: no line breaks or column separators.
std::string Cell(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n", " "}});
}

std::string Links(const Table& t) {
  if (t.links.empty()) {
    return "no row belongs to a person";
  }
  std::vector<std::string> parts;
  for (const Link& l : t.links) {
    std::string part = absl::StrCat("`", l.column, "`");
    if (!l.condition.empty()) {
      absl::StrAppend(&part, " (", l.condition, ")");
    }
    absl::StrAppend(&part, ": **", ErasureName(l.action), "**");
    if (!l.why.empty()) {
      absl::StrAppend(&part, " — ", l.why);
    }
    parts.push_back(part);
  }
  return absl::StrJoin(parts, "; ");
}

std::string OnErasure(const Table& t, const Column& c) {
  bool deletes = false;
  bool anonymises = false;
  for (const Link& l : t.links) {
    deletes |= l.action == Erasure::kDelete;
    anonymises |= l.action == Erasure::kAnonymise;
  }
  std::vector<std::string> parts;
  if (deletes) {
    parts.push_back("deleted with the row");
  }
  if (anonymises) {
    switch (c.scrub) {
      case Scrub::kKeep:
        parts.push_back(IsPersonal(c.kind) ? "kept in an anonymised row"
                                           : "kept");
        break;
      case Scrub::kNull:
        parts.push_back("set to NULL");
        break;
      case Scrub::kReplace:
        parts.push_back(absl::StrCat("set to '", c.replacement, "'"));
        break;
      case Scrub::kPseudonym:
        parts.push_back("the person's id replaced by a pseudonym");
        break;
    }
  }
  if (parts.empty()) {
    return t.links.empty() ? "untouched" : "kept";
  }
  return absl::StrJoin(parts, "; ");
}

std::string ColumnKind(const Column& c) {
  std::string out(KindName(c.kind));
  if (c.export_as == Export::kWithheld) {
    absl::StrAppend(&out, " (withheld from the export)");
  }
  return out;
}

void AppendTable(std::string& out, const DataMap& map, const Table& t) {
  absl::StrAppend(&out, "### ", map.service, ".", t.name, "\n\n", t.purpose,
                  "\n\n");
  absl::StrAppend(&out, "- Belongs to a person: ", Links(t), "\n");
  absl::StrAppend(&out, "- Read by: ", t.readers, "\n");
  absl::StrAppend(&out, "- Retention: ", t.retention);
  if (t.retention_days > 0) {
    absl::StrAppend(&out, " (default ", t.retention_days, " days)");
  }
  if (!t.expiry.condition.empty()) {
    absl::StrAppend(&out, "\n- Expires: rows where `", t.expiry.condition,
                    "`, `?` being now minus the period; deleted by the "
                    "retention job");
  } else if (!t.expiry.enforced_by.empty()) {
    absl::StrAppend(&out, "\n- Expires: deleted by ", t.expiry.enforced_by);
  }
  absl::StrAppend(&out, "\n\n| column | personal data | read by | on erasure |",
                  "\n|---|---|---|---|\n");
  for (const Column& c : t.columns) {
    absl::StrAppend(&out, "| `", c.name, "` | ", ColumnKind(c), " | ",
                    IsPersonal(c.kind)
                        ? Cell(c.readers.empty() ? t.readers : c.readers)
                        : "",
                    " | ", IsPersonal(c.kind) ? OnErasure(t, c) : "", " |\n");
  }
  absl::StrAppend(&out, "\n");
}

// Kind -> "service.table.column" where it lives.
std::map<DataKind, std::vector<std::string>> WhereKindsLive(
    std::span<const DataMap* const> maps) {
  std::map<DataKind, std::vector<std::string>> out;
  for (const DataMap* map : maps) {
    for (const Table& t : map->tables) {
      for (const Column& c : t.columns) {
        if (IsPersonal(c.kind)) {
          out[c.kind].push_back(
              absl::StrCat("`", map->service, ".", t.name, ".", c.name, "`"));
        }
      }
    }
  }
  return out;
}

}  // namespace

std::string RegisterMarkdown(std::span<const DataMap* const> maps) {
  std::string out =
      "# Register of processing (AVG/GDPR art. 30)\n\n"
      "Generated from the data maps in the code — every service's "
      "`services/<service>/privacy_map.cc` and the framework's tables in "
      "`services/common/privacy/data_map.cc` — which the export and erase "
      "engine (`services/common/privacy/engine.h`) applies. Do not edit: "
      "change the map and run `build/bin/samen-server privacy-register > "
      "docs/privacy.md`. `privacy_register_test` checks every table and "
      "column of every migrated database against the maps, and this file "
      "against them.\n\n"
      "Erasure: **delete** removes the person's rows; **anonymise** keeps the "
      "row (it counts for someone else) with the person's id replaced by the "
      "erasure's pseudonym and their other columns cleared; **keep** leaves "
      "the row, for the reason given. The pseudonym starts with `erased-`, "
      "an id the directory gives nobody.\n\n"
      "Retention: each period below is a default. Where a table says which "
      "rows are past it (\"expires\"), the retention job of its service "
      "(`services/common/privacy/retention.h`) deletes them: every hour "
      "(`--retention_interval`), on one replica at a time (a lease in the "
      "database's `job_leases`), in batches of a few hundred rows, each its "
      "own short autocommit DELETE with a pause between, and logs the count "
      "per table. `--retention` (`SAMEN_RETENTION`) overrides the period of "
      "a table by name, e.g. `--retention=coaching_notes=180,"
      "notification_attempts=30` (days); a name without such a rule is "
      "refused at start. Where another part of the code already deletes a "
      "table's expired rows, the table names it; the rest go with the record "
      "they belong to or when someone deletes them.\n\n"
      "Every service applies its map through two internal RPCs, gRPC only "
      "(no HTTP route), for the `service` role (the privacy operation) and "
      "administrators: `ExportPersonData` (the person's rows as JSON, plus "
      "files: induction's `sessions.ics`, their sessions as their calendar "
      "feed renders them; professionalisation's `hours.csv`, their "
      "development record) and `ErasePersonData` (induction first cancels "
      "the starter's future bookings, so their coaches' time is free again "
      "and the coaches are told).\n\n"
      "A person's export and erasure run as operations (AIP-151) of the "
      "partners service: the person, or an administrator on their behalf, "
      "asks `POST /v1/people/{person}:exportData`; an administrator asks "
      "`POST /v1/people/{person}:erase` (docs/security.md). Both answer at "
      "once with an operation (`GET /v1/operations/{operation}`, "
      "`GET /v1/people/{person}/operations`) with one step per service, "
      "which the partners service's privacy worker works off on any replica: "
      "it calls that service's internal `ExportPersonData` or "
      "`ErasePersonData` (which apply the maps below), calls again when a "
      "service is unreachable or stopped at its deadline, and a step a "
      "stopped worker left is finished by another. An erasure's pseudonym "
      "(`erased-...`) is chosen once for all services, and the directory "
      "(partners) is erased last. A finished export is a ZIP with "
      "`<service>/data.json`, the services' own files "
      "(`induction/sessions.ics`, `professionalisation/hours.csv`) and a "
      "`LEESMIJ.txt`; only the person downloads it "
      "(`GET /v1/people/{person}/dataExports/{export}:download`), for 7 days "
      "(`--privacy_export_ttl`). An administrator's export of someone else "
      "is a read of their record, on record where reads are (a starter's "
      "access records, a student's). An erasure's operation stays, "
      "pseudonymised, as the record that it was honoured.\n\n"
      "## Kinds of personal data and where they live\n\n"
      "| kind | where |\n|---|---|\n";
  const auto where = WhereKindsLive(maps);
  for (DataKind kind : kKinds) {
    auto it = where.find(kind);
    absl::StrAppend(
        &out, "| ", KindName(kind), " | ",
        it == where.end() ? "nowhere" : absl::StrJoin(it->second, ", "),
        " |\n");
  }
  absl::StrAppend(&out, "\n");
  for (const DataMap* map : maps) {
    absl::StrAppend(&out, "## ", map->service, " (database `samen_",
                    map->service, "`)\n\n");
    for (const Table& t : map->tables) {
      AppendTable(out, *map, t);
    }
  }
  absl::StrAppend(&out, "## Every service database\n\n");
  const DataMap framework{.service = "*", .tables = FrameworkTables()};
  for (const Table& t : framework.tables) {
    AppendTable(out, framework, t);
  }
  return out;
}

}  // namespace samen::privacy

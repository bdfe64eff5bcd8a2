#include "services/common/privacy/engine.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/datatype.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/resultset_metadata.h"
#include "db/errors.h"
#include "db/statement.h"
#include "google/protobuf/util/json_util.h"

namespace samen::privacy {
namespace {

std::string AnyLink(const Table& t) {
  std::vector<std::string> parts;
  for (const Link& l : t.links) {
    parts.push_back(absl::StrCat("(", LinkCondition(l), ")"));
  }
  return absl::StrJoin(parts, " OR ");
}

bool Exported(const Column& c) {
  if (c.export_as == Export::kWithheld) {
    return false;
  }
  return c.export_as == Export::kContext || IsPersonal(c.kind);
}

google::protobuf::Value ValueOf(sql::ResultSet& rs, int type, unsigned int i) {
  google::protobuf::Value v;
  if (rs.isNull(i)) {
    v.set_null_value(google::protobuf::NULL_VALUE);
    return v;
  }
  switch (type) {
    case sql::DataType::BIT:
    case sql::DataType::TINYINT:
    case sql::DataType::SMALLINT:
    case sql::DataType::MEDIUMINT:
    case sql::DataType::INTEGER:
    case sql::DataType::BIGINT:
      v.set_number_value(static_cast<double>(rs.getInt64(i)));
      return v;
    case sql::DataType::BINARY:
    case sql::DataType::VARBINARY:
    case sql::DataType::LONGVARBINARY:
      v.set_string_value(absl::BytesToHexString(rs.getString(i).asStdString()));
      return v;
    default:
      v.set_string_value(rs.getString(i).asStdString());
      return v;
  }
}

// The person's rows of one table, exported columns only.
google::protobuf::ListValue ExportTable(sql::Connection& c, const Table& t,
                                        absl::string_view person_id) {
  std::vector<std::string> columns;
  for (const Column& col : t.columns) {
    if (Exported(col)) {
      columns.emplace_back(col.name);
    }
  }
  google::protobuf::ListValue rows;
  auto ps = db::Prepare(
      c, absl::StrCat("SELECT ", absl::StrJoin(columns, ", "), " FROM ", t.name,
                      " WHERE ", AnyLink(t), " ORDER BY ", columns.front()));
  for (size_t i = 0; i < t.links.size(); ++i) {
    ps->setString(static_cast<int>(i + 1), std::string(person_id));
  }
  db::Rows rs(ps->executeQuery());
  std::vector<int> types;
  for (size_t i = 0; i < columns.size(); ++i) {
    types.push_back(
        rs->getMetaData()->getColumnType(static_cast<unsigned int>(i + 1)));
  }
  while (rs->next()) {
    google::protobuf::Struct row;
    for (size_t i = 0; i < columns.size(); ++i) {
      (*row.mutable_fields())[columns[i]] =
          ValueOf(*rs, types[i], static_cast<unsigned int>(i + 1));
    }
    *rows.add_values()->mutable_struct_value() = std::move(row);
  }
  return rows;
}

bool HasExportedColumn(const Table& t) {
  for (const Column& c : t.columns) {
    if (Exported(c)) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<google::protobuf::Struct> ExportPerson(
    sql::Connection& c, const DataMap& map, absl::string_view person_id) {
  if (person_id.empty()) {
    return absl::InvalidArgumentError("export: the person's id is empty");
  }
  if (absl::Status s = Validate(map); !s.ok()) {
    return s;
  }
  google::protobuf::Struct out;
  auto& fields = *out.mutable_fields();
  fields["service"].set_string_value(std::string(map.service));
  fields["person"].set_string_value(std::string(person_id));
  auto& tables = *fields["tables"].mutable_struct_value()->mutable_fields();
  for (const Table* t : AllTables(map)) {
    if (t->links.empty() || !HasExportedColumn(*t)) {
      continue;
    }
    try {
      *tables[std::string(t->name)].mutable_list_value() =
          ExportTable(c, *t, person_id);
    } catch (const sql::SQLException& e) {
      return db::FromSqlException(e, absl::StrCat("export ", t->name));
    }
  }
  return out;
}

absl::StatusOr<std::string> ExportPersonJson(sql::Connection& c,
                                             const DataMap& map,
                                             absl::string_view person_id) {
  absl::StatusOr<google::protobuf::Struct> data =
      ExportPerson(c, map, person_id);
  if (!data.ok()) {
    return data.status();
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  auto status =
      google::protobuf::util::MessageToJsonString(*data, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("export: cannot print JSON: ", status.ToString()));
  }
  return json;
}

}  // namespace samen::privacy

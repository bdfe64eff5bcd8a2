#include "db/keyset.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/sql_time.h"

namespace samen::db {

std::string EncodeTimeKey(absl::Time time, absl::string_view id) {
  return absl::StrCat(absl::ToUnixMicros(time), "|", id);
}

std::optional<TimeKey> DecodeTimeKey(absl::string_view key) {
  const size_t bar = key.find('|');
  if (bar == absl::string_view::npos || bar == 0) {
    return std::nullopt;
  }
  const absl::string_view time = key.substr(0, bar);
  TimeKey out;
  out.id = std::string(key.substr(bar + 1));
  int64_t micros = 0;
  if (absl::SimpleAtoi(time, &micros)) {
    out.time = absl::FromUnixMicros(micros);
    return out;
  }
  absl::StatusOr<absl::Time> parsed = ParseSqlDatetime(time);
  if (!parsed.ok()) {
    return std::nullopt;
  }
  out.time = *parsed;
  return out;
}

Keyset::Keyset(std::string sort_column, std::string id_column)
    : sort_column_(std::move(sort_column)), id_column_(std::move(id_column)) {}

void Keyset::After(const Where::Arg& sort, const Where::Arg& id,
                   Where& where) const {
  where.Add(absl::StrCat("(", sort_column_, " > ? OR (", sort_column_,
                         " = ? AND ", id_column_, " > ?))"),
            {sort, sort, id});
}

bool Keyset::AfterTimeKey(absl::string_view key, Where& where) const {
  if (key.empty()) {
    return true;
  }
  std::optional<TimeKey> decoded = DecodeTimeKey(key);
  if (!decoded.has_value()) {
    return false;
  }
  After(decoded->time, decoded->id, where);
  return true;
}

std::string Keyset::OrderByLimit() const {
  return absl::StrCat(" ORDER BY ", sort_column_, ", ", id_column_, " LIMIT ?");
}

}  // namespace samen::db

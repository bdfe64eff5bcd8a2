#include "db/run.h"

#include "absl/strings/str_cat.h"
#include "db/where.h"

namespace samen::db {

int DeleteChildrenExcept(sql::Connection& c, absl::string_view table,
                         absl::string_view parent_column,
                         absl::string_view parent_id,
                         absl::string_view child_column,
                         const std::vector<std::string>& keep) {
  std::string text =
      absl::StrCat("DELETE FROM ", table, " WHERE ", parent_column, " = ?");
  if (!keep.empty()) {
    absl::StrAppend(&text, " AND ", child_column, " NOT IN (",
                    Placeholders(keep.size()), ")");
  }
  auto ps = Prepare(c, text);
  BindValue(*ps, 1, parent_id);
  for (size_t i = 0; i < keep.size(); ++i) {
    BindValue(*ps, static_cast<int>(i) + 2, keep[i]);
  }
  return ps->executeUpdate();
}

}  // namespace samen::db

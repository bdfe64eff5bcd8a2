#pragma once

// The output-only fields every stored resource carries, read from its row the
// same way in every repository: etag (from the resource's name, the row's
// version column and its create_time), create_time and update_time. An
// unreadable DATETIME follows db/rows.h's policy (DATA_LOSS).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/statement.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"

namespace samen {

// `r` has name() and set_etag(), mutable_create_time(), mutable_update_time();
// its name must be set first.
template <typename Resource>
void ReadStoredMetadata(sql::ResultSet& rs, Resource* r) {
  const absl::Time created = db::Datetime(rs, "create_time");
  r->set_etag(resource::MakeEtag(r->name(), rs.getInt64("version"), created));
  ToTimestamp(created, r->mutable_create_time());
  ToTimestamp(db::Datetime(rs, "update_time"), r->mutable_update_time());
}

// A page of a listing keyed by id: the rows of a query that asked for
// `limit` + 1, each read with `read(rs)` (a StatusOr<Resource>); when the
// extra row came, it is dropped and the page continues after the id of the
// last one kept (the part of its name after the last '/').
template <typename Resource, typename Read>
absl::StatusOr<resource::Page<Resource>> ReadIdPage(sql::ResultSet& rs,
                                                    int limit, Read read) {
  resource::Page<Resource> page;
  while (rs.next()) {
    ASSIGN_OR_RETURN(Resource item, read(rs));
    page.items.push_back(std::move(item));
  }
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    const std::string& name = page.items.back().name();
    page.next_key = name.substr(name.rfind('/') + 1);
  }
  return page;
}

// A page of a listing keyed by id, read as ReadIdPage does: the rows `select`
// ("SELECT <columns> FROM <tables>", text of the code) finds whose
// `id_column` comes after `after` (the id the previous page ended on, "" for
// the first page) and that meet `where`, in id order.
template <typename Resource, typename Read>
absl::StatusOr<resource::Page<Resource>> ListById(
    sql::Connection& c, absl::string_view select, absl::string_view id_column,
    const std::string& after, const db::Where& where, int limit, Read read) {
  auto ps = db::Prepare(
      c, absl::StrCat(
             select, " WHERE ", id_column, " > ?",
             where.empty() ? "" : absl::StrCat(" AND ", where.Conditions()),
             " ORDER BY ", id_column, " LIMIT ?"));
  ps->setString(1, after);
  ps->setInt(where.Bind(*ps, 2), limit + 1);
  db::Rows rs(ps->executeQuery());
  return ReadIdPage<Resource>(*rs, limit, read);
}

// The resource `collection`/`id` from the row `select` (text of the code that
// ends in a condition on the id: "SELECT ... FROM people p WHERE p.id = ?")
// finds for `id`, under its row lock (FOR UPDATE) with `lock`, read with
// `read` (the record, or a StatusOr of it); NOT_FOUND "<collection>/<id> does
// not exist" when there is none.
template <typename Read>
auto LoadById(sql::Connection& c, absl::string_view select,
              absl::string_view collection, const std::string& id, bool lock,
              Read read) {
  return db::ReadOne(
      db::ExecuteQuery(c, absl::StrCat(select, db::ForUpdate(lock)), id), read,
      [&] { return ResourceNotFound(absl::StrCat(collection, "/", id)); });
}

// Reads the child rows of several resources in one query: those `select`
// ("SELECT <parent_column>, ... FROM <table>", text of the code) finds whose
// `parent_column` holds the id of one of `parents` (the part of its name after
// the last '/'), in order of parent and `position`; calls `add(parent, row)`
// for each.
template <typename Resource, typename Add>
void LoadChildRows(sql::Connection& c, absl::string_view select,
                   absl::string_view parent_column,
                   const std::vector<Resource*>& parents, Add add) {
  if (parents.empty()) {
    return;
  }
  std::map<std::string, Resource*> by_id;
  for (Resource* p : parents) {
    by_id[p->name().substr(p->name().rfind('/') + 1)] = p;
  }
  db::Statement ps(c,
                   absl::StrCat(select, " WHERE ", parent_column, " IN (",
                                db::Placeholders(by_id.size()), ") ORDER BY ",
                                parent_column, ", position"),
                   /*cache=*/by_id.size() == 1);
  int i = 1;
  for (const auto& [id, p] : by_id) {
    ps->setString(i++, id);
  }
  db::Rows rs(ps->executeQuery());
  while (rs->next()) {
    add(*by_id[db::Str(*rs, parent_column)], *rs);
  }
}

// Pointers to each of `items`, for the loaders that fill in the child rows of
// several resources in one query.
template <typename Resource>
std::vector<Resource*> Pointers(std::vector<Resource>& items) {
  std::vector<Resource*> out;
  out.reserve(items.size());
  for (Resource& item : items) {
    out.push_back(&item);
  }
  return out;
}

}  // namespace samen

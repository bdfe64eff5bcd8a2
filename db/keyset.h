#pragma once

// Keyset paging: a list ordered by (sort column, id) continues after the last
// row of the previous page instead of skipping an OFFSET, so pages stay
// consistent while rows are added and cost the same however deep.
//
//   const db::Keyset keyset("e.start_time", "e.id");
//   db::Where w;
//   w.Add("e.coach_id = ?", {coach_id});
//   if (!keyset.AfterTimeKey(after, w)) { return <INVALID_ARGUMENT>; }
//   auto ps = db::Prepare(c, absl::StrCat(kSelect, w.Clause(),
//                                         keyset.OrderByLimit()));
//   ps->setInt64(w.Bind(*ps), db::Keyset::Fetch(limit));
//   ... read rows into items ...
//   if (db::TrimToPage(items, limit)) {
//     next_key = db::EncodeTimeKey(items.back().start, items.back().id);
//   }
//
// The id must be unique within equal sort values, and the sort column NOT NULL.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "db/where.h"

namespace samen::db {

// Where a page of a list sorted by time ended: that row's time and id.
struct TimeKey {
  absl::Time time;
  std::string id;
};

// "<unix microseconds>|<id>". The id may hold any character, '|' included.
std::string EncodeTimeKey(absl::Time time, absl::string_view id);
// The key EncodeTimeKey made; also reads "<DATETIME text>|<id>", the form some
// lists issued before. nullopt for anything else.
std::optional<TimeKey> DecodeTimeKey(absl::string_view key);

class Keyset {
 public:
  // Column expressions as the query writes them (constants of the code).
  Keyset(std::string sort_column, std::string id_column);

  // ANDs "(sort > ? OR (sort = ? AND id > ?))" to `where`: rows after the one
  // with these values.
  void After(const Where::Arg& sort, const Where::Arg& id, Where& where) const;
  // The same for a TimeKey from EncodeTimeKey; nothing for "" (the first page).
  // False, adding nothing, when `key` cannot be read.
  bool AfterTimeKey(absl::string_view key, Where& where) const;

  // " ORDER BY sort, id LIMIT ?": bind Fetch(page_size) to that placeholder.
  std::string OrderByLimit() const;
  // One row more than a page, to learn whether another page follows.
  static int64_t Fetch(int page_size) { return int64_t{page_size} + 1; }

 private:
  std::string sort_column_;
  std::string id_column_;
};

// Cuts `rows` (read with LIMIT Keyset::Fetch(page_size)) to the page; true when
// there was a row beyond it, so that a next page exists.
template <typename T>
bool TrimToPage(std::vector<T>& rows, int page_size) {
  if (page_size < 0 || rows.size() <= static_cast<size_t>(page_size)) {
    return false;
  }
  rows.resize(static_cast<size_t>(page_size));
  return true;
}

}  // namespace samen::db
